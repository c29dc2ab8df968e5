"""Lesson 04's figures: the forward/backward signal of a (leaky) ReLU stack beside He's prediction."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

from ..lessons.kaiming import he_gain
from . import by_depth, new_figure, reset


def log_limits(values: np.ndarray, min_decades: float = 2.0) -> tuple[float, float]:
    """y-limits for a log axis around `values` spanning at least `min_decades`, so that
    finite-width wiggles around a flat prediction are not blown up to fill the panel."""
    v = values[np.isfinite(values) & (values > 0)]
    if v.size == 0:
        return 0.1, 10.0
    lo, hi = float(v.min()), float(v.max())
    if hi / lo < 10**min_decades:
        centre = math.sqrt(lo * hi)
        lo, hi = centre / 10 ** (min_decades / 2), centre * 10 ** (min_decades / 2)
    return lo / 1.5, hi * 1.5


def signal_figure() -> tuple[Figure, Callable[[dict], None]]:
    """The explorer's figure (forward and backward panels) and `draw(result)` for a `relu_signal` result."""
    fig, (ax_f, ax_b) = new_figure(2, width=4.8, height=3.7, title="Signal scale through a (leaky) ReLU stack")

    def draw(r: dict) -> None:
        for ax in (ax_f, ax_b):
            reset(ax)
        label = "ReLU" if r["slope"] == 0 else f"leaky ReLU a={r['slope']:g}"
        by_depth(
            ax_f,
            {label: r["forward"]},
            predicted={label: r["predicted_forward"]},
            ylabel="std of pre-activations z",
            title="forward",
        )
        by_depth(
            ax_b,
            {label: r["backward"]},
            predicted={label: r["predicted_backward"]},
            ylabel="std of gradient dL/dz",
            title="backward",
        )
        for ax, keys in ((ax_f, ("forward", "predicted_forward")), (ax_b, ("backward", "predicted_backward"))):
            ax.set_ylim(*log_limits(np.concatenate([r[k] for k in keys])))
        change = r["factor"] ** ((r["depth"] - 1) / 2)
        fig.suptitle(
            f"gain {r['gain']:g} (He: {he_gain(r['slope']):.3f}): variance x{r['factor']:.3f} per layer, "
            f"std x{change:.2g} over {r['depth']} layers",
            fontweight="bold",
        )

    return fig, draw
