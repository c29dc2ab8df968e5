"""Notebook 03 (Xavier/Glorot): expected answers."""

import math

from . import Exercise

EXERCISES = [
    Exercise(
        "03.1",
        "Exercise 1",
        math.sqrt(6 / (784 + 256)),
        hint="Var(U[-a, a]) = a^2/3 must equal 2/(n_in + n_out).",
    ),
    Exercise(
        "03.2",
        "Exercise 2",
        (1 / 3) ** 4,
        hint="Backward, each layer multiplies the gradient's variance by n_out Var(w); "
        "what is that for U[-1/sqrt(n), 1/sqrt(n)]?",
    ),
]
