"""Lesson 03's compute (Xavier/Glorot): every hidden layer's activations and back-propagated gradients.

- `build`: `initviz.mlp` with one more scheme, Glorot & Bengio's "standard" U[-1/sqrt(n), 1/sqrt(n)];
- `layer_signals`: one forward and one backward pass through a fresh MLP, keeping every hidden
  layer's activations h = phi(z) and gradients dL/dz, with the mean-field prediction of their
  spread (`initviz.theory`);
- `jacobian_singular_values`: the mean singular value of the layer-to-layer Jacobian, the number
  Glorot & Bengio (2010, section 4.2.2) report.
Each network is walked by `initviz.recorder`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from .. import _checks, theory
from ..nets import ACTIVATIONS, mlp
from ..probe import probe_batch
from ..recorder import record, saturated_fraction

# "standard" is Glorot & Bengio's heuristic U[-1/sqrt(n_in), 1/sqrt(n_in)], zero bias.
SCHEMES: tuple[str, ...] = ("standard", "xavier_uniform", "xavier_normal", "lecun_normal", "he_normal", "orthogonal")


def weight_variance_times_fan_in(init: str) -> float:
    """n * Var(w) of a square hidden layer (n_in = n_out = n) under scheme `init`.

    This is the factor by which a layer multiplies the variance of a small signal,
    forward and backward: 1/3 for "standard", 1 for Xavier, LeCun and orthogonal, 2 for He.
    """
    _checks.one_of("init", init, SCHEMES)
    return {"standard": 1 / 3, "he_normal": 2.0}.get(init, 1.0)


def build(widths: Sequence[int], activation: str, init: str, *, gain: float = 1.0, seed: int = 0) -> nn.Sequential:
    """`initviz.mlp` with one more scheme, "standard": U[-1/sqrt(n_in), 1/sqrt(n_in)] weights, zero bias.

    "standard" is exactly the weight draw of PyTorch's `nn.Linear` (its `pytorch_default`)
    with the biases set to 0. `gain` multiplies every weight (the `gain` of torch.nn.init).
    """
    _checks.one_of("init", init, SCHEMES)
    if init == "standard":
        return mlp(widths, activation, "pytorch_default", scale=gain, bias=0.0, seed=seed)
    return mlp(widths, activation, init, scale=gain, seed=seed)


def _mean_square(t: torch.Tensor | np.ndarray) -> float:
    return float(np.mean(np.square(np.asarray(t, dtype=np.float64))))


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False  # a cached result is shared by every caller: nobody may change it
    return a


def layer_signals(
    init: str = "standard",
    activation: str = "tanh",
    depth: int = 5,
    width: int = 256,
    *,
    n: int = 512,
    classes: int = 10,
    gain: float = 1.0,
    seed: int = 0,
) -> dict:
    """Activations and back-propagated gradients of every hidden layer of a fresh MLP.

    The network has `depth` hidden layers of `width` units, the probe batch
    (`initviz.probe.probe_batch`: inputs N(0, 1) of dimension `width`, `classes` random
    labels, never the weights' stream), and `gain` multiplies every weight. The loss is
    the cross-entropy *summed* over the `n` samples, so `gradients[l]` holds per-sample
    values of dL/dz for hidden layer l + 1.

    Returns a dict with
    - `activations`, `gradients`: tuples (one entry per hidden layer) of float arrays (n, width)
      of h = phi(z) and of dL/dz;
    - mean squares, one per layer (for a zero-mean signal, its variance): `pre_ms` of z,
      `act_ms` of h, `grad_ms` of dL/dz and `act_grad_ms` of dL/dh;
    - `predicted_pre_ms`, `predicted_grad_ms`: the mean-field prediction
      (`initviz.theory`), the backward one anchored at the measured top layer;
    - `saturated`: per layer, the fraction of activations in a flat tail (`initviz.recorder.SATURATION`;
      0 for activations without one);
    - `nvar`: n Var(w) of the hidden layers (gain squared included), and `init`, `activation`, `depth`, `width`.
    The result is cached and its arrays are read-only.
    """
    _checks.one_of("init", init, SCHEMES)
    _checks.one_of("activation", activation, ACTIVATIONS)
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=2)
    classes = _checks.integer("classes", classes, minimum=2)
    gain = _checks.finite("gain", gain, minimum=0.0)
    seed = _checks.integer("seed", seed, minimum=0)
    return _layer_signals(init, activation, depth, width, n, classes, gain, seed)


# An explorer revisits the same few settings while a control moves: keep the last runs (a few MB each at most).
@functools.lru_cache(maxsize=32)
def _layer_signals(
    init: str, activation: str, depth: int, width: int, n: int, classes: int, gain: float, seed: int
) -> dict:
    model = build([width] * (depth + 1) + [classes], activation, init, gain=gain, seed=seed)
    x, y = probe_batch(n, width, classes=classes, seed=seed)
    rec = record(model, x)
    pre = [layer.input for layer in rec.layers]
    acts = [layer.output for layer in rec.layers]
    loss = nn.functional.cross_entropy(rec.output, y, reduction="sum")
    grads = torch.autograd.grad(loss, pre + acts)
    activations = tuple(_frozen(a.detach().numpy()) for a in acts)
    gradients = tuple(_frozen(d.numpy()) for d in grads[:depth])

    nvar = weight_variance_times_fan_in(init) * gain**2
    grad_ms = np.array([_mean_square(d) for d in gradients])
    with np.errstate(all="ignore"):
        predicted_pre = theory.forward_std(depth, activation, math.sqrt(nvar))
        predicted_grad = theory.backward_std(predicted_pre, activation, math.sqrt(nvar), math.sqrt(grad_ms[-1]))
    return {
        "activations": activations,
        "gradients": gradients,
        "pre_ms": _frozen(np.array([_mean_square(z.detach()) for z in pre])),
        "act_ms": _frozen(np.array([_mean_square(a) for a in activations])),
        "grad_ms": _frozen(grad_ms),
        "act_grad_ms": _frozen(np.array([_mean_square(d) for d in grads[depth:]])),
        "saturated": _frozen(np.array([saturated_fraction(a.detach(), activation) for a in acts])),
        "predicted_pre_ms": _frozen(predicted_pre**2),
        "predicted_grad_ms": _frozen(predicted_grad**2),
        "nvar": nvar,
        "init": init,
        "activation": activation,
        "depth": depth,
        "width": width,
    }


def jacobian_singular_values(
    init: str, activation: str = "tanh", depth: int = 5, width: int = 256, *, n: int = 4, seed: int = 0
) -> np.ndarray:
    """Mean singular value of the layer-to-layer Jacobian dh_{l+1}/dh_l = diag(phi'(z_{l+1})) W_{l+1}.

    One value per pair of consecutive hidden layers (depth - 1 values), averaged over `n`
    inputs N(0, 1) (drawn from `seed + 10_000`). Glorot & Bengio (2010, section 4.2.2)
    report this number: about 0.8 with their normalized init, 0.5 with the standard one.
    """
    _checks.one_of("init", init, SCHEMES)
    _checks.one_of("activation", activation, ACTIVATIONS)
    depth = _checks.integer("depth", depth, minimum=2)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=1)
    model = build([width] * (depth + 1) + [2], activation, init, seed=seed)
    x, _ = probe_batch(n, width, seed=seed)
    rec = record(model, x)
    layers = [m for m in model if isinstance(m, nn.Linear)]
    out = []
    for layer, hidden in zip(layers[1:depth], rec.layers[1:depth]):
        # phi'(z), elementwise: the activation acts on each unit alone
        slope = torch.autograd.grad(hidden.output.sum(), hidden.input, retain_graph=True)[0]
        with torch.no_grad():
            out.append(
                np.mean([torch.linalg.svdvals(slope[k][:, None] * layer.weight).mean().item() for k in range(n)])
            )
    return np.array(out)
