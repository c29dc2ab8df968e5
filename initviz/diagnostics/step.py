"""One real optimizer step on diagnose's copy of the model: the update:data ratio of each weight tensor.

With the learner's `optimizer`, the step is taken by a new optimizer of the same class with
the same param groups (hyperparameters included) and a deep copy of its state, on the
copy's parameters: the learner's optimizer and model are never touched. With `lr` alone
it is one plain SGD step, `lr * grad`, computed by hand (building a torch.optim optimizer
imports torch._dynamo, which costs seconds the first time).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import nn

from .arguments import Arguments
from .table import SETTINGS


@dataclass(frozen=True)
class Update:
    """The first step: which optimizer, and per weight tensor std(update) / std(weights)."""

    optimizer: str  # "SGD" for the lr shorthand, else the optimizer's class name
    lr: float | None
    momentum: float  # SGD's momentum (0 for the shorthand and for other optimizers)
    ratios: dict[str, float]  # inf where the weights are all equal (std 0) and moved; nan where neither
    moved: dict[str, float]  # std of the update itself
    adaptive: bool = False  # an optimizer that divides each gradient by its own running size (Adam ...)


def take_step(
    args: Arguments,
    model: nn.Module,
    params: list[nn.Parameter],
    grads: dict[int, torch.Tensor | None],
    names: dict[int, str],
) -> Update | None:
    """The update of one step on `model` (diagnose's copy) from `grads`; None without optimizer and lr."""
    if args.optimizer is None and args.lr is None:
        return None
    if args.optimizer is None:
        assert args.lr is not None
        lr = args.lr
        weights = {id(p): p.detach() for p in params if p.ndim >= 2}
        deltas = {i: g for i in weights if (g := grads.get(i)) is not None}  # the step is lr times these
        return _update("SGD", lr, 0.0, weights, deltas, names, scale=lr)
    before = {id(p): p.detach().clone() for p in params if p.ndim >= 2}
    optimizer = _rebuild(args.optimizer, args.model, model)
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    for p in params:
        p.grad = grads.get(id(p)) if id(p) in held else None
    try:
        optimizer.step()
    except TypeError as error:  # LBFGS and friends want a closure
        raise ValueError(
            f"optimizer={type(args.optimizer).__name__} could not take a step without a closure ({error}); "
            "diagnose supports optimizers whose step() needs no arguments"
        ) from None
    with torch.no_grad():
        deltas = {
            i: p.detach() - before[i] for p in params if (i := id(p)) in before and i in held and p.grad is not None
        }
    group = args.optimizer.param_groups[0]
    lr = group.get("lr")
    momentum = float(group.get("momentum", 0.0) or 0.0) if type(args.optimizer).__name__ == "SGD" else 0.0
    adaptive = any(c.__name__ in SETTINGS["adaptive optimizers"] for c in type(args.optimizer).__mro__)
    lr_value = float(lr) if lr is not None else None
    return _update(type(args.optimizer).__name__, lr_value, momentum, before, deltas, names, adaptive)


def _rebuild(optimizer: torch.optim.Optimizer, original: nn.Module, copied: nn.Module) -> torch.optim.Optimizer:
    """An optimizer of the same class, groups, hyperparameters and state, on the copy's parameters."""
    twin = {id(p): q for p, q in zip(original.parameters(), copied.parameters())}
    groups = [
        {**{k: v for k, v in group.items() if k != "params"}, "params": [twin[id(p)] for p in group["params"]]}
        for group in optimizer.param_groups
    ]
    try:
        rebuilt = type(optimizer)(groups)  # type: ignore[call-arg]  # every torch.optim class takes param groups
    except TypeError as error:
        raise ValueError(
            f"optimizer={type(optimizer).__name__} could not be rebuilt on diagnose's copy of the model "
            f"as {type(optimizer).__name__}(param_groups): {error}"
        ) from None
    rebuilt.load_state_dict(copy.deepcopy(optimizer.state_dict()))
    return rebuilt


def _update(
    optimizer: str,
    lr: float | None,
    momentum: float,
    before: dict[int, torch.Tensor],
    deltas: dict[int, torch.Tensor],
    names: dict[int, str],
    adaptive: bool = False,
    scale: float = 1.0,
) -> Update:
    ratios, moved = {}, {}
    for i, delta in deltas.items():
        step, data = scale * _std(delta), _std(before[i])
        moved[names[i]] = step
        ratios[names[i]] = step / data if data > 0 else (float("inf") if step > 0 else float("nan"))
    return Update(optimizer, lr, momentum, ratios, moved, adaptive)


def _std(t: torch.Tensor) -> float:
    """The std of all entries; exactly 0 when they are all equal (float rounding can leave ~1e-9)."""
    t = t.detach().reshape(-1)
    if t.numel() < 2:
        return 0.0
    low, high = torch.aminmax(t)
    return 0.0 if bool(low == high) else t.std().item()
