"""Analytic predictions (mean-field, infinite width) for signals through a deep MLP.

Weights w ~ (0, s^2 / n) and biases b ~ N(0, sigma_b^2): the pre-activation variance obeys
    q_1 = s^2 E[x^2] + sigma_b^2,   q_l = s^2 E[phi(sqrt(q_{l-1}) xi)^2] + sigma_b^2,   xi ~ N(0, 1),
and the backward variance of d loss / d z obeys
    Var(delta_l) = Var(delta_{l+1}) chi(q_l),   chi(q) = s^2 E[phi'(sqrt(q) xi)^2].
The forward map has a fixed point q* (`fixed_point`); chi(q*) < 1 is the ordered phase,
chi(q*) > 1 the chaotic one, chi(q*) = 1 the edge of chaos between them (Poole et al. 2016;
Schoenholz et al. 2017). Expectations over the Gaussian are computed by Gauss-Hermite quadrature.
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


def forward_std(
    depth: int, activation: str, scale: float, input_second_moment: float = 1.0, *, bias_std: float = 0.0
) -> np.ndarray:
    """Predicted std of the pre-activations of layers 1..depth for weights of variance scale^2 / n.

    `bias_std`: biases drawn N(0, bias_std^2) add bias_std^2 to every layer's variance.
    """
    _checks.integer("depth", depth, minimum=1)
    s2 = _checks.finite("scale", scale, minimum=0.0) ** 2
    b2 = _checks.finite("bias_std", bias_std, minimum=0.0) ** 2
    q = np.empty(depth)
    q[0] = s2 * input_second_moment + b2
    for l in range(1, depth):
        q[l] = s2 * gaussian_mean(lambda z: phi(activation, z) ** 2, q[l - 1]) + b2
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


def _gaussian_means(f, variance: float | np.ndarray) -> np.ndarray:
    """E[f(z)] for z ~ N(0, v), for every v of the array `variance` at once."""
    v = np.sqrt(np.maximum(np.asarray(variance, dtype=float), 0.0))
    return np.sum(_WEIGHTS * f(v[..., None] * _NODES), axis=-1)


def chi(q: float | np.ndarray, scale: float | np.ndarray, activation: str = "tanh") -> np.ndarray:
    """chi = scale^2 E[phi'(z)^2], z ~ N(0, q): the factor by which one layer multiplies Var(d loss / d z).

    Broadcasts over arrays of `q` and `scale`. At the fixed point q*, chi < 1 means gradients
    shrink on their way down (ordered phase), chi > 1 that they grow (chaotic phase).
    """
    _checks.one_of("activation", activation, ACTIVATIONS)
    return np.asarray(scale, dtype=float) ** 2 * _gaussian_means(lambda z: dphi(activation, z) ** 2, q)


def fixed_point(
    scale: float | np.ndarray, bias_std: float | np.ndarray = 0.0, activation: str = "tanh", *, steps: int = 50
) -> np.ndarray:
    """The stable fixed point q* of the forward map q -> scale^2 E[phi(z)^2] + bias_std^2, z ~ N(0, q).

    For tanh the map sends every q into [bias_std^2, scale^2 + bias_std^2] and is increasing and
    concave, so the stable q* is unique: found by `steps` bisections
    (broadcasting over arrays of `scale` and `bias_std`; precision about 2^-steps of the interval).
    With zero bias, tanh has q* = 0 for scale <= 1 and q* > 0 for scale > 1.
    """
    _checks.one_of("activation", activation, ("tanh",))
    s2 = np.asarray(scale, dtype=float) ** 2
    b2 = np.asarray(bias_std, dtype=float) ** 2
    lo, hi = np.broadcast_arrays(b2, s2 + b2)
    lo, hi = lo.astype(float), hi.astype(float)
    for _ in range(_checks.integer("steps", steps, minimum=1)):
        mid = (lo + hi) / 2
        above = s2 * _gaussian_means(lambda z: phi(activation, z) ** 2, mid) + b2 > mid
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    return (lo + hi) / 2
