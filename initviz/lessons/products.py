"""Lesson 02's compute: gradients are products, and products vanish or explode.

- `scalar_chain`: a chain of L one-weight layers, the gradient reaching each layer is w^(L-l);
- `product_norms`, `product_singular_values`: products of n x n random matrices, Gaussian
  N(0, s^2/n) or s times a random orthogonal matrix (float64, torch);
- `gradient_norms`: per-layer forward std, std of d loss / d z and the norm of d loss / d W
  in a deep MLP (torch, through `initviz.recorder`).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import _checks
from ..nets import ACTIVATIONS, linear_layers, mlp
from ..probe import probe_batch
from ..recorder import record, saturated_fraction

KINDS = ("gaussian", "orthogonal")


def scalar_chain(w: float, depth: int) -> dict:
    """A chain of `depth` layers h_l = w * h_(l-1): the gradient of the top with respect to each h_l.

    Returns `layer` (0 = the input .. depth = the top) and `gradient` = w ** (depth - layer)
    (float64; overflow gives inf, never a warning).
    """
    w = _checks.finite("w", w)
    depth = _checks.integer("depth", depth, minimum=1)
    layer = np.arange(depth + 1)
    with np.errstate(over="ignore", under="ignore"):
        gradient = np.float64(w) ** (depth - layer)
    return {"w": w, "depth": depth, "layer": layer, "gradient": gradient}


def random_matrix(n: int, s: float, kind: str, generator: torch.Generator) -> torch.Tensor:
    """One n x n float64 matrix: entries N(0, s^2/n) (`gaussian`) or s times a uniformly random orthogonal one."""
    g = torch.randn(n, n, generator=generator, dtype=torch.float64)
    if kind == "gaussian":
        return g * (s / math.sqrt(n))
    q, r = torch.linalg.qr(g)
    return s * q * torch.sign(torch.diagonal(r))  # the sign fix makes q uniform (Haar) over orthogonal matrices


def _check_product(s: float, depth: int, n: int, kind: str, seed: int) -> tuple[float, int, int, str, int]:
    return (
        _checks.finite("s", s, minimum=0.0),
        _checks.integer("depth", depth, minimum=1),
        _checks.integer("n", n, minimum=1),
        _checks.one_of("kind", kind, KINDS),
        _checks.integer("seed", seed, minimum=0),
    )


def product_norms(
    s: float, depth: int, n: int = 128, *, kind: str = "gaussian", vectors: int = 16, seed: int = 0
) -> np.ndarray:
    """How much W_l ... W_1 stretches vectors: ||W_l ... W_1 X|| / ||X|| for l = 0 .. depth.

    X holds `vectors` random directions; the matrices are drawn by `random_matrix` from `seed`.
    Computed in torch float64 (torch's thread setting applies, unlike NumPy's BLAS).
    """
    s, depth, n, kind, seed = _check_product(s, depth, n, kind, seed)
    vectors = _checks.integer("vectors", vectors, minimum=1)
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, vectors, generator=generator, dtype=torch.float64)
    start = torch.linalg.norm(x)
    norms = [1.0]
    for _ in range(depth):
        x = random_matrix(n, s, kind, generator) @ x
        norms.append((torch.linalg.norm(x) / start).item())
    return np.array(norms)


def product_singular_values(
    depth: int, n: int = 128, *, kind: str = "gaussian", s: float = 1.0, seed: int = 0
) -> np.ndarray:
    """The singular values of the product W_depth ... W_1, largest first (torch float64).

    Values below about 1e-15 times the largest are rounding noise, not the true values.
    """
    s, depth, n, kind, seed = _check_product(s, depth, n, kind, seed)
    generator = torch.Generator().manual_seed(seed)
    p = torch.eye(n, dtype=torch.float64)
    for _ in range(depth):
        p = random_matrix(n, s, kind, generator) @ p
    return torch.linalg.svdvals(p).numpy()


def gradient_norms(depth: int, width: int, activation: str, scale: float, *, n: int = 256, seed: int = 0) -> dict:
    """One forward and backward pass through a deep MLP with weights N(0, scale^2 / fan_in).

    The net has `depth` hidden layers of `width` units (`initviz.mlp`, init `lecun_normal`
    times `scale`), the probe batch (`initviz.probe.probe_batch`: inputs N(0, 1), random
    labels in {0, 1}), cross-entropy loss. Returns, per hidden layer l = 1 .. depth:
    `forward` (std of the pre-activations z_l), `grad_z` (std of d loss / d z_l) and
    `grad_w` (Frobenius norm of d loss / d W_l) and `saturated` (fraction of the activations
    in a flat tail, `initviz.recorder.SATURATION`; 0 for ReLU), plus `loss`. Non-finite values
    (overflow) stay inf/NaN.
    """
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    _checks.one_of("activation", activation, ACTIVATIONS)
    scale = _checks.finite("scale", scale, minimum=0.0)
    n = _checks.integer("n", n, minimum=2)
    model = mlp([width] * (depth + 1) + [2], activation, "lecun_normal", scale=scale, seed=seed)
    x, y = probe_batch(n, width, seed=seed)
    rec = record(model, x)  # one recorded activation per hidden layer: its input is z_l
    loss = nn.functional.cross_entropy(rec.output, y)
    z = [layer.input for layer in rec.layers]
    weights = [layer.weight for layer in linear_layers(model)[:depth]]
    grads = torch.autograd.grad(loss, [*z, *weights])
    return {
        "forward": np.array([t.detach().std().item() for t in z]),
        "grad_z": np.array([g.std().item() for g in grads[:depth]]),
        "grad_w": np.array([g.norm().item() for g in grads[depth:]]),
        "saturated": np.array([saturated_fraction(layer.output.detach(), activation) for layer in rec.layers]),
        "loss": loss.item(),
        "activation": activation,
        "scale": scale,
    }
