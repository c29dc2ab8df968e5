"""Lesson 04 (He/Kaiming): signal scale through deep ReLU and leaky-ReLU stacks, measured and predicted.

Compute: `relu_signal` measures the per-layer std of pre-activations (forward) and of
dL/dz (backward) in a stack with weights N(0, gain^2 / n_in) and puts He et al.'s
(2015) closed-form prediction beside it; `input_dependence` separates the part of a
layer's output that depends on the input from a fixed offset. Explorer:
`explore_kaiming` wires depth, gain and the leaky slope to the forward/backward plot.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import _checks
from .. import figures as _figures
from ..explorer import Explorer, choice_slider, slider
from ..figures import by_depth, new_figure
from ..nets import initialize, linear_layers
from ..stats import layer_stats

GAINS = (0.5, 0.75, 1.0, 1.2, 1.3, 1.35, 1.4, 1.414, 1.45, 1.5, 1.75, 2.0)
SLOPES = (0.0, 0.01, 0.1, 0.2, 0.3, 0.5, 1.0)


_reset = _figures.reset  # empties a panel but keeps its tick objects: cheaper than ax.clear()


def he_gain(slope: float = 0.0) -> float:
    """sqrt(2 / (1 + a^2)): the gain that keeps the variance of a leaky ReLU (slope a) stack constant."""
    a = _checks.finite("slope", slope)
    return math.sqrt(2.0 / (1.0 + a * a))


def variance_factor(gain: float, slope: float = 0.0) -> float:
    """gain^2 (1 + a^2) / 2: how much one layer multiplies the variance, forward and backward (equal widths)."""
    g = _checks.finite("gain", gain, minimum=0.0)
    a = _checks.finite("slope", slope)
    return g * g * (1.0 + a * a) / 2.0


def relu_stack(
    depth: int, gain: float, slope: float = 0.0, *, width: int = 64, outputs: int = 2, seed: int = 0
) -> nn.Sequential:
    """`depth` hidden Linear(width, width) layers, each followed by a (leaky) ReLU, then Linear(width, outputs).

    Weights N(0, gain^2 / n_in), biases 0. `slope` 0 gives nn.ReLU, otherwise nn.LeakyReLU(slope).
    """
    depth = _checks.integer("depth", depth, minimum=1)
    gain = _checks.finite("gain", gain, minimum=0.0)
    slope = _checks.finite("slope", slope)
    width = _checks.integer("width", width, minimum=1)
    outputs = _checks.integer("outputs", outputs, minimum=1)
    layers: list[nn.Module] = []
    with torch.random.fork_rng(devices=[]):
        for _ in range(depth):
            layers += [nn.Linear(width, width), nn.ReLU() if slope == 0 else nn.LeakyReLU(slope)]
        layers.append(nn.Linear(width, outputs))
    return initialize(nn.Sequential(*layers), "lecun_normal", scale=gain, seed=seed)


def relu_signal(
    depth: int = 30, gain: float = math.sqrt(2), slope: float = 0.0, *, width: int = 64, n: int = 256, seed: int = 0
) -> dict:
    """Measured and predicted per-layer std of pre-activations z and of the gradient dL/dz.

    Inputs x ~ N(0, 1) of dimension `width` and random labels in {0, 1}, both drawn from
    `seed + 10_000` (not the weights' stream). He et al. (2015): with equal widths each
    layer multiplies Var(z) by f = gain^2 (1 + a^2) / 2 going up and Var(dL/dz) by the
    same f going down, so std(z_l) = gain * f^((l - 1) / 2) and the backward std is
    anchored at the measured top layer.
    """
    model = relu_stack(depth, gain, slope, width=width, seed=seed)
    n = _checks.integer("n", n, minimum=2)
    g = torch.Generator().manual_seed(seed + 10_000)
    x = torch.randn(n, width, generator=g)
    y = torch.randint(0, 2, (n,), generator=g)
    with np.errstate(all="ignore"):
        stats = layer_stats(model, x, y)
        forward = np.array([s.pre_std for s in stats])
        backward = np.array([s.grad_std for s in stats])
        f = variance_factor(gain, slope)
        layers = np.arange(1, depth + 1)
        predicted_forward = gain * float(x.pow(2).mean().sqrt()) * f ** ((layers - 1) / 2)
        top = backward[-1] if np.isfinite(backward[-1]) and backward[-1] > 0 else 1.0
        predicted_backward = top * f ** ((depth - layers) / 2)
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


def input_dependence(model: nn.Sequential, x: torch.Tensor, *, dtype: torch.dtype = torch.float64) -> dict:
    """Per hidden layer: the RMS of its pre-activations z and the part of z that depends on the input.

    `total`: sqrt(mean z^2) over samples and units; `signal`: the std over samples of
    each unit, RMS over units (what changes when the input changes); `offset`: the RMS
    over units of each unit's mean (a constant that the input does not move).
    Computed in `dtype` (float64 by default, so that rounding does not hide a tiny
    signal; float32 shows what the model itself computes). The model is not changed.
    """
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be a torch.nn.Sequential; got {type(model).__name__}")
    first = linear_layers(model)[0]
    if not isinstance(x, torch.Tensor) or x.ndim != 2 or x.shape[1] != first.in_features:
        raise ValueError(
            f"x must be a float tensor of shape (n, {first.in_features}); "
            f"got {tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__}"
        )
    total, signal, offset = [], [], []
    modules = list(model)
    if dtype not in (torch.float32, torch.float64):
        raise ValueError(f"dtype={dtype!r} is not allowed; use torch.float32 or torch.float64")
    h = x.to(dtype)
    with torch.no_grad():
        for i, module in enumerate(modules):
            if isinstance(module, nn.Linear):
                bias = None if module.bias is None else module.bias.to(dtype)
                h = nn.functional.linear(h, module.weight.to(dtype), bias)
            else:
                h = module(h)
            if isinstance(module, nn.Linear) and i + 1 < len(modules):
                total.append(h.pow(2).mean().sqrt().item())
                signal.append(h.var(0).mean().sqrt().item())
                offset.append(h.mean(0).pow(2).mean().sqrt().item())
    return {"total": np.array(total), "signal": np.array(signal), "offset": np.array(offset)}


def _log_limits(values: np.ndarray, min_decades: float = 2.0) -> tuple[float, float]:
    """y-limits for a log axis around `values` spanning at least `min_decades`, so that
    finite-width wiggles around a flat prediction are not blown up to fill the panel."""
    v = values[np.isfinite(values) & (values > 0)]
    if v.size == 0:
        return 0.1, 10.0
    lo, hi = float(v.min()), float(v.max())
    if hi / lo < 10**min_decades:
        centre = math.sqrt(lo * hi)
        lo, hi = centre / 10 ** (min_decades / 2), centre * 10 ** (min_decades / 2)
    return lo / 1.5, hi * 1.5


def explore_kaiming(depth: int = 30, gain: float = 1.414, slope: float = 0.0) -> Explorer:
    """Depth, gain g and leaky slope a (0 = ReLU) -> per-layer std, forward and backward, with He's prediction.

    Weights N(0, g^2 / n), width 64, 256 random N(0, 1) inputs. Markers: measured;
    dotted: the prediction std(z_l) = g f^((l-1)/2), f = g^2 (1 + a^2) / 2.
    """
    fig, (ax_f, ax_b) = new_figure(2, width=4.8, height=3.7, title="Signal scale through a (leaky) ReLU stack")

    def compute(depth: int, gain: float, slope: float) -> dict:
        return relu_signal(depth, gain, slope)

    def draw(r: dict) -> None:
        for ax in (ax_f, ax_b):
            _reset(ax)
        label = "ReLU" if r["slope"] == 0 else f"leaky ReLU a={r['slope']:g}"
        by_depth(
            ax_f,
            {label: r["forward"]},
            predicted={label: r["predicted_forward"]},
            ylabel="std of pre-activations z",
            title="forward",
        )
        by_depth(
            ax_b,
            {label: r["backward"]},
            predicted={label: r["predicted_backward"]},
            ylabel="std of gradient dL/dz",
            title="backward",
        )
        for ax, keys in ((ax_f, ("forward", "predicted_forward")), (ax_b, ("backward", "predicted_backward"))):
            ax.set_ylim(*_log_limits(np.concatenate([r[k] for k in keys])))
        change = r["factor"] ** ((r["depth"] - 1) / 2)
        fig.suptitle(
            f"gain {r['gain']:g} (He: {he_gain(r['slope']):.3f}): variance x{r['factor']:.3f} per layer, "
            f"std x{change:.2g} over {r['depth']} layers",
            fontweight="bold",
        )

    controls = {
        "depth": slider("depth", depth, 2, 60, 1),
        "gain": choice_slider("gain g", GAINS, gain),
        "slope": choice_slider("leaky slope a (0 = ReLU)", SLOPES, slope),
    }
    return Explorer("Depth x gain: He's prediction beside the measurement", controls, fig, compute, draw)
