"""Per-layer statistics of a forward (and backward) pass: the numbers every lesson looks at."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

from .data import check_xy
from .nets import linear_layers

SATURATION = {"tanh": (-0.97, 0.97), "sigmoid": (0.03, 0.97)}


@dataclass(frozen=True)
class LayerStats:
    """Statistics of one hidden layer (a Linear layer followed by an activation)."""

    layer: int
    width: int
    pre_std: float
    act_mean: float
    act_std: float
    dead_fraction: float
    saturated_fraction: float
    grad_std: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _activation_name(module: nn.Module) -> str:
    if isinstance(module, nn.Tanh):
        return "tanh"
    if isinstance(module, nn.Sigmoid):
        return "sigmoid"
    return type(module).__name__.lower()


def _saturated_fraction(act: torch.Tensor, name: str) -> float:
    if name not in SATURATION:
        return 0.0
    low, high = SATURATION[name]
    return ((act < low) | (act > high)).float().mean().item()


def layer_stats(model: nn.Sequential, x: torch.Tensor, y: torch.Tensor | None = None) -> list[LayerStats]:
    """One record per hidden layer of `model` on inputs `x` (and, with labels `y`, gradients).

    A hidden layer is a Linear with the modules after it up to the next Linear (an
    activation, maybe a BatchNorm before it); residual blocks are not looked into
    (`initviz.diagnose` handles any module).
    - `pre_std`: std of the input of the layer's activation (z = W a + b, or its BatchNorm);
    - `act_mean`, `act_std`: mean and std of its activations;
    - `dead_fraction`: fraction of units that output exactly 0 for every sample of `x`;
    - `saturated_fraction`: fraction of activations in a flat tail (|tanh| > 0.97,
      sigmoid outside [0.03, 0.97]); 0 for other activations;
    - `grad_std` (only with `y`): std of d(cross-entropy)/dz over samples and units.
    The model's parameters and their `.grad` are left as they were.
    """
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be a torch.nn.Sequential (as built by initviz.mlp); got {type(model).__name__}")
    check_xy(x, y, linear_layers(model)[0].in_features)
    # A hidden layer is a Linear and the modules after it, up to the next Linear (an activation,
    # maybe a BatchNorm before it). Its pre-activation is the input of the group's last module.
    blocks: list[list[nn.Module]] = []
    for module in model:
        if isinstance(module, nn.Linear) or not blocks:
            blocks.append([module])
        else:
            blocks[-1].append(module)
    pre: list[torch.Tensor] = []
    acts: list[tuple[torch.Tensor, str]] = []
    h = x
    with torch.enable_grad():
        for block in blocks:
            for module in block[:-1]:
                h = module(h)
            if len(block) > 1:
                h.retain_grad()
                pre.append(h)
            h = block[-1](h)
            if len(block) > 1:
                acts.append((h, _activation_name(block[-1])))
        grads: list[torch.Tensor | None] = [None] * len(pre)
        if y is not None and pre:
            grads = list(torch.autograd.grad(nn.functional.cross_entropy(h, y), pre, allow_unused=True))
    records = []
    for k, (z, (a, name)) in enumerate(zip(pre, acts)):
        z, a = z.detach(), a.detach()
        g = grads[k]
        records.append(LayerStats(
            layer=k + 1,
            width=z.shape[1],
            pre_std=z.std().item(),
            act_mean=a.mean().item(),
            act_std=a.std().item(),
            dead_fraction=(a == 0).all(dim=0).float().mean().item(),
            saturated_fraction=_saturated_fraction(a, name),
            grad_std=None if y is None else (0.0 if g is None else g.std().item()),
        ))
    return records
