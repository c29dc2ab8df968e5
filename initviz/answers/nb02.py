"""Notebook 02 (gradients are products): expected answers and judges."""

import numbers

from . import Exercise


def _explodes_1000_to_10000_times(depth) -> bool:
    """Measure it: a ReLU net of `depth` hidden layers, width 128, s = 2; layer-1 gradient / layer-L gradient."""
    from ..lessons.products import gradient_norms

    # numbers.Real: a NumPy integer (from np.argmax, say) is a whole number of layers too
    if isinstance(depth, bool) or not isinstance(depth, numbers.Real):
        return False
    layers = float(depth)
    if not 2 <= layers <= 200 or layers != int(layers):
        return False
    r = gradient_norms(int(layers), 128, "relu", 2.0)
    ratio = r["grad_z"][0] / r["grad_z"][-1]
    return 1e3 <= ratio <= 1e4


EXERCISES = [
    Exercise(
        "02.1",
        "Exercise 1",
        44,
        rel=0,
        abs_=0.5,
        hint="find the smallest L with 0.9 ** L < 0.01, e.g. with a loop, or with logarithms.",
    ),
    Exercise("02.2", "Exercise 2", 1000 ** (1 / 30), rel=0.002, hint="solve s ** 30 = 1000 for s."),
    Exercise(
        "02.3",
        "Exercise 3",
        judge=_explodes_1000_to_10000_times,
        hint="a whole number of layers: each ReLU layer at s = 2 multiplies the gradient's std by about sqrt(2), "
        "so look for sqrt(2) ** (L - 1) between 1000 and 10000, then measure.",
    ),
]
