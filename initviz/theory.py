"""Analytic predictions (mean-field, infinite width) for signals through a deep MLP.

Weights w ~ (0, s^2 / n): the pre-activation variance obeys
    q_1 = s^2 E[x^2],   q_l = s^2 E[phi(sqrt(q_{l-1}) xi)^2],   xi ~ N(0, 1),
and the backward variance of d loss / d z obeys
    Var(delta_l) = Var(delta_{l+1}) s^2 E[phi'(z_l)^2].
Expectations over the Gaussian are computed by Gauss-Hermite quadrature.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _checks
from .nets import ACTIVATIONS, LEAKY_SLOPE

_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(100)  # even: no node at 0, where ReLU' jumps
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def phi(name: str, z: np.ndarray) -> np.ndarray:
    """The activation `name` applied to `z` (numpy)."""
    functions: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "linear": lambda t: t,
        "relu": lambda t: np.maximum(t, 0.0),
        "leaky_relu": lambda t: np.where(t > 0, t, LEAKY_SLOPE * t),
        "tanh": np.tanh,
        "sigmoid": lambda t: 1.0 / (1.0 + np.exp(-t)),
    }
    return functions[_checks.one_of("activation", name, ACTIVATIONS)](z)


def dphi(name: str, z: np.ndarray) -> np.ndarray:
    """The derivative of activation `name` at `z` (ReLU'(0) = 0, as in PyTorch)."""
    _checks.one_of("activation", name, ACTIVATIONS)
    if name == "linear":
        return np.ones_like(z)
    if name == "relu":
        return (z > 0).astype(float)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, LEAKY_SLOPE)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


def gaussian_mean(f, variance: float) -> float:
    """E[f(z)] for z ~ N(0, variance)."""
    return float(np.sum(_WEIGHTS * f(np.sqrt(max(variance, 0.0)) * _NODES)))


def forward_std(depth: int, activation: str, scale: float, input_second_moment: float = 1.0) -> np.ndarray:
    """Predicted std of the pre-activations of layers 1..depth for weights of variance scale^2 / n."""
    _checks.integer("depth", depth, minimum=1)
    s2 = _checks.finite("scale", scale, minimum=0.0) ** 2
    q = np.empty(depth)
    q[0] = s2 * input_second_moment
    for l in range(1, depth):
        q[l] = s2 * gaussian_mean(lambda z: phi(activation, z) ** 2, q[l - 1])
    with np.errstate(over="ignore", invalid="ignore"):
        return np.sqrt(q)


def backward_std(pre_std: np.ndarray, activation: str, scale: float, top: float) -> np.ndarray:
    """Predicted std of d loss / d z for layers 1..L, anchored at the measured `top` of layer L."""
    s2 = _checks.finite("scale", scale, minimum=0.0) ** 2
    g2 = np.empty(len(pre_std))
    g2[-1] = top**2
    for l in range(len(pre_std) - 2, -1, -1):
        g2[l] = g2[l + 1] * s2 * gaussian_mean(lambda z: dphi(activation, z) ** 2, pre_std[l] ** 2)
    return np.sqrt(g2)
