"""diagnose's arguments, checked before any torch internals run: each error names the argument."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from .. import _checks

Loss = Callable[[Any, torch.Tensor], torch.Tensor]
IGNORE_INDEX = -100  # the label F.cross_entropy skips by default (padding in sequences)


@dataclass(frozen=True)
class Arguments:
    """What `diagnose` was asked, validated.

    `cross_entropy` is True for the default loss (and for a plain `F.cross_entropy` or
    `nn.CrossEntropyLoss()` passed as `loss`): then the initial loss has a chance level.
    """

    model: nn.Module
    x: torch.Tensor
    y: torch.Tensor
    loss: Loss
    cross_entropy: bool
    optimizer: Any  # a torch.optim.Optimizer, or None
    lr: float | None
    seed: int


def check(model: Any, x: Any, y: Any, loss: Any, optimizer: Any, lr: Any, seed: Any) -> Arguments:
    """Validate every argument of `diagnose`; a TypeError or ValueError names the first bad one."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    if next(model.parameters(), None) is None:
        raise ValueError("model has no parameters: there is no initialization to diagnose")
    _tensor("x", x)
    _tensor("y", y)
    if x.ndim == 0 or x.shape[0] < 2:
        raise ValueError(f"x must hold at least 2 samples along its first dimension; got shape {tuple(x.shape)}")
    if x.is_floating_point() and not bool(torch.isfinite(x).all()):
        raise ValueError("x holds inf or NaN; diagnose needs finite inputs")
    if y.ndim == 0 or y.shape[0] != x.shape[0]:
        raise ValueError(
            f"x and y do not match: x has {x.shape[0]} samples (shape {tuple(x.shape)}), "
            f"y has shape {tuple(y.shape)}; y needs one target per sample of x"
        )
    seed = _checks.integer("seed", seed, minimum=0)
    if lr is not None:
        lr = _checks.finite("lr", lr, above=0.0)
    if optimizer is not None:
        if lr is not None:
            raise ValueError(
                f"give optimizer or lr, not both: lr={lr!r} is the shorthand for plain SGD, and "
                f"optimizer={type(optimizer).__name__} has its own learning rate"
            )
        _optimizer(optimizer, model)
    if loss is not None and not callable(loss):
        raise TypeError(f"loss must be a callable (output, y) -> scalar tensor, such as F.mse_loss; got {loss!r}")
    cross_entropy = loss is None or _is_plain_cross_entropy(loss)
    return Arguments(model, x, y, loss or cross_entropy_last_dim, cross_entropy, optimizer, lr, seed)


def cross_entropy_last_dim(output: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The default loss: cross-entropy over the last dimension, (n, C) with (n,) or (n, T, V) with (n, T)."""
    return nn.functional.cross_entropy(output.reshape(-1, output.shape[-1]), y.reshape(-1))


def _tensor(name: str, value: Any) -> None:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor; got {type(value).__name__}")


def _optimizer(optimizer: Any, model: nn.Module) -> None:
    """A torch.optim.Optimizer over parameters of `model` (torch.optim is imported if one was built)."""
    optim = sys.modules.get("torch.optim")
    if optim is None or not isinstance(optimizer, optim.Optimizer):
        raise TypeError(
            f"optimizer must be a torch.optim.Optimizer built on the model's parameters, "
            f"such as torch.optim.Adam(model.parameters(), lr=1e-3); got {type(optimizer).__name__}"
        )
    own = {id(p) for p in model.parameters()}
    foreign = sum(id(p) not in own for group in optimizer.param_groups for p in group["params"])
    if foreign:
        raise ValueError(
            f"optimizer holds {foreign} parameter(s) that are not the model's: build it on model.parameters()"
        )


def _is_plain_cross_entropy(loss: Any) -> bool:
    """F.cross_entropy, or nn.CrossEntropyLoss() with its defaults (no weights, no smoothing, mean)."""
    if loss is nn.functional.cross_entropy:
        return True
    return (
        isinstance(loss, nn.CrossEntropyLoss)
        and loss.weight is None
        and loss.label_smoothing == 0.0
        and loss.reduction == "mean"
        and loss.ignore_index == IGNORE_INDEX
    )


def check_classes(output: Any, y: torch.Tensor, every_label: torch.Tensor) -> int:
    """For the cross-entropy: output (..., C) logits, y (...) and all the labels in 0 .. C-1; returns C."""
    if not isinstance(output, torch.Tensor) or not output.is_floating_point():
        raise ValueError(
            f"model(x) must return a float tensor of logits for the cross-entropy; got {type(output).__name__}"
        )
    if output.ndim < 2 or output.shape[-1] < 2:
        raise ValueError(
            f"model output must be logits of shape (n, C) or (n, T, C) with C >= 2 classes; "
            f"got shape {tuple(output.shape)} (for a regression, pass loss=F.mse_loss)"
        )
    n_classes = output.shape[-1]
    if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
        raise ValueError(
            f"y must hold class labels (an integer tensor, int64) for the cross-entropy; got dtype {y.dtype} "
            f"(for a regression, pass loss=F.mse_loss)"
        )
    if tuple(y.shape) != tuple(output.shape[:-1]):
        raise ValueError(
            f"y has shape {tuple(y.shape)} but the logits have shape {tuple(output.shape)}: "
            f"y needs one label per row of logits, shape {tuple(output.shape[:-1])}"
        )
    labels = every_label[every_label != IGNORE_INDEX]
    if labels.numel() == 0:
        raise ValueError(f"y holds no label: every entry is the ignored label {IGNORE_INDEX}")
    low, high = int(labels.min()), int(labels.max())
    if low < 0 or high >= n_classes:
        raise ValueError(
            f"y holds labels from {low} to {high}, but the model outputs {n_classes} classes: "
            f"labels must be in 0 .. {n_classes - 1}"
        )
    return n_classes
