"""How a signal's scale changes layer by layer, forward and backward: measured and predicted.

A deep MLP of `width` units per layer, weights N(0, s^2 / width) (`lecun_normal` times
`scale`), pushed a probe batch (inputs N(0, 1), random labels): the per-layer std of the
pre-activations z and of d loss / d z, beside the mean-field prediction of `theory`.

With zero biases, the mean field says where a deep net goes (Poole et al. 2016;
Schoenholz et al. 2017): the variance q of z settles at a fixed point q* (`theory.fixed_point`),
and each layer multiplies the gradient's variance by chi = s^2 E[phi'(z)^2] (`theory.chi`):
below 1 gradients fade on their way down (ordered phase), above 1 they grow (chaotic).
Gaussian means come from `theory.gaussian_mean`, like the theory lines: accurate to about
1e-8 at any variance (a composite Gauss-Legendre rule that resolves tanh'(z) even when z is wide).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import torch
from torch import nn

from .. import _checks, theory
from ..nets import ACTIVATIONS, activation_module, initialize
from ..probe import probe_batch
from ..recorder import SATURATION, record, saturated_fraction


@functools.lru_cache(maxsize=128)  # building Linear modules is about half an update's compute; initialize() redraws
def _linear(n_in: int, n_out: int, position: int) -> nn.Linear:
    """The Linear module kept for `position` (0, 1, ...) of a network; its weights are redrawn on every use."""
    with torch.random.fork_rng(devices=[]):  # nn.Linear draws at construction: keep the global stream untouched
        return nn.Linear(n_in, n_out)


def network(depth: int, width: int, activation: str, scale: float, seed: int = 0) -> nn.Sequential:
    """`mlp([width] * (depth + 1) + [2], activation, "lecun_normal", scale=scale, seed=seed)`: the same
    modules and the same weights, with Linear modules kept between calls (a deeper net builds only the
    layers it adds). `initialize` draws every weight afresh from `seed`, layer after layer, as `mlp` does.
    """
    _checks.integer("depth", depth, minimum=1)
    _checks.integer("width", width, minimum=1)
    layers: list[nn.Module] = []
    for position in range(depth):
        layers += [_linear(width, width, position), activation_module(activation)]
    layers.append(_linear(width, 2, depth))
    return initialize(nn.Sequential(*layers), "lecun_normal", scale=scale, seed=seed)


def signal_by_depth(depth: int, width: int, activation: str, scale: float, *, n: int = 256, seed: int = 0) -> dict:
    """Measured and predicted per-layer std of pre-activations (forward) and of d loss / d z (backward).

    Weights are N(0, scale^2 / width) (`lecun_normal` times `scale`), biases 0; inputs and labels
    are `probe_batch(n, width, seed=seed)`. The backward prediction is anchored at the measured
    top layer. Returns arrays `forward`, `backward`, `predicted_forward`, `predicted_backward`
    and `saturated` (the share of activations in a flat tail), one value per hidden layer 1..depth,
    and the `scale` and `activation`. The arrays are read-only (shared between calls): copy one to change it.
    """
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    _checks.one_of("activation", activation, ACTIVATIONS)
    _checks.finite("scale", scale, minimum=0.0)
    n = _checks.integer("n", n, minimum=2)
    seed = _checks.integer("seed", seed, minimum=0)
    return {**_signal_by_depth(depth, width, activation, scale, n, seed), "scale": scale, "activation": activation}


# Cached: the explorer asks again for settings it has shown (a slider dragged back and forth, the
# extremes it measured before its first image), and a forward and backward pass is most of an update.
@functools.lru_cache(maxsize=256)
def _signal_by_depth(depth: int, width: int, activation: str, scale: float, n: int, seed: int) -> dict:
    model = network(depth, width, activation, scale, seed)
    x, y = probe_batch(n, width, seed=seed)
    rec = record(model, x)  # the statistics `layer_stats` gives, only those shown (a third of its time)
    with torch.enable_grad():
        grads = rec.gradients(nn.functional.cross_entropy(rec.output, y))
    with np.errstate(all="ignore"):
        forward = np.array([layer.input.detach().std().item() for layer in rec.layers])
        backward = np.array([grad.std().item() if grad is not None else 0.0 for grad in grads])
        saturated = np.array([saturated_fraction(layer.output.detach(), activation) for layer in rec.layers])
        predicted_forward = theory.forward_std(depth, activation, scale)
        top = backward[-1] if np.isfinite(backward[-1]) and backward[-1] > 0 else 1.0
        predicted_backward = theory.backward_std(predicted_forward, activation, scale, top)
    result = {
        "forward": forward,
        "backward": backward,
        "predicted_forward": predicted_forward,
        "predicted_backward": predicted_backward,
        "saturated": saturated,
    }
    for array in result.values():
        array.flags.writeable = False
    return result


def saturated_share(activation: str, variance: float) -> float:
    """The share of z ~ N(0, variance) that lands in a flat tail of the activation (`recorder.SATURATION`):
    |tanh z| > 0.97, sigmoid outside [0.03, 0.97]; 0.0 for activations without flat tails. Exact (erfc)."""
    _checks.one_of("activation", activation, ACTIVATIONS)
    variance = _checks.finite("variance", variance, minimum=0.0)
    if activation not in SATURATION or variance == 0:
        return 0.0
    high = SATURATION[activation][1]
    edge = math.atanh(high) if activation == "tanh" else math.log(high / (1 - high))  # |z| beyond which it is flat
    return math.erfc(edge / math.sqrt(2 * variance))
