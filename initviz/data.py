"""Toy 2-D classification data, generated locally from a seed (never downloaded).

Every function returns `(x, y)`: `x` float32 of shape (n, 2), `y` int64 of shape (n,).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from . import _checks

Dataset = tuple[torch.Tensor, torch.Tensor]


def _rng(n: int, noise: float, seed: int) -> np.random.Generator:
    _checks.integer("n", n, minimum=2)
    _checks.finite("noise", noise, minimum=0.0)
    _checks.integer("seed", seed, minimum=0)
    return np.random.default_rng(seed)


def _pack(x: np.ndarray, y: np.ndarray, rng: np.random.Generator, noise: float) -> Dataset:
    x = x + noise * rng.standard_normal(x.shape)
    order = rng.permutation(len(y))
    return torch.from_numpy(x[order].astype(np.float32)), torch.from_numpy(y[order].astype(np.int64))


def _halves(n: int) -> np.ndarray:
    return np.repeat([0, 1], [n - n // 2, n // 2])


def circles(n: int = 256, noise: float = 0.08, seed: int = 0) -> Dataset:
    """Two concentric rings: class 0 outside (radius 1), class 1 inside (radius 0.5)."""
    rng = _rng(n, noise, seed)
    y = _halves(n)
    angle = rng.uniform(0, 2 * math.pi, n)
    radius = np.where(y == 0, 1.0, 0.5)
    return _pack(np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1), y, rng, noise)


def moons(n: int = 256, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaving half-moons, centred near the origin."""
    rng = _rng(n, noise, seed)
    y = _halves(n)
    t = rng.uniform(0, math.pi, n)
    x = np.where(y[:, None] == 0, np.stack([np.cos(t), np.sin(t)], 1), np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1))
    return _pack(x - [0.5, 0.25], y, rng, noise)


def spirals(n: int = 256, noise: float = 0.05, seed: int = 0) -> Dataset:
    """Two interleaved spirals of 1.5 turns each, radius up to 1."""
    rng = _rng(n, noise, seed)
    y = _halves(n)
    r = rng.uniform(0.1, 1.0, n)
    angle = 3 * math.pi * r + math.pi * y
    return _pack(np.stack([r * np.cos(angle), r * np.sin(angle)], 1), y, rng, noise)


def xor(n: int = 256, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Four clusters at (+-0.5, +-0.5); the class is 1 where the signs of the coordinates differ."""
    rng = _rng(n, noise, seed)
    corner = rng.integers(0, 4, n)
    signs = np.stack([np.where(corner % 2, 1.0, -1.0), np.where(corner // 2, 1.0, -1.0)], 1)
    y = (signs[:, 0] != signs[:, 1]).astype(np.int64)
    return _pack(0.5 * signs, y, rng, noise)


def blobs(n: int = 256, noise: float = 0.3, seed: int = 0, *, classes: int = 3) -> Dataset:
    """`classes` Gaussian blobs with centres evenly spaced on the unit circle; std `noise`."""
    rng = _rng(n, noise, seed)
    _checks.integer("classes", classes, minimum=2)
    y = np.arange(n) % classes
    angle = 2 * math.pi * y / classes
    return _pack(np.stack([np.cos(angle), np.sin(angle)], 1), y, rng, noise)


def check_xy(x: object, y: object | None, n_inputs: int | None = None) -> None:
    """Raise a clear error unless `x` is a float (n, d) tensor and `y` (if given) int64 (n,)."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor of shape (n, d); got {type(x).__name__}")
    if x.ndim != 2 or not x.is_floating_point():
        raise ValueError(f"x must be a 2-D float tensor (n, d); got shape {tuple(x.shape)} dtype {x.dtype}")
    if n_inputs is not None and x.shape[1] != n_inputs:
        raise ValueError(f"x has {x.shape[1]} features per sample but the model's first layer expects {n_inputs}")
    if y is None:
        return
    if not isinstance(y, torch.Tensor):
        raise TypeError(f"y must be a torch.Tensor of class labels; got {type(y).__name__}")
    if y.ndim != 1 or y.dtype != torch.int64:
        raise ValueError(f"y must be a 1-D int64 tensor of class labels; got shape {tuple(y.shape)} dtype {y.dtype}")
    if len(y) != len(x):
        raise ValueError(f"x and y do not match: x has {len(x)} samples, y has {len(y)}")
