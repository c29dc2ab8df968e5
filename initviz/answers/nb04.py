"""Notebook 04 (He/Kaiming): expected answers, and the judge of the leaky-ReLU exercise."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import Exercise

#: Exercise 04.3's network: 40 hidden layers of 256 units, read off as the median of 8 networks.
DEPTH, WIDTH, NETWORKS = 40, 256, 8


def keeps_the_signal(answer: Any) -> bool:
    """Judge of 04.3: `answer = (a, g)`, a leaky slope 0 < a < 1 and a gain g > 0, is right when the
    measured rms(z_40) / rms(z_1) (32 inputs, median of 8 networks of width 256) is within a factor 2 of 1."""
    from ..lessons.kaiming import signal_drift  # imported on use: answers stay cheap to import

    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise ValueError(f"give a pair (a, g), for example (0.1, 1.4); got {answer!r}")
    a, g = (float(v) for v in answer)
    if not (math.isfinite(a) and 0 < a < 1):
        raise ValueError(f"the slope a must lie strictly between 0 and 1 (a leaky ReLU); got a={a!r}")
    if not (math.isfinite(g) and g > 0):
        raise ValueError(f"the gain g must be a positive number; got g={g!r}")
    drift = signal_drift(WIDTH, DEPTH, gain=g, slope=a, seeds=NETWORKS)
    return abs(float(np.median(drift[:, -1]))) <= 1.0


EXERCISES = [
    Exercise(
        "04.1",
        "Exercise 1",
        math.sqrt(2 / (1 + 0.2**2) / 256),
        hint="the gain is sqrt(2/(1 + a^2)); the std is gain / sqrt(fan_in).",
    ),
    Exercise(
        "04.2",
        "Exercise 2",
        6**-5,
        hint="each layer-to-layer step multiplies the variance by (1/2) n Var(w) with Var(w) = 1/(3n); "
        "the std by its square root; count the steps from layer 1 to layer 11.",
    ),
    Exercise(
        "04.3",
        "Exercise 3",
        hint="for a slope a, He's condition is (1/2)(1 + a^2) g^2 = 1; measure your pair in the cell above.",
        judge=keeps_the_signal,
    ),
]
