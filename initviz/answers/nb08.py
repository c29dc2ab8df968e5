"""Notebook 08 (beyond the MLP): expected answers and judges."""

import math

from . import Exercise


def _tames_the_stream(change) -> bool:
    """The stream of the 32-block stack, no norm, grows by a factor 1.2 .. 2 in std: tamed, not switched off."""
    from ..lessons.residual import growth_after

    return 1.2 <= growth_after(change, 32) <= 2.0


EXERCISES = [
    Exercise(
        "08.1",
        "Exercise 1",
        math.sqrt(2 / (128 * 3 * 3)),
        rel=0.01,
        hint="mode='fan_out' uses fan_out = C_out k^2; He's variance is 2 / fan.",
    ),
    Exercise(
        "08.2",
        "Exercise 2",
        hint="scaling fc2.weight by s makes each block multiply the stream's variance by 1 + 2 s^2; "
        "you need (1 + 2 s^2)^32 between 1.2^2 and 2^2.",
        judge=_tames_the_stream,
    ),
]
