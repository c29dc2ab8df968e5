"""Lesson 08, gains beyond ReLU and tanh: the gain that keeps a unit-variance signal at variance 1.

A layer with weights N(0, g^2 / n_in) maps pre-activations of variance q to variance
g^2 E[phi(sqrt(q) xi)^2], xi ~ N(0, 1) (He et al. 2015; the mean-field recursion of
`initviz.theory`). The gain g = 1 / sqrt(E[phi(xi)^2]) makes q = 1 a fixed point:
sqrt(2) for ReLU, about 1.59 for tanh (PyTorch uses 5/3), and, measured here, the gains
of GELU, SiLU and SELU, which `torch.nn.init.calculate_gain` does not derive this way.

Compute: `second_moment(name)` (E[phi(xi)^2] by Gauss-Hermite quadrature), `gain(name)`,
`stack_std(name, gain, ...)` (the per-layer std of z in a deep stack, measured) and
`predicted_std(...)` (the same from the mean-field recursion).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import _checks

#: The activations of this lesson, as torch functions (exact GELU, not its tanh approximation).
ACTIVATIONS = {
    "relu": torch.relu,
    "tanh": torch.tanh,
    "gelu": nn.functional.gelu,
    "silu": nn.functional.silu,
    "selu": nn.functional.selu,
}

# Gauss-Hermite nodes for E[f(xi)], xi ~ N(0, 1): 200 nodes, even count (no node at the kinks at 0).
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(200)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def _phi(name: str, z: np.ndarray) -> np.ndarray:
    f = ACTIVATIONS[_checks.one_of("activation", name, ACTIVATIONS)]
    return f(torch.from_numpy(np.asarray(z, dtype=np.float64))).numpy()


def second_moment(name: str, variance: float = 1.0) -> float:
    """E[phi(z)^2] for z ~ N(0, variance), by quadrature (float64)."""
    variance = _checks.finite("variance", variance, minimum=0.0)
    return float(np.sum(_WEIGHTS * _phi(name, math.sqrt(variance) * _NODES) ** 2))


def mean(name: str) -> float:
    """E[phi(z)] for z ~ N(0, 1): 0 for tanh and SELU (by design), positive for ReLU, GELU and SiLU."""
    return float(np.sum(_WEIGHTS * _phi(name, _NODES)))


def gain(name: str) -> float:
    """1 / sqrt(E[phi(z)^2]), z ~ N(0, 1): the gain that makes variance 1 a fixed point of the layer map."""
    return 1.0 / math.sqrt(second_moment(name))


def monte_carlo_gain(name: str, n: int = 1_000_000, seed: int = 0) -> float:
    """The same gain from `n` random draws (float64): a check of the quadrature."""
    n = _checks.integer("n", n, minimum=2)
    z = torch.randn(n, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return 1.0 / math.sqrt(float(ACTIVATIONS[_checks.one_of("activation", name, ACTIVATIONS)](z).pow(2).mean()))


def predicted_std(name: str, gain: float, depth: int) -> np.ndarray:
    """Mean-field std of z in layers 1..depth: q_1 = 1, q_{l+1} = gain^2 E[phi(sqrt(q_l) xi)^2]."""
    gain = _checks.finite("gain", gain, minimum=0.0)
    depth = _checks.integer("depth", depth, minimum=1)
    q = [1.0]
    for _ in range(depth - 1):
        q.append(gain**2 * second_moment(name, q[-1]))
    return np.sqrt(np.array(q))


def stack_std(name: str, gain: float, *, depth: int = 30, width: int = 256, n: int = 256, seed: int = 0) -> np.ndarray:
    """Measured std of the pre-activations z of layers 1..depth of a bias-free stack.

    Inputs: z_1 ~ N(0, 1), shape (n, width), drawn from `seed + 10_000`; each layer applies
    phi, then weights N(0, gain^2 / width) drawn from `seed`.
    """
    gain = _checks.finite("gain", gain, minimum=0.0)
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=2)
    f = ACTIVATIONS[_checks.one_of("activation", name, ACTIVATIONS)]
    z = torch.randn(n, width, generator=torch.Generator().manual_seed(seed + 10_000))
    g = torch.Generator().manual_seed(seed)
    stds = [z.std().item()]
    for _ in range(depth - 1):
        w = torch.randn(width, width, generator=g) * (gain / math.sqrt(width))
        z = f(z) @ w.T
        stds.append(z.std().item())
    return np.array(stds)
