"""Analytic predictions (mean-field, infinite width) for signals through a deep MLP.

Weights w ~ (0, s^2 / n) and biases b ~ N(0, sigma_b^2): the pre-activation variance obeys
    q_1 = s^2 E[x^2] + sigma_b^2,   q_l = s^2 E[phi(sqrt(q_{l-1}) xi)^2] + sigma_b^2,   xi ~ N(0, 1),
and the backward variance of d loss / d z obeys
    Var(delta_l) = Var(delta_{l+1}) chi(q_l),   chi(q) = s^2 E[phi'(sqrt(q) xi)^2].
The forward map has a fixed point q* (`fixed_point`); chi(q*) < 1 is the ordered phase,
chi(q*) > 1 the chaotic one, chi(q*) = 1 the edge of chaos between them (Poole et al. 2016;
Schoenholz et al. 2017). Expectations over the Gaussian use a composite Gauss-Legendre rule
(`gaussian_mean`) that resolves both the activation's own scale (|z| about 1) and the Gaussian's
(|z| about its std), so they stay accurate at any variance.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _checks
from .nets import ACTIVATIONS, LEAKY_SLOPE

# E[f(z)], z = std * xi, xi ~ N(0, 1), by Gauss-Legendre on panels in xi: one panel [0, xi_0], then
# _PANELS panels growing geometrically from xi_0 = min(1, 1/std) / 4 to _TAIL, mirrored to xi < 0.
# Fixed Gauss-Hermite nodes (100 of them, 0.3 apart near 0) miss a feature of width 1/std in xi,
# such as tanh'(z)^2 (|z| < 2) once std > 3: chi of tanh at gain 4 came out 5 % low, at gain 8
# 1.44 instead of 4.48. Geometric panels that start at the activation's scale do not miss it,
# and a panel edge at 0 splits ReLU's kink exactly.
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(8)
_PANELS = 12
_TAIL = 12.0  # |xi| > 12 holds e^-72 of the Gaussian's mass
_STEPS = np.linspace(0.0, 1.0, _PANELS + 1)


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


def _rule(std: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z and weights (summing to 1) of E[f(z)], z ~ N(0, std^2), for every entry of `std`.

    Returns arrays of shape std.shape + (208,): 8 Gauss-Legendre nodes on each of 13 panels per side.
    Accurate to about 1e-8 (relative) for tanh, sigmoid, ReLU and their slopes, for std from 0 to 300.
    """
    first = np.minimum(1.0, 1.0 / np.maximum(std, 1e-300))[..., None] / 4
    edges = np.concatenate([np.zeros_like(first), first * (_TAIL / first) ** _STEPS], axis=-1)
    low, high = edges[..., :-1, None], edges[..., 1:, None]
    half = (high - low) / 2
    xi = ((low + high) / 2 + half * _GL_NODES).reshape(*std.shape, -1)
    w = (half * _GL_WEIGHTS).reshape(*std.shape, -1) * np.exp(-(xi**2) / 2)
    xi = np.concatenate([-xi[..., ::-1], xi], axis=-1)
    w = np.concatenate([w[..., ::-1], w], axis=-1)
    return std[..., None] * xi, w / w.sum(axis=-1, keepdims=True)


def gaussian_mean(f, variance: float) -> float:
    """E[f(z)] for z ~ N(0, variance), accurate at any variance (see `_rule`)."""
    return float(_gaussian_means(f, variance))


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
    z, w = _rule(np.sqrt(np.maximum(np.asarray(variance, dtype=float), 0.0)))
    with np.errstate(over="ignore"):  # exp(-z) of a sigmoid overflows far in its tail: 1 / (1 + inf) = 0 is right
        return np.sum(w * f(z), axis=-1)


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
