"""Figures of the signal lesson: per-layer std forward and backward, measured beside theory."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import by_depth, layer_limits, new_figure, reset

#: The y labels of the forward and backward panels.
FORWARD_LABEL = "std of pre-activations $z$"
BACKWARD_LABEL = r"std of gradient $\partial L / \partial z$"


def _factor(value: float) -> str:
    """A change as a factor, "×0.17"; "inf/NaN" where a run overflowed."""
    if not math.isfinite(value):
        return "inf/NaN"
    return f"×{value:.2g}" if value > 0 else "×0"


def headline(r: dict) -> str:
    """What the figure shows, as its title: by what factor the signal changes from the first layer to the
    last, and the gradient from the last layer to the first."""
    forward, backward = np.asarray(r["forward"], dtype=float), np.asarray(r["backward"], dtype=float)
    with np.errstate(all="ignore"):
        f, b = forward[-1] / forward[0], backward[0] / backward[-1]
    setting = f"{r['activation']}, s = {r['scale']:g}, {len(forward)} layers"
    return f"{setting}: signal {_factor(f)} forward, gradient {_factor(b)} backward"


def move_lines(ax: Axes, label: str, measured: np.ndarray, predicted: np.ndarray) -> bool:
    """Give the two lines an earlier `by_depth` drew on `ax` new values and labels, in place.

    Four times cheaper than emptying the panel and drawing it again, and the same
    picture. Returns False, changing nothing, where `by_depth` would draw more than two
    lines: on the first draw, and where a value is not finite or not positive (it
    marks those), so the caller draws afresh.
    """
    lines = ax.get_lines()
    measured, predicted = np.asarray(measured, dtype=float), np.asarray(predicted, dtype=float)
    if (
        len(lines) != 2
        or ax.texts
        or not (np.isfinite(measured).all() and (measured > 0).all() and np.isfinite(predicted).all())
    ):
        return False
    line, theory = lines
    line.set_data(np.arange(1, len(measured) + 1), measured)
    line.set_label(label)
    theory.set_data(np.arange(1, len(predicted) + 1), predicted)
    theory.set_label(f"{label}: theory")
    ax.relim()
    ax.autoscale_view()
    ax.set_xlim(*layer_limits(1, len(measured)))
    ax.legend(frameon=False)
    return True


def signal_panels() -> tuple[Figure, Callable[[dict], None]]:
    """The explorer's figure (forward panel, backward panel) and its draw function.

    `draw(result)` takes what `initviz.lessons.signal.signal_by_depth` returns: measured
    lines with markers, the mean-field prediction dotted, redrawn in place where it can.
    """
    fig, (ax_f, ax_b) = new_figure(2, width=4.6, height=3.6, title="Signal scale through depth")

    def draw(r: dict) -> None:
        label = f"{r['activation']}, s={r['scale']:g}"
        for ax, measured, predicted, ylabel, title in (
            (ax_f, r["forward"], r["predicted_forward"], FORWARD_LABEL, "forward"),
            (ax_b, r["backward"], r["predicted_backward"], BACKWARD_LABEL, "backward"),
        ):
            if not move_lines(ax, label, measured, predicted):
                reset(ax)  # not ax.clear(): that rebuilds every tick, 16 ms a panel
                by_depth(ax, {label: measured}, predicted={label: predicted}, ylabel=ylabel, title=title)
        fig.suptitle(headline(r), fontweight="bold")

    return fig, draw
