"""Notebook 00 (start here): expected answers, hints and judges."""

from __future__ import annotations

import math

from . import Exercise


def _keeps_relu_signal(scale: float) -> bool:
    """A 20-layer ReLU net of width 128 with weights N(0, scale^2/n): layer 20's std within x2 of layer 1's."""
    from ..lessons.signal import signal_by_depth  # imported on use: checking an answer trains nothing else

    s = float(scale)
    if not math.isfinite(s) or s <= 0:
        return False
    forward = signal_by_depth(20, 128, "relu", s)["forward"]
    return 0.5 <= forward[-1] / forward[0] <= 2.0


EXERCISES = [
    Exercise(
        "00.1",
        "Exercise 1",
        0.5,
        hint="19 equal steps on the log axis take 0.5 to 8.2e-7: the factor f solves 0.5 * f**19 = 8.2e-7.",
    ),
    Exercise(
        "00.2",
        "Exercise 2",
        hint="ReLU sets half of its inputs to 0, so each layer keeps only half of the mean square. "
        "Which s**2 gives it back? Try the scales between 1.25 and 1.5 on the slider.",
        judge=_keeps_relu_signal,
    ),
]
