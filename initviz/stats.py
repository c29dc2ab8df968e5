"""Per-layer statistics of a forward (and backward) pass: the numbers every lesson looks at."""

from __future__ import annotations

import torch
from torch import nn

from .data import check_xy
from .recorder import SATURATION, LayerRecord, record, summarize

LayerStats = LayerRecord  # the public name of the one record type
__all__ = ["SATURATION", "LayerStats", "layer_stats"]


def layer_stats(model: nn.Module, x: torch.Tensor, y: torch.Tensor | None = None) -> list[LayerStats]:
    """One record per hidden layer of `model` on inputs `x` (and, with labels `y`, gradients).

    A hidden layer is an activation module (`nn.ReLU`, `nn.Tanh`, ..., `nn.Identity` for
    "linear"), in the order the forward pass calls it; its pre-activation z is the
    module's input (after a BatchNorm, if one comes first). Works on any module tree.
    - `pre_std`: std of z;
    - `act_mean`, `act_std`: mean and std of its activations;
    - `dead_fraction`: fraction of units that output exactly 0 for every sample of `x`;
    - `saturated_fraction`: fraction of activations in a flat tail (|tanh| > 0.97,
      sigmoid outside [0.03, 0.97]); 0 for other activations;
    - `grad_std` (only with `y`): std of d(cross-entropy)/dz over samples and units.
    The model's parameters and their `.grad` are left as they were.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    first = next((m for m in model.modules() if not list(m.children()) and any(True for _ in m.parameters())), None)
    if isinstance(first, nn.Linear):  # an MLP: x must be (n, features) and y labels
        check_xy(x, y, first.in_features)
    rec = record(model, x)
    grads: list[torch.Tensor | None] = [None] * len(rec.layers)
    if y is not None and rec.layers:
        with torch.enable_grad():
            grads = rec.gradients(nn.functional.cross_entropy(rec.output, y))
    return [summarize(layer, grad, with_grad=y is not None) for layer, grad in zip(rec.layers, grads)]
