"""Lesson 02's figures: the gradient reaching each layer of a chain of one-weight layers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from ..style import PALETTE
from . import layer_limits, new_figure


def chain_limits(gradient: np.ndarray) -> tuple[float, float]:
    """Log-axis limits fitting the gradients and the reference 1, with room around them, two decades at least."""
    values = np.append(np.asarray(gradient, dtype=float), 1.0)
    values = values[np.isfinite(values) & (values > 0)]
    lo, hi = float(values.min()) / 3, float(values.max()) * 3
    if hi / lo < 100:
        lo, hi = lo / np.sqrt(100 * lo / hi), hi * np.sqrt(100 * lo / hi)
    return lo, hi


def chain_figure() -> tuple[Figure, Callable[[dict], None]]:
    """The chain explorer's figure and its `draw(result)` for a `lessons.products.scalar_chain` result.

    The gradient reaching layer l is w^(L-l): a straight line on a log axis, up for
    w > 1, down for w < 1, flat only at w = 1. The y-axis fits the values shown (so 2^9
    fills the panel instead of 3 of 32 decades). Only the changing artists are redrawn.
    """
    with style.context():  # artists built here keep the course's fonts and sizes, setup() or not
        fig, (ax,) = new_figure(1, width=7.2, height=4.0, title=" ")
        (reference,) = ax.plot([], [], color="grey", linestyle=":", linewidth=1.5, label="w = 1: stays 1")
        (line,) = ax.plot([], [], linestyle="-", marker="o")
        note = ax.annotate(
            "",
            (0, 1),
            xycoords="data",
            xytext=(0.06, 0.3),
            textcoords="axes fraction",
            fontweight="bold",
            va="center",
            arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 1.2},
        )
        ax.set(yscale="log", ylabel="gradient reaching layer $l$")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))

    def draw(r: dict) -> None:
        layer, grad, w, depth = r["layer"], r["gradient"], r["w"], r["depth"]
        reference.set_data(layer, np.ones_like(grad))
        line.set_data(layer, grad)
        line.set(
            color=PALETTE[0] if w >= 1 else PALETTE[3],
            markevery=max(1, len(layer) // 25),
            label=f"w = {w:g}: gradient = $w^{{L-l}}$",
        )
        note.xy = (0, grad[0])
        note.set_text(f"layer 0 gets $w^{{{depth}}}$ = {grad[0]:.3g}")
        note.set_position((0.06, 0.7 if w < 1 else 0.3))
        ax.set(xlim=layer_limits(0, depth), ylim=chain_limits(grad), xlabel="layer $l$ (0 = input, $L$ = top)")
        ax.legend(frameon=False, loc="lower right" if w < 1 else "upper right")  # where the line is not
        trend = "explodes" if w > 1 else "vanishes" if w < 1 else "neither vanishes nor explodes"
        fig.suptitle(f"w = {w:g}, L = {depth}: the gradient {trend}", fontweight="bold")

    return fig, draw
