"""Notebook 06 (saturation): expected answers and the judge of the change-and-observe exercise."""

from __future__ import annotations

from typing import Any

from . import Exercise

#: Exercise 3: any scale within 10% below the largest one that keeps under 5% of tanh units saturated.
SATURATED_LIMIT = 0.05
WITHIN = 0.10


def _saturated(scale: float) -> float:
    from ..lessons.saturation import saturated_overall  # on first use: answers stay light to import

    return saturated_overall(scale, "tanh")


def largest_unsaturated_scale(answer: Any) -> bool:
    """Under 5% of all tanh activations of the explorer's net saturated at scale `answer`, and 5% or
    more at `answer / 0.9`: the answer is below the border s*, by at most 10% of s* (s >= 0.9 s*)."""
    scale = float(answer)
    return scale > 0 and _saturated(scale) < SATURATED_LIMIT <= _saturated(scale / (1 - WITHIN))


EXERCISES = [
    Exercise(
        "06.1",
        "Exercise 1",
        10,
        rel=0,
        hint="solve 0.25**L < 1e-6: L > 6 / log10(4)",
    ),
    Exercise(
        "06.2",
        "Exercise 2",
        0.2956,
        rel=0.02,
        hint="saturated means |z| > atanh(0.97) ≈ 2.09; P(|z| > c) = 2 (1 - Φ(c / 2))",
    ),
    Exercise(
        "06.3",
        "Exercise 3",
        hint="at your s fewer than 5% may be saturated, and at s / 0.9 5% or more: "
        "try s = 1, 1.2, 1.4, ... with saturation.saturated_overall(s)",
        judge=largest_unsaturated_scale,
    ),
]
