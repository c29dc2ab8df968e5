"""Notebook 03 (Xavier/Glorot): expected answers and judges."""

import math
import numbers

from . import Exercise


def _flat_over_20_tanh_layers(gain) -> bool:
    """Measure it: 20 tanh layers of 128, Xavier normal times `gain`; gradient std at layer 1 / at layer 20."""
    from ..lessons.xavier import layer_signals

    # numbers.Real: a NumPy float (from np.linspace, say) is a gain too
    if isinstance(gain, bool) or not isinstance(gain, numbers.Real) or not 0 < float(gain) <= 10:
        return False
    r = layer_signals("xavier_normal", "tanh", 20, 128, n=128, gain=float(gain))
    ratio = math.sqrt(r["grad_ms"][0] / r["grad_ms"][-1])
    return 0.8 <= ratio <= 1.25


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
    Exercise(
        "03.3",
        "Exercise 3",
        judge=_flat_over_20_tanh_layers,
        hint="gain 1 makes the layer-1 gradient about 0.2 of the top one, gain 5/3 several times larger: "
        "the flat gain lies in between. Measure the ratio for a few gains with xavier.layer_signals.",
    ),
]
