"""Notebook 05 (dying ReLU): expected answers and the judge of the change-and-observe exercise."""

from __future__ import annotations

from typing import Any

from . import Exercise

#: Exercise 3 asks for the bias to the slider's step: the answer must still leave fewer than 10%
#: dead, and one step further down must not.
BIAS_STEP = 0.05
DEAD_LIMIT = 0.10


def _dead(bias: float) -> float:
    from ..lessons.dying import dead_by_bias  # on first use: answers stay light to import

    return dead_by_bias(bias, 1.0)["total"]


def most_negative_safe_bias(answer: Any) -> bool:
    """Fewer than 10% of the bench net's units dead at bias `answer` (He weights, scale 1), and at
    least 10% one slider step (0.05) further down: the answer is the border, to the slider's step."""
    bias = float(answer)
    return _dead(bias) < DEAD_LIMIT <= _dead(bias - BIAS_STEP)


EXERCISES = [
    Exercise(
        "05.1",
        "Exercise 1",
        -1.4,
        rel=0.01,  # the exact answer is -1.4; -1.33 (5% off) would leave the corner (1, -1) switched on
        hint="the largest w·x over the square is |w1| + |w2| (at a corner); the unit is dead where that plus b is <= 0",
    ),
    Exercise(
        "05.2",
        "Exercise 2",
        13,
        rel=0,
        hint="solve 1 - (1 - 2**-N)**50 < 0.01 for the smallest whole N",
    ),
    Exercise(
        "05.3",
        "Exercise 3",
        hint="at that bias fewer than 10% must be dead, and at 0.05 below it 10% or more: "
        "step the explorer's bias slider down from 0 and read the percentage in the left title",
        judge=most_negative_safe_bias,
    ),
]
