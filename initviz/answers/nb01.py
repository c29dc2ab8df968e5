"""Notebook 01 (zero init and symmetry): expected answers, hints and judges."""

from __future__ import annotations

import math

from . import Exercise

#: Exercise 3: the noise must stay below this, and the units must split within this many steps.
NOISE_BELOW, WITHIN_STEPS = 0.005, 100


def _splits_in_time(noise: float) -> bool:
    """Whether the constant-plus-noise net of section 4 splits apart within WITHIN_STEPS steps."""
    from ..lessons.symmetry import symmetry_run  # imported on use: checking an answer trains nothing else

    noise = float(noise)
    if not (math.isfinite(noise) and 0 < noise < NOISE_BELOW):
        return False
    return symmetry_run(noise, WITHIN_STEPS)["split_at"] is not None


EXERCISES = [
    Exercise(
        "01.1",
        "Exercise 1",
        False,
        hint="dropout silences its own random set of units at each step. Do the units then get the same gradient?",
    ),
    Exercise(
        "01.2",
        "Exercise 2",
        1,
        hint="every unit of layer 1 is the same, so every unit of layer 2 sees the same 16 equal inputs "
        "through the same weights.",
    ),
    Exercise(
        "01.3",
        "Exercise 3",
        hint=f"the noise must be above 0 and below {NOISE_BELOW:g}. Section 4: 1e-4 splits at step 123, and each "
        "factor 10 more noise saves about 33 steps. Try symmetry_run(noise, steps=100)['split_at'].",
        judge=_splits_in_time,
    ),
]
