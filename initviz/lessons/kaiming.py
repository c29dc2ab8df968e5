"""Lesson 04 (He/Kaiming): signal scale through deep ReLU and leaky-ReLU stacks, measured and predicted.

- `he_gain(a)`, `variance_factor(g, a)`: He et al.'s (2015) gain sqrt(2 / (1 + a^2)) and the
  factor g^2 (1 + a^2) / 2 by which one layer multiplies the variance;
- `relu_signal(depth, gain, slope)`: in an `initviz.mlp` of equal widths with weights
  N(0, gain^2 / n_in), the per-layer std of z forward and of dL/dz backward, beside He's
  closed-form prediction (what the explorer draws);
- `signal_drift(width, depth)`: log2 of rms(z_l) / rms(z_1) in many independent networks at
  once: how far one finite-width network drifts from the mean-field prediction;
- `input_dependence(model, x)`: the part of each layer's z that depends on the input,
  apart from a constant offset;
- `train_adam(model, x, y)`: full-batch Adam, recorded like `initviz.train` (SGD).
"""

from __future__ import annotations

import copy
import functools
import math

import numpy as np
import torch
from torch import nn

from .. import _checks
from ..data import check_xy
from ..nets import linear_layers, mlp
from ..probe import probe_batch
from ..recorder import recording
from ..stats import layer_stats
from ..training import History


def he_gain(slope: float = 0.0) -> float:
    """sqrt(2 / (1 + a^2)): the gain that keeps the variance of a leaky ReLU (slope a) stack constant."""
    a = _checks.finite("slope", slope)
    return math.sqrt(2.0 / (1.0 + a * a))


def variance_factor(gain: float, slope: float = 0.0) -> float:
    """gain^2 (1 + a^2) / 2: how much one layer multiplies the variance, forward and backward (equal widths)."""
    g = _checks.finite("gain", gain, minimum=0.0)
    a = _checks.finite("slope", slope)
    return g * g * (1.0 + a * a) / 2.0


def relu_signal(
    depth: int = 30, gain: float = math.sqrt(2), slope: float = 0.0, *, width: int = 64, n: int = 256, seed: int = 0
) -> dict:
    """Measured and predicted per-layer std of pre-activations z and of the gradient dL/dz.

    The network: `initviz.mlp` with `depth` hidden layers of `width` units (nn.ReLU for
    `slope` 0, else nn.LeakyReLU(slope)) and 2 outputs, weights N(0, gain^2 / n_in) drawn
    from `seed`, biases 0. Inputs and labels: `probe_batch(n, width, seed=seed)`. He et al. (2015): with equal
    widths each layer multiplies Var(z) by f = gain^2 (1 + a^2) / 2 going up and
    Var(dL/dz) by the same f going down, so std(z_l) = gain * f^((l - 1) / 2) (times the
    inputs' RMS) and the backward std is anchored at the measured top layer. The arrays
    are read-only (the result is cached).
    """
    depth = _checks.integer("depth", depth, minimum=1)
    gain = _checks.finite("gain", gain, minimum=0.0)
    slope = _checks.finite("slope", slope, minimum=0.0)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=2)
    seed = _checks.integer("seed", seed, minimum=0)
    return dict(_relu_signal(depth, gain, slope, width, n, seed))


# Cached: the explorer asks again for settings it has shown (a slider dragged back and forth).
@functools.lru_cache(maxsize=256)
def _relu_signal(depth: int, gain: float, slope: float, width: int, n: int, seed: int) -> dict:
    activation = "relu" if slope == 0 else "leaky_relu"
    # `depth` hidden layers of `width` units, 2 outputs; weights N(0, gain^2 / n_in) from `seed`, biases 0
    model = mlp([width] * (depth + 1) + [2], activation, "lecun_normal", scale=gain, seed=seed, leaky_slope=slope)
    x, y = probe_batch(n, width, seed=seed)
    with np.errstate(all="ignore"):
        stats = layer_stats(model, x, y)
        forward = np.array([s.pre_std for s in stats])
        backward = np.array([s.grad_std for s in stats])
        f = variance_factor(gain, slope)
        layers = np.arange(1, depth + 1)
        predicted_forward = gain * float(x.pow(2).mean().sqrt()) * f ** ((layers - 1) / 2)
        top = backward[-1] if np.isfinite(backward[-1]) and backward[-1] > 0 else 1.0
        predicted_backward = top * f ** ((depth - layers) / 2)
    for array in (forward, backward, predicted_forward, predicted_backward):
        array.flags.writeable = False
    return {
        "forward": forward,
        "backward": backward,
        "predicted_forward": predicted_forward,
        "predicted_backward": predicted_backward,
        "factor": f,
        "depth": depth,
        "gain": gain,
        "slope": slope,
    }


def input_dependence(model: nn.Module, x: torch.Tensor, *, dtype: torch.dtype = torch.float64) -> dict:
    """Per hidden layer: the RMS of its pre-activations z and the part of z that depends on the input.

    A hidden layer is an activation module (as in `layer_stats`); z is its input.
    `total`: sqrt(mean z^2) over samples and units; `signal`: the std over samples of
    each unit, RMS over units (what changes when the input changes); `offset`: the RMS
    over units of each unit's mean (a constant that the input does not move).
    Computed in `dtype` (float64 by default, so that rounding does not hide a tiny
    signal; float32 shows what the model itself computes) on a copy: the model is not changed.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    if dtype not in (torch.float32, torch.float64):
        raise ValueError(f"dtype={dtype!r} is not allowed; use torch.float32 or torch.float64")
    first = next((m for m in model.modules() if isinstance(m, nn.Linear)), None)
    features = None if first is None else first.in_features
    if not isinstance(x, torch.Tensor) or x.ndim != 2 or (features is not None and x.shape[1] != features):
        raise ValueError(
            f"x must be a float tensor of shape (n, {features if features is not None else 'features'}); "
            f"got {tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__}"
        )
    copied = copy.deepcopy(model).to(dtype)
    with torch.no_grad(), recording(copied) as rec:
        copied(x.to(dtype))
    if not rec.layers:
        raise ValueError("model has no activation module (nn.ReLU, nn.Tanh, ...) whose input could be measured")
    zs = [layer.input for layer in rec.layers]
    return {
        "total": np.array([z.pow(2).mean().sqrt().item() for z in zs]),
        "signal": np.array([z.var(0).mean().sqrt().item() for z in zs]),
        "offset": np.array([z.mean(0).pow(2).mean().sqrt().item() for z in zs]),
    }


def signal_drift(
    width: int,
    depth: int,
    *,
    gain: float = math.sqrt(2),
    slope: float = 0.0,
    seeds: int = 32,
    inputs: int = 32,
    seed: int = 0,
) -> np.ndarray:
    """log2(rms(z_l) / rms(z_1)) for l = 1 .. depth in `seeds` independent networks: shape (seeds, depth).

    Each network: `depth` bias-free Linear(width, width) layers with weights N(0, gain^2 / width),
    a (leaky) ReLU of slope `slope` after each; `inputs` samples x ~ N(0, 1) go through it.
    rms(z_l) is the root mean square of layer l's pre-activations over the samples and units:
    for one input (`inputs=1`), the length of z_l divided by sqrt(width), the quantity whose
    drift notebook 04 derives; a batch of inputs averages part of each layer's randomness away
    and drifts a little less. All networks are computed at once (batched matrix products),
    weights and inputs drawn from one generator seeded with `seed`. With He's gain the
    mean-field prediction is 0 for every l. The array is read-only (cached).
    """
    width = _checks.integer("width", width, minimum=1)
    depth = _checks.integer("depth", depth, minimum=1)
    gain = _checks.finite("gain", gain, above=0.0)
    slope = _checks.finite("slope", slope, minimum=0.0)
    seeds = _checks.integer("seeds", seeds, minimum=1)
    inputs = _checks.integer("inputs", inputs, minimum=1)
    seed = _checks.integer("seed", seed, minimum=0)
    return _signal_drift(width, depth, gain, slope, seeds, inputs, seed)


# Cached: an exercise's judge and the learner's own cell ask for the same networks.
@functools.lru_cache(maxsize=64)
def _signal_drift(width: int, depth: int, gain: float, slope: float, seeds: int, inputs: int, seed: int) -> np.ndarray:
    generator = torch.Generator().manual_seed(seed)
    h = torch.randn(seeds, inputs, width, generator=generator)
    rms = []
    with torch.no_grad():
        for _ in range(depth):
            w = torch.randn(seeds, width, width, generator=generator).mul_(gain / math.sqrt(width))
            z = torch.bmm(h, w)
            rms.append(z.flatten(1).pow(2).mean(1).sqrt())
            h = nn.functional.leaky_relu(z, slope)
    size = torch.stack(rms, 1).double()
    out = torch.log2(size / size[:, :1]).numpy()
    out.flags.writeable = False
    return out


def train_adam(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, steps: int, lr: float = 1e-3) -> History:
    """Train `model` in place with full-batch Adam (`torch.optim.Adam`, default betas and eps) on cross-entropy.

    Recorded like `initviz.train`: the loss and accuracy on the whole of `x` before each
    step; a non-finite loss or parameter stops training with `diverged=True`. The `.grad`
    of every parameter is left empty (None) afterwards.
    """
    check_xy(x, y, linear_layers(model)[0].in_features)
    steps = _checks.integer("steps", steps, minimum=0)
    lr = _checks.finite("lr", lr, above=0.0)
    # Imported here: the first torch.optim optimizer a process builds imports torch._dynamo
    # (about 1.3 s of CPU), a cost that only the cells training with Adam should pay.
    from torch.optim import Adam

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = Adam(params, lr=lr)
    history = History()
    try:
        for step in range(steps):
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            history.loss.append(loss.item())
            history.accuracy.append((logits.argmax(1) == y).float().mean().item())
            if not math.isfinite(history.loss[-1]):
                history.diverged, history.diverged_at = True, step
                return history
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        if steps and not all(torch.isfinite(p).all() for p in params):
            history.loss.append(math.nan)
            with torch.no_grad():
                history.accuracy.append((model(x).argmax(1) == y).float().mean().item())
            history.diverged, history.diverged_at = True, steps
        return history
    finally:
        for p in params:
            p.grad = None
