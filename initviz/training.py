"""A small, honest training loop: SGD or Adam on cross-entropy, divergence recorded, never raised."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import nn

from . import _checks
from .data import check_xy
from .nets import linear_layers

OPTIMIZERS = ("sgd", "adam")
ADAM_BETAS, ADAM_EPS = (0.9, 0.999), 1e-8  # torch.optim.Adam's defaults


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
    optimizer: str = "sgd",
) -> History:
    """Train `model` in place on cross-entropy with SGD (or Adam); returns its `History`.

    Full-batch by default; with `batch_size`, minibatches drawn from `seed`. Loss and
    accuracy are measured on the whole of `x` at every step. A non-finite loss or
    parameter stops training and is recorded as `diverged=True`, not raised.
    `optimizer="sgd"` (with `momentum`) or `"adam"` (torch.optim.Adam's update rule with
    its default betas (0.9, 0.999) and eps 1e-8, no weight decay).
    """
    check_xy(x, y, linear_layers(model)[0].in_features)
    steps = _checks.integer("steps", steps, minimum=0)
    lr = _checks.finite("lr", lr, above=0.0)
    momentum = _checks.finite("momentum", momentum, minimum=0.0)
    optimizer = _checks.one_of("optimizer", optimizer, OPTIMIZERS)
    if optimizer == "adam" and momentum:
        raise ValueError(f"momentum={momentum!r} is for optimizer='sgd'; Adam has its own (beta1 = {ADAM_BETAS[0]})")
    if batch_size is not None:
        batch_size = _checks.integer("batch_size", batch_size, minimum=1)
    seed = _checks.integer("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    # SGD and Adam by hand, the update rules of torch.optim.SGD (dampening 0, no Nesterov) and
    # torch.optim.Adam: creating a torch.optim optimizer imports torch._dynamo, seconds per kernel.
    update = _adam(params, lr) if optimizer == "adam" else _sgd(params, lr, momentum)
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
        update(torch.autograd.grad(loss, params, allow_unused=True))
    if steps and not all(torch.isfinite(p).all() for p in params):
        history.loss.append(math.nan)
        history.accuracy.append(accuracy(model, x, y))
        history.diverged, history.diverged_at = True, steps
    return history


Update = Callable[[Sequence[torch.Tensor | None]], None]


def _sgd(params: list[nn.Parameter], lr: float, momentum: float) -> Update:
    """torch.optim.SGD's step: p -= lr * (g, or the velocity m * v + g with momentum)."""
    velocity = [torch.zeros_like(p) for p in params] if momentum else []

    @torch.no_grad()
    def step(grads: Sequence[torch.Tensor | None]) -> None:
        for i, (p, g) in enumerate(zip(params, grads)):
            if g is None:
                continue
            if momentum:
                g = velocity[i].mul_(momentum).add_(g)
            p.add_(g, alpha=-lr)

    return step


def _adam(params: list[nn.Parameter], lr: float) -> Update:
    """torch.optim.Adam's step (single-tensor form): bias-corrected first and second moments."""
    (beta1, beta2), eps = ADAM_BETAS, ADAM_EPS
    avg = [torch.zeros_like(p) for p in params]
    avg_sq = [torch.zeros_like(p) for p in params]
    counts = [0] * len(params)

    @torch.no_grad()
    def step(grads: Sequence[torch.Tensor | None]) -> None:
        for i, (p, g) in enumerate(zip(params, grads)):
            if g is None:
                continue
            counts[i] += 1
            avg[i].lerp_(g, 1 - beta1)
            avg_sq[i].mul_(beta2).addcmul_(g, g, value=1 - beta2)
            denom = (avg_sq[i].sqrt() / math.sqrt(1 - beta2 ** counts[i])).add_(eps)
            p.addcdiv_(avg[i], denom, value=-lr / (1 - beta1 ** counts[i]))

    return step
