"""Building MLPs and (re-)initializing them with a named scheme.

`mlp` builds the network; `initialize` applies one of `INITS` to every Linear
layer. Every scheme is one line of `torch.nn.init` (or of arithmetic) so that
the notebooks can show the same line and compare.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

import torch
from torch import nn

from . import _checks

INITS: tuple[str, ...] = (
    "zeros",
    "constant",
    "normal",
    "uniform",
    "lecun_normal",
    "xavier_uniform",
    "xavier_normal",
    "he_uniform",
    "he_normal",
    "orthogonal",
    "pytorch_default",
)
ACTIVATIONS: tuple[str, ...] = ("linear", "relu", "leaky_relu", "tanh", "sigmoid")
LEAKY_SLOPE = 0.01
M = TypeVar("M", bound=nn.Module)


def activation_module(name: str, *, leaky_slope: float = LEAKY_SLOPE) -> nn.Module:
    """A fresh module for the activation called `name` (one of ACTIVATIONS)."""
    _checks.one_of("activation", name, ACTIVATIONS)
    if name == "leaky_relu":
        return nn.LeakyReLU(_checks.finite("leaky_slope", leaky_slope, minimum=0.0))
    return {"linear": nn.Identity, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[name]()


def mlp(
    widths: Sequence[int],
    activation: str = "relu",
    init: str = "he_normal",
    *,
    scale: float = 1.0,
    bias: float | None = None,
    seed: int = 0,
    leaky_slope: float = LEAKY_SLOPE,
) -> nn.Sequential:
    """An MLP: Linear layers of the given widths, `activation` between them, none after the last.

    `widths=[2, 64, 64, 2]` is 2 inputs, two hidden layers of 64 units and 2 outputs.
    The weights are set by `initialize(model, init, scale=scale, bias=bias, seed=seed)`;
    `leaky_slope` is the negative slope of `leaky_relu` (He schemes use it as their `a`).
    """
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Sequence):
        raise TypeError(f"widths must be a list of layer widths such as [2, 64, 2]; got {widths!r}")
    if len(widths) < 2:
        raise ValueError(f"widths={list(widths)!r} needs at least 2 entries (inputs and outputs)")
    for i, w in enumerate(widths):
        _checks.integer(f"widths[{i}]", w, minimum=1)
    _checks.one_of("activation", activation, ACTIVATIONS)
    _checks.one_of("init", init, INITS)
    layers: list[nn.Module] = []
    with torch.random.fork_rng(devices=[]):  # nn.Linear draws at construction: keep the global stream untouched
        for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
            if i:
                layers.append(activation_module(activation, leaky_slope=leaky_slope))
            layers.append(nn.Linear(n_in, n_out))
    return initialize(nn.Sequential(*layers), init, scale=scale, bias=bias, seed=seed)


def linear_layers(model: nn.Module) -> list[nn.Linear]:
    """The Linear layers of `model`, in order; a TypeError if it is not a module or has none."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not layers:
        raise ValueError("model has no nn.Linear layer to initialize or inspect")
    return layers


def _leaky_slope(model: nn.Module) -> float:
    slopes = {m.negative_slope for m in model.modules() if isinstance(m, nn.LeakyReLU)}
    return slopes.pop() if len(slopes) == 1 else 0.0


def initialize(model: M, init: str, *, scale: float = 1.0, bias: float | None = None, seed: int = 0) -> M:
    """Re-initialize every Linear layer of `model` in place with scheme `init`; returns `model`.

    `scale` multiplies the scheme's std (for `normal`, `uniform` and `constant` it is
    the std, the half-width and the value itself). `bias` fills every bias with that
    value; `None` (the default) means the scheme's own bias: 0 for every scheme but
    `pytorch_default`, which draws weights *and* biases exactly as `nn.Linear` does.
    He schemes use the negative slope of the model's LeakyReLU, if it has one.
    The global random state is left untouched: draws come from `seed` alone.
    """
    _checks.one_of("init", init, INITS)
    scale = _checks.finite("scale", scale)
    if scale < 0 and init != "constant":
        raise ValueError(f"scale={scale!r} must be >= 0 for init={init!r} (only 'constant' takes a negative value)")
    if bias is not None:
        bias = _checks.finite("bias", bias)
    seed = _checks.integer("seed", seed, minimum=0)
    layers = linear_layers(model)
    slope = _leaky_slope(model)
    with torch.random.fork_rng(devices=[]), torch.no_grad():
        torch.manual_seed(seed)
        for layer in layers:
            _init_weight(layer, init, scale, slope)
            if layer.bias is not None and (bias is not None or init != "pytorch_default"):
                layer.bias.fill_(0.0 if bias is None else bias)
    return model


def _init_weight(layer: nn.Linear, init: str, scale: float, slope: float) -> None:
    w = layer.weight
    fan_out, fan_in = w.shape
    if init == "zeros":
        nn.init.zeros_(w)
    elif init == "constant":
        nn.init.constant_(w, scale)
    elif init == "normal":
        nn.init.normal_(w, 0.0, scale)
    elif init == "uniform":
        nn.init.uniform_(w, -scale, scale)
    elif init == "lecun_normal":
        nn.init.normal_(w, 0.0, scale / math.sqrt(fan_in))
    elif init == "xavier_uniform":
        nn.init.xavier_uniform_(w, gain=scale)
    elif init == "xavier_normal":
        nn.init.xavier_normal_(w, gain=scale)
    elif init == "he_uniform":
        nn.init.kaiming_uniform_(w, a=slope, nonlinearity="leaky_relu")
        w.mul_(scale)
    elif init == "he_normal":
        nn.init.kaiming_normal_(w, a=slope, nonlinearity="leaky_relu")
        w.mul_(scale)
    elif init == "orthogonal":
        nn.init.orthogonal_(w, gain=scale)
    elif init == "pytorch_default":
        layer.reset_parameters()  # kaiming_uniform_(a=sqrt(5)): U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        w.mul_(scale)
