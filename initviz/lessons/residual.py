"""Lesson 08, residual networks: the residual stream's variance, and the initializations that tame it.

A residual block adds its branch to the stream, x_{l+1} = x_l + F_l(x_l). At initialization
the branch's output is independent of x_l's sign pattern and has mean 0, so the variances add:
Var(x_{l+1}) = Var(x_l) + Var(F_l). The branch here is F(x) = W2 relu(W1 norm(x)), both weights
He normal, biases 0:
- with a LayerNorm at the branch's entry (pre-norm, as in GPT-2 and pre-activation ResNets) the
  branch sees unit variance whatever the stream holds, Var(F) = 2, and Var(x_l) = 1 + 2 l: it grows
  linearly with the number of blocks;
- without it the branch scales with the stream, Var(F) = 2 Var(x), and Var(x_l) = 3^l.

The fixes, each a few lines on the same blocks (`FIXES`):
- "zero": the branch's last layer W2 = 0 (torchvision's `zero_init_residual` zeroes the last
  BatchNorm gamma of each branch, the same effect; Goyal et al. 2017);
- "rezero": x + alpha F(x) with a learned scalar alpha = 0 (SkipInit, De & Smith 2020; ReZero,
  Bachlechner et al. 2020);
- "fixup": W2 = 0 and W1 scaled by L^(-1/(2m-2)) with m = 2 layers per branch, i.e. L^(-1/2)
  (Zhang et al. 2019; its scalar multipliers and biases are left out);
- "gpt2": W2 scaled by 1/sqrt(N), N the number of residual branches (Radford et al. 2019; nanoGPT's
  std 0.02/sqrt(2 n_layer) on `c_proj`, two branches per block).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn

from .. import _checks
from ..probe import DATA_SEED_OFFSET

FIXES = ("none", "zero", "rezero", "fixup", "gpt2")
FIX_NAMES = {
    "none": "no fix (He in both layers)",
    "zero": "zero-init last layer",
    "rezero": "ReZero / SkipInit (alpha = 0)",
    "fixup": "Fixup (L^-1/2, last layer 0)",
    "gpt2": "GPT-2 (last layer / sqrt(N))",
}


class Block(nn.Module):
    """x + alpha * W2 relu(W1 norm(x)); `norm` is a LayerNorm without parameters, or nothing."""

    def __init__(self, width: int, *, norm: bool) -> None:
        super().__init__()
        self.norm: nn.Module = nn.LayerNorm(width, elementwise_affine=False) if norm else nn.Identity()
        self.fc1 = nn.Linear(width, width)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(width, width)
        self.alpha = nn.Parameter(torch.ones(()), requires_grad=False)  # learned only with ReZero

    def branch(self, x: torch.Tensor) -> torch.Tensor:
        """The residual branch F(x), without alpha."""
        return self.fc2(self.act(self.fc1(self.norm(x))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.alpha * self.branch(x)


def init_block(block: Block, fix: str, blocks: int, generator: torch.Generator) -> None:
    """He-normal W1 and W2, zero biases, then the change `fix` makes (see the module docstring)."""
    _checks.one_of("fix", fix, FIXES)
    with torch.no_grad():
        for fc in (block.fc1, block.fc2):
            nn.init.kaiming_normal_(fc.weight, nonlinearity="relu", generator=generator)
            nn.init.zeros_(fc.bias)
        block.alpha.fill_(1.0)
        block.alpha.requires_grad_(fix == "rezero")
        if fix in ("zero", "fixup"):
            block.fc2.weight.zero_()
        if fix == "fixup":
            m = 2  # layers per branch
            block.fc1.weight.mul_(blocks ** (-1.0 / (2 * m - 2)))
        if fix == "rezero":
            block.alpha.zero_()
        if fix == "gpt2":
            block.fc2.weight.mul_(1.0 / math.sqrt(blocks))


def stack(blocks: int, fix: str = "none", *, norm: bool = True, width: int = 64, seed: int = 0) -> nn.Sequential:
    """`blocks` residual blocks of `width`, initialized with `fix` (weights drawn from `seed`)."""
    blocks = _checks.integer("blocks", blocks, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    _checks.one_of("fix", fix, FIXES)
    if not isinstance(norm, bool):
        raise TypeError(f"norm must be True or False; got {norm!r}")
    g = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):
        model = nn.Sequential(*[Block(width, norm=norm) for _ in range(blocks)])
    for block in model:
        init_block(block, fix, blocks, g)  # type: ignore[arg-type]
    return model


def stream_input(n: int, width: int, seed: int = 0) -> torch.Tensor:
    """The stream at block 0: x_0 ~ N(0, 1), shape (n, width), drawn from `seed + 10_000`."""
    return torch.randn(n, width, generator=torch.Generator().manual_seed(seed + DATA_SEED_OFFSET))


def stream_variance(
    blocks: int, fix: str = "none", *, norm: bool = True, width: int = 64, n: int = 128, seed: int = 0
) -> dict:
    """The mean square of the stream x_l (l = 0 .. blocks) and of each branch's output alpha F_l, measured.

    Returns `stream` (blocks + 1 values), `branch` (blocks values) and `predicted` (the stream's
    mean square from `predicted_variance`, with the measured E[x_0^2]).
    """
    model = stack(blocks, fix, norm=norm, width=width, seed=seed)
    x = stream_input(n, width, seed)
    stream, branch = [x.pow(2).mean().item()], []
    with torch.no_grad():
        for block in model:
            f = block.alpha * block.branch(x)  # type: ignore[operator]
            x = x + f
            stream.append(x.pow(2).mean().item())
            branch.append(f.pow(2).mean().item())
    return {
        "stream": np.array(stream),
        "branch": np.array(branch),
        "predicted": predicted_variance(blocks, fix, norm=norm, start=stream[0]),
        "fix": fix,
        "norm": norm,
        "blocks": blocks,
    }


def predicted_variance(blocks: int, fix: str = "none", *, norm: bool = True, start: float = 1.0) -> np.ndarray:
    """E[x_l^2] for l = 0 .. blocks at initialization, infinite width.

    The He branch adds 2 (pre-norm: it sees unit variance) or 2 E[x_l^2] (no norm) times s^2, where
    s is the scale of W2: 1, or 1/sqrt(blocks) for "gpt2"; "zero", "rezero" and "fixup" add nothing.
    """
    blocks = _checks.integer("blocks", blocks, minimum=1)
    _checks.one_of("fix", fix, FIXES)
    s2 = {"none": 1.0, "gpt2": 1.0 / blocks}.get(fix, 0.0)
    l = np.arange(blocks + 1)
    if norm:
        return start + 2.0 * s2 * l
    return start * (1.0 + 2.0 * s2) ** l


def one_step_change(
    blocks: int,
    fix: str,
    *,
    norm: bool = True,
    lr: float = 0.01,
    width: int = 64,
    n: int = 128,
    classes: int = 4,
    seed: int = 0,
    biases: bool = False,
) -> float:
    """How much one plain SGD step moves the top of the stream: RMS(x_L after - x_L before) / RMS(x_L before).

    The stack is topped by a fixed linear read-out N(0, 1/width) to `classes` outputs with random
    labels (both from `seed + 10_000`); the step updates the blocks' weights W1, W2 (and alpha for
    ReZero) by -lr * gradient of the cross-entropy. The biases stay at 0 unless `biases`: every
    block's output bias receives the same gradient d loss / d x_L whatever the init, so L of them
    move the stream L times one bias step, which would hide what the weights' init does (Fixup's
    depth-independent step is a statement about the weights).
    """
    lr = _checks.finite("lr", lr, above=0.0)
    model = stack(blocks, fix, norm=norm, width=width, seed=seed)
    g = torch.Generator().manual_seed(seed + DATA_SEED_OFFSET)
    x = torch.randn(n, width, generator=g)
    y = torch.randint(0, classes, (n,), generator=g)
    readout = torch.randn(classes, width, generator=g) / math.sqrt(width)
    params = [p for name, p in model.named_parameters() if p.requires_grad and (biases or not name.endswith("bias"))]
    before = model(x)
    grads = torch.autograd.grad(nn.functional.cross_entropy(before @ readout.T, y), params)
    with torch.no_grad():
        for p, grad in zip(params, grads):
            p.sub_(lr * grad)
        after = model(x)
    return ((after - before).pow(2).mean() / before.pow(2).mean()).sqrt().item()


def one_step_changes(
    depths: Sequence[int],
    fixes: Sequence[str] = FIXES,
    *,
    norm: bool = True,
    lr: float = 0.01,
    seed: int = 0,
    biases: bool = False,
) -> dict[str, np.ndarray]:
    """`one_step_change` for every fix (keys) and depth (array entries)."""
    return {
        fix: np.array([one_step_change(L, fix, norm=norm, lr=lr, seed=seed, biases=biases) for L in depths])
        for fix in fixes
    }


def growth_after(change: Callable[[Block], None], blocks: int = 32, *, norm: bool = False, seed: int = 0) -> float:
    """std(x_L) / std(x_0) after `change(block)` has re-initialized every block of a He stack (no fix).

    What exercise 08.2 measures: `change` receives each `Block` (fc1, fc2, alpha) and changes
    its parameters in place; the stack has `blocks` blocks of width 64 and sees 128 random inputs.
    """
    if not callable(change):
        raise TypeError(f"change must be a function of one block; got {type(change).__name__}")
    model = stack(blocks, "none", norm=norm, seed=seed)
    with torch.no_grad():
        for block in model:
            change(block)  # type: ignore[arg-type]
        x = stream_input(128, 64, seed)
        return (model(x).std() / x.std()).item()
