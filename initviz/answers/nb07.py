"""Notebook 07 (putting it together): judges that rerun the learner's change and measure it."""

from __future__ import annotations

import functools
import math
from typing import Any

from . import Exercise

WIDTHS = [2] + [32] * 6 + [2]  # section 1's network
LR = 0.05  # section 1's learning rate


def _data() -> Any:
    import initviz

    return initviz.data.circles(n=200, seed=1)


def cures_over_confidence(factor: Any) -> bool:
    """Exercise 1: the tanh N(0, 1) network with its output layer times `factor` starts with an OK loss."""
    import torch

    import initviz

    factor = float(factor)
    if not math.isfinite(factor):
        return False
    model = initviz.mlp(WIDTHS, "tanh", "normal", scale=1.0, seed=0)
    output_layer = model[-1]
    assert isinstance(output_layer, torch.nn.Linear)
    with torch.no_grad():
        output_layer.weight.mul_(factor)
    x, y = _data()
    return initviz.diagnose(model, x, y)["initial loss"].verdict == "OK"


@functools.cache  # one diagnosis, the same for every answer checked in a kernel
def typical_he_ratio() -> float:
    """Exercise 2: the typical update:data ratio of section 1's He + ReLU network for one SGD step at LR."""
    import initviz

    x, y = _data()
    return initviz.diagnose(initviz.mlp(WIDTHS, "relu", "he_normal", seed=0), x, y, lr=LR).typical_update_ratio


def brings_typical_ratio_to_target(lr: Any) -> bool:
    """Exercise 2: `lr` puts the typical (median) ratio at 1e-3, within 2% (the ratio is linear in lr)."""
    return math.isclose(float(lr), LR * 1e-3 / typical_he_ratio(), rel_tol=0.02)


EXERCISES = [
    Exercise(
        "07.1",
        "Exercise 1",
        hint="the logits start with a std of about 6; the loss is near chance when they are well below 1.",
        judge=cures_over_confidence,
    ),
    Exercise(
        "07.2",
        "Exercise 2",
        hint="the ratio is proportional to lr: scale LR by 1e-3 over the typical ratio "
        "(he_report.typical_update_ratio).",
        judge=brings_typical_ratio_to_target,
    ),
]
