"""Lesson 05 (dying ReLU): which units are dead, how they die, and networks born dead.

- `activity(model, x)`: for every ReLU or leaky-ReLU layer, which unit is active (output > 0) on
  which sample, read by the recorder; `dead_fractions(model, x)`: per layer, the fraction of units
  active on no sample. Both work on any `nn.Module` (BatchNorm included), not only `initviz.mlp`;
- `bench_data`, `bench_net`, `one_step`, `train_variant`: the lesson's test bench (a ReLU MLP on
  the moons), one plain SGD step, and training with one remedy switched on;
- `revival`: which units dead at initialization are alive again after training (deaths in
  layer 1 are permanent under plain gradient descent, deeper ones are not);
- `dead_by_bias`, `dead_map`: how a negative bias at initialization kills units;
- `born_dead_layer`, `born_dead`: the probability that a narrow, deep, bias-free ReLU net is
  "born dead" (constant on its whole input domain), simulated for many nets in one tensor op;
  `single_point_bound` and `chain_lower_bound` bracket it (Lu, Shin, Su & Karniadakis 2019).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from .. import _checks, data
from ..data import check_xy
from ..nets import linear_layers, mlp
from ..recorder import recording

WIDTH, DEPTH = 16, 4  # the bench: 4 hidden layers of 16 ReLU units
BIASES = tuple(round(b, 2) for b in np.arange(-2.0, 0.51, 0.25))
SCALES = (0.25, 0.5, 1.0, 2.0, 4.0)
_ACTIVATIONS = (nn.ReLU, nn.LeakyReLU)


def _is_relu_like(module: nn.Module) -> bool:
    return isinstance(module, _ACTIVATIONS)


# ---------------------------------------------------------------- counting dead units
def activity(model: nn.Module, x: torch.Tensor) -> list[torch.Tensor]:
    """For each ReLU / LeakyReLU module of `model`, in order: a bool (samples, units) tensor, True where
    the unit's output is > 0 (for leaky ReLU: where its pre-activation is > 0).

    The model is left as it was (BatchNorm running statistics included); it runs in its current mode.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    check_xy(x, None, linear_layers(model)[0].in_features)
    if not any(_is_relu_like(m) for m in model.modules()):
        raise ValueError("model has no nn.ReLU or nn.LeakyReLU layer whose units could be dead")
    buffers = [(b, b.clone()) for b in model.buffers()]
    try:
        with torch.no_grad(), recording(model, _is_relu_like) as rec:
            model(x)
    finally:
        with torch.no_grad():
            for b, saved in buffers:
                b.copy_(saved)
    return [layer.output > 0 for layer in rec.layers]


def dead_fractions(model: nn.Module, x: torch.Tensor) -> np.ndarray:
    """Per ReLU-like layer: the fraction of its units that are active on no sample of `x`.

    For ReLU this is `layer_stats(...).dead_fraction` (output 0 on every sample); for leaky ReLU it
    counts units whose pre-activation is <= 0 on every sample (they still pass 0.01 of the gradient).
    """
    return np.array([float((~a.any(0)).float().mean()) for a in activity(model, x)])


def dead_fraction(model: nn.Module, x: torch.Tensor) -> float:
    """The fraction of all hidden units of `model` (every ReLU-like layer together) active on no sample."""
    acts = activity(model, x)
    return float(sum(int((~a.any(0)).sum()) for a in acts) / sum(a.shape[1] for a in acts))


# ---------------------------------------------------------------- the bench
def bench_data(n: int = 256, seed: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """The lesson's data: `initviz.data.moons(n, seed=seed)` (seed 1: not the weights' seeds 0, 1, ...)."""
    return data.moons(n=n, seed=seed)


def with_batchnorm(model: nn.Sequential) -> nn.Sequential:
    """A copy of an `initviz.mlp` stack with `nn.BatchNorm1d` (gamma 1, beta 0) after every hidden Linear."""
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be a torch.nn.Sequential (as built by initviz.mlp); got {type(model).__name__}")
    layers: list[nn.Module] = []
    modules = list(model)
    for i, m in enumerate(modules):
        layers.append(m)
        if isinstance(m, nn.Linear) and i + 1 < len(modules):
            layers.append(nn.BatchNorm1d(m.out_features))
    return nn.Sequential(*layers)


def bench_net(
    init: str = "he_normal",
    activation: str = "relu",
    *,
    bias: float | None = None,
    batchnorm: bool = False,
    scale: float = 1.0,
    width: int = WIDTH,
    depth: int = DEPTH,
    seed: int = 0,
) -> nn.Sequential:
    """The bench MLP: 2 inputs, `depth` hidden layers of `width` units, 2 outputs; optionally BatchNorm."""
    width = _checks.integer("width", width, minimum=1)
    depth = _checks.integer("depth", depth, minimum=1)
    if not isinstance(batchnorm, bool):
        raise TypeError(f"batchnorm must be True or False; got {batchnorm!r}")
    model = mlp([2] + [width] * depth + [2], activation, init, scale=scale, bias=bias, seed=seed)
    return with_batchnorm(model) if batchnorm else model


def one_step(model: nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float) -> float:
    """One plain gradient-descent step on the cross-entropy, w <- w - lr * dL/dw; returns the loss before it."""
    lr = _checks.finite("lr", lr, above=0.0)
    check_xy(x, y, linear_layers(model)[0].in_features)
    return _step(model, [p for p in model.parameters() if p.requires_grad], x, y, lr)


def _step(model: nn.Module, params: Sequence[torch.Tensor], x: torch.Tensor, y: torch.Tensor, lr: float) -> float:
    """`one_step` without the argument checks, for loops that checked them once."""
    loss = nn.functional.cross_entropy(model(x), y)
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        for p, g in zip(params, grads):
            p.sub_(lr * g)
    return loss.item()


def train_variant(
    *,
    lr: float,
    steps: int,
    seeds: Sequence[int],
    init: str = "normal",
    activation: str = "relu",
    bias: float | None = None,
    batchnorm: bool = False,
    scale: float = 1.0,
    width: int = WIDTH,
    depth: int = DEPTH,
) -> dict:
    """Train the bench net from each seed: `steps` full-batch gradient steps (`one_step`) of size `lr`.

    `scale` multiplies the init's weights (as in `initviz.mlp`). The same updates as
    `initviz.train(..., batch_size=None)` (plain SGD), without its bookkeeping. Returns arrays
    over seeds: `dead_before`, `dead_after` (the fraction of all hidden units active on no sample;
    NaN for a run whose loss or weights stopped being finite) and `diverged` (bool). BatchNorm
    nets are measured in training mode, with the statistics of the whole data set: what training
    sees.
    """
    lr = _checks.finite("lr", lr, above=0.0)
    steps = _checks.integer("steps", steps, minimum=0)
    x, y = bench_data()
    before, after, diverged = [], [], []
    for seed in seeds:
        model = bench_net(
            init, activation, bias=bias, batchnorm=batchnorm, scale=scale, width=width, depth=depth, seed=seed
        )
        before.append(dead_fraction(model, x))
        params = [p for p in model.parameters() if p.requires_grad]
        ok = True
        for _ in range(steps):
            ok = math.isfinite(_step(model, params, x, y, lr))
            if not ok:
                break
        ok = ok and all(bool(torch.isfinite(p).all()) for p in model.parameters())
        diverged.append(not ok)
        after.append(dead_fraction(model, x) if ok else math.nan)
    return {"dead_before": np.array(before), "dead_after": np.array(after), "diverged": np.array(diverged)}


def _dead_units(model: nn.Module, x: torch.Tensor) -> list[torch.Tensor]:
    return [~a.any(0) for a in activity(model, x)]


def revival(
    *,
    lr: float = 0.1,
    steps: int = 80,
    seeds: Sequence[int] = range(16),
    init: str = "he_normal",
    bias: float | None = None,
    width: int = WIDTH,
    depth: int = DEPTH,
) -> dict:
    """Do units dead at initialization stay dead? Train bench nets (plain full-batch GD) and follow each unit.

    Returns int arrays per hidden layer, summed over `seeds`: `units`, `dead_at_init`, `revived`
    (dead at init, active on some sample after `steps` steps), `died` (alive at init, dead after)
    and `untouched` (dead at init, and their incoming weights and bias bitwise unchanged at the end).
    A dead unit's own weights get no gradient; it can only come back if its input h changes,
    which the data set fixes for layer 1 and the layers below change for the others.
    """
    lr = _checks.finite("lr", lr, above=0.0)
    steps = _checks.integer("steps", steps, minimum=0)
    x, y = bench_data()
    keys = ("units", "dead_at_init", "revived", "died", "untouched")
    out = {k: np.zeros(depth, dtype=np.int64) for k in keys}
    for seed in seeds:
        model = bench_net(init, bias=bias, width=width, depth=depth, seed=seed)
        linears = linear_layers(model)[:depth]
        start = [torch.cat([m.weight, m.bias[:, None]], 1).detach().clone() for m in linears]
        dead0 = _dead_units(model, x)
        params = list(model.parameters())
        for _ in range(steps):
            _step(model, params, x, y, lr)
        dead1 = _dead_units(model, x)
        for k, (m, w0, d0, d1) in enumerate(zip(linears, start, dead0, dead1)):
            same = (torch.cat([m.weight, m.bias[:, None]], 1).detach() == w0).all(1)
            out["units"][k] += len(d0)
            out["dead_at_init"][k] += int(d0.sum())
            out["revived"][k] += int((d0 & ~d1).sum())
            out["died"][k] += int((~d0 & d1).sum())
            out["untouched"][k] += int((d0 & same).sum())
    return out


# ---------------------------------------------------------------- death by a negative bias
def dead_by_bias(bias: float, scale: float, *, width: int = WIDTH, depth: int = DEPTH, seed: int = 0) -> dict:
    """Dead fraction per layer of the bench net with He-normal weights times `scale` and every bias = `bias`."""
    bias = _checks.finite("bias", bias)
    scale = _checks.finite("scale", scale, above=0.0)
    x, _ = bench_data()
    per_layer = dead_fractions(bench_net("he_normal", bias=bias, scale=scale, width=width, depth=depth, seed=seed), x)
    return {"bias": bias, "scale": scale, "per_layer": per_layer, "total": float(per_layer.mean())}


# Cached: the explorer asks for the same grid (55 nets per seed) every time it is built.
@functools.lru_cache(maxsize=8)
def dead_map(
    biases: tuple[float, ...] = BIASES,
    scales: tuple[float, ...] = SCALES,
    *,
    width: int = WIDTH,
    depth: int = DEPTH,
    seeds: tuple[int, ...] = (0, 1),
) -> np.ndarray:
    """The whole net's dead fraction, (len(scales), len(biases)), averaged over `seeds` (cached, read-only).

    Entry [i, j] equals the mean over seeds of `dead_by_bias(biases[j], scales[i], seed=k)["total"]`;
    the He weights of each seed are drawn once and rescaled (as `initviz.initialize` would).
    """
    x, _ = bench_data()
    out = np.zeros((len(scales), len(biases)))
    for k in seeds:
        model = bench_net("he_normal", width=width, depth=depth, seed=k)
        linears = linear_layers(model)
        weights = [m.weight.detach().clone() for m in linears]
        for i, s in enumerate(scales):
            for j, b in enumerate(biases):
                with torch.no_grad():
                    for m, w in zip(linears, weights):
                        m.weight.copy_(w * s)
                        m.bias.fill_(b)
                out[i, j] += dead_fractions(model, x).mean()
    out /= len(seeds)
    out.setflags(write=False)  # shared by every caller of the cache
    return out


# ---------------------------------------------------------------- born dead
def born_dead_layer(width: int, depth: int, trials: int, *, points: int = 2, scale: float = 1.0, seed: int = 0) -> dict:
    """Simulate `trials` bias-free ReLU nets on the domain [-1, 1] (1 input, `depth` hidden layers of `width`).

    Weights are He normal times `scale`, all trials drawn at once: layer by layer a (trials, width,
    width) tensor and one `torch.bmm`. Each net is evaluated on `points` equally spaced points
    of [-1, 1] (2 means {-1, 1}). Returns int tensors over trials:
    - `dead`: the first hidden layer that outputs 0 at every point (depth + 1 if none): from that layer
      on the output is constant on the sample, the net is born dead;
    - `dead_at_one`: the first hidden layer that outputs 0 at x = 1 alone.
    A net that dies is not computed further; the weights of the others are drawn from one stream.
    """
    width = _checks.integer("width", width, minimum=1)
    depth = _checks.integer("depth", depth, minimum=1)
    trials = _checks.integer("trials", trials, minimum=1)
    points = _checks.integer("points", points, minimum=2)
    scale = _checks.finite("scale", scale, above=0.0)
    seed = _checks.integer("seed", seed, minimum=0)
    g = torch.Generator().manual_seed(seed)
    x = torch.linspace(-1.0, 1.0, points)
    w1 = torch.randn(trials, width, generator=g) * (scale * math.sqrt(2.0))
    h = torch.relu(w1[:, None, :] * x[None, :, None])  # (trials, points, width)
    dead = torch.full((trials,), depth + 1, dtype=torch.int64)
    dead_at_one = dead.clone()
    alive = torch.arange(trials)
    std = scale * math.sqrt(2.0 / width)
    for layer in range(1, depth + 1):
        if layer > 1:
            w = torch.randn(len(alive), width, width, generator=g).mul_(std)
            h = torch.relu(torch.bmm(h, w.transpose(1, 2)))
        at_one = ~(h[:, -1, :] > 0).any(1) & (dead_at_one[alive] > depth)
        dead_at_one[alive[at_one]] = layer
        gone = ~(h > 0).flatten(1).any(1)
        if gone.any():
            dead[alive[gone]] = layer
            alive, h = alive[~gone], h[~gone]
            if len(alive) == 0:
                break
    return {"dead": dead, "dead_at_one": dead_at_one}


def born_dead(width: int, depth: int, trials: int, *, points: int = 2, seed: int = 0) -> dict:
    """P(born dead) for depths 1..depth with its standard error, and P(dead at x = 1), from one simulation."""
    r = born_dead_layer(width, depth, trials, points=points, seed=seed)
    depths = np.arange(1, depth + 1)
    p = (r["dead"].numpy()[:, None] <= depths).mean(0)
    p1 = (r["dead_at_one"].numpy()[:, None] <= depths).mean(0)
    return {
        "depth": depths,
        "p": p,
        "se": np.sqrt(p * (1 - p) / trials),
        "p_at_one": p1,
        "se_at_one": np.sqrt(p1 * (1 - p1) / trials),
        "trials": trials,
    }


def single_point_bound(width: int, depths: Sequence[int] | np.ndarray) -> np.ndarray:
    """1 - (1 - 2^-width)^L: the probability that one fixed input x != 0 is killed within L layers.

    Exact for one point (each layer, given a non-zero input h, kills it with probability exactly
    2^-width: the width pre-activations w_j . h are independent and each is negative with probability
    1/2 for weights symmetric about 0); an upper bound for dying on the whole domain.
    """
    width = _checks.integer("width", width, minimum=1)
    L = np.asarray(depths, dtype=float)
    return 1.0 - (1.0 - 2.0**-width) ** L


def chain_lower_bound(width: int, depth: int) -> np.ndarray:
    """A lower bound on P(born dead) for depths 1..depth (bias-free, weights symmetric about 0).

    Let s_l be the number of units of layer l that are active somewhere on the domain (s_1 = width).
    A unit of layer l + 1 whose weights from those s_l units are all <= 0 is dead everywhere, which
    happens with probability 2^-s_l; so s_{l+1} <= Binomial(width, 1 - 2^-s_l) in distribution, and
    the chain s -> Binomial(width, 1 - 2^-s) reaches 0 no earlier than the net dies.
    """
    width = _checks.integer("width", width, minimum=1)
    depth = _checks.integer("depth", depth, minimum=1)
    k = np.arange(width + 1)
    log_comb = np.array([math.lgamma(width + 1) - math.lgamma(i + 1) - math.lgamma(width - i + 1) for i in k])
    P = np.zeros((width + 1, width + 1))
    P[0, 0] = 1.0
    for s in range(1, width + 1):
        q = 2.0**-s  # probability that a unit is dead everywhere
        with np.errstate(divide="ignore"):
            P[s] = np.exp(log_comb + k * np.log1p(-q) + (width - k) * np.log(q))
    v = np.zeros(width + 1)
    v[width] = 1.0
    out = np.zeros(depth)
    for layer in range(1, depth):
        v = v @ P
        out[layer] = v[0]
    return out
