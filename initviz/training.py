"""A small, honest training loop: SGD on cross-entropy, divergence recorded, never raised."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import nn

from . import _checks
from .data import check_xy
from .nets import linear_layers


@dataclass
class History:
    """What `train` saw, one entry per step (the loss and accuracy before that step's update).

    After a divergence the remaining steps are not run: `loss` and `accuracy` stop
    early, `diverged` is True and `diverged_at` is the step whose loss was inf or NaN.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    diverged: bool = False
    diverged_at: int | None = None

    @property
    def final_loss(self) -> float:
        """The last recorded loss (inf or NaN after a divergence)."""
        return self.loss[-1] if self.loss else math.nan

    @property
    def final_accuracy(self) -> float:
        """The last recorded accuracy."""
        return self.accuracy[-1] if self.accuracy else math.nan


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of samples whose largest logit is the true class."""
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def train(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    steps: int,
    lr: float,
    batch_size: int | None = None,
    seed: int = 0,
    momentum: float = 0.0,
) -> History:
    """Train `model` in place with SGD on cross-entropy; returns its `History`.

    Full-batch by default; with `batch_size`, minibatches drawn from `seed`. Loss and
    accuracy are measured on the whole of `x` at every step. A non-finite loss or
    parameter stops training and is recorded as `diverged=True`, not raised.
    """
    check_xy(x, y, linear_layers(model)[0].in_features)
    steps = _checks.integer("steps", steps, minimum=0)
    lr = _checks.finite("lr", lr, above=0.0)
    momentum = _checks.finite("momentum", momentum, minimum=0.0)
    if batch_size is not None:
        batch_size = _checks.integer("batch_size", batch_size, minimum=1)
    seed = _checks.integer("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    # SGD by hand, the update rule of torch.optim.SGD (dampening 0, no Nesterov): creating a
    # torch.optim optimizer imports torch._dynamo, which costs seconds per notebook kernel.
    velocity = [torch.zeros_like(p) for p in params] if momentum else []
    history = History()
    for step in range(steps):
        logits = model(x)
        loss = nn.functional.cross_entropy(logits, y)
        history.loss.append(loss.item())
        history.accuracy.append((logits.argmax(1) == y).float().mean().item())
        if not math.isfinite(history.loss[-1]):  # non-finite parameters show up here one step later
            history.diverged, history.diverged_at = True, step
            return history
        if batch_size is not None and batch_size < len(x):
            idx = torch.randperm(len(x), generator=generator)[:batch_size]
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        grads = torch.autograd.grad(loss, params, allow_unused=True)
        with torch.no_grad():
            for i, (p, g) in enumerate(zip(params, grads)):
                if g is None:
                    continue
                if momentum:
                    g = velocity[i].mul_(momentum).add_(g)
                p.add_(g, alpha=-lr)
    if steps and not all(torch.isfinite(p).all() for p in params):
        history.loss.append(math.nan)
        history.accuracy.append(accuracy(model, x, y))
        history.diverged, history.diverged_at = True, steps
    return history
