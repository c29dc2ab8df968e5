"""Lesson 02's figures: the gradient reaching each layer of a chain of one-weight layers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..style import PALETTE
from . import new_figure

_CHAIN_YLIM = (1e-16, 1e16)


def chain_figure() -> tuple[Figure, Callable[[dict], None]]:
    """The chain explorer's figure and its `draw(result)` for a `lessons.products.scalar_chain` result.

    The gradient reaching layer l is w^(L-l): a straight line on a log axis, up for
    w > 1, down for w < 1, flat only at w = 1. Only the changing artists are redrawn.
    """
    fig, (ax,) = new_figure(1, width=7.2, height=4.0, title=" ")
    (reference,) = ax.plot([], [], color="grey", linestyle=":", linewidth=1.5, label="w = 1: stays 1")
    (line,) = ax.plot([], [], linestyle="-", marker="o")
    note = ax.annotate(
        "",
        (0, 1),
        xycoords="data",
        xytext=(0.06, 0.1),
        textcoords="axes fraction",
        fontweight="bold",
        va="center",
        arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 1.2},
    )
    ax.set(yscale="log", ylim=_CHAIN_YLIM, ylabel="gradient reaching layer l")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))

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
        note.set_position((0.06, 0.9 if w < 1 else 0.1))
        ax.set(xlim=(-0.5, depth + 0.5), xlabel=f"layer l (0 = input, L = {depth} = top)")
        ax.legend(frameon=False, loc="lower right" if w >= 1 else "upper right")
        trend = "explodes" if w > 1 else "vanishes" if w < 1 else "neither vanishes nor explodes"
        fig.suptitle(f"w = {w:g}, L = {depth}: the gradient {trend}", fontweight="bold")

    return fig, draw
