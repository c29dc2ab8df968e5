"""Lesson 01: a constant initialization keeps hidden units identical; a little noise breaks the tie.

Every weight of a 2-16-2 MLP starts at the same constant (0.5) plus Gaussian noise of std
`noise`; biases start at 0. Full-batch gradient descent on cross-entropy, on the
two-circles task. With `noise=0` the 16 hidden units stay exactly identical at every
step; with any noise they split apart, smaller noise just later.

The training loop is the same network written out in NumPy (float64), because the
explorer must answer within a fraction of a second; `tests/test_explorers_symmetry.py`
checks its gradients against torch autograd.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection

import numpy as np
import torch
from torch import nn

from .. import _checks
from ..data import circles

#: The step counts of the explorer's steps slider: `slider_run` keeps the parameters at each.
STEPS = tuple(range(0, 401, 25))
ACTIVATIONS = ("tanh", "sigmoid", "relu")
SPLIT = 0.1  # units count as "split apart" once two of them differ by this much in some weight
LR = 1.5  # full-batch gradient descent's learning rate


@functools.cache  # the same 256 points for every run: generate them once
def task(n: int = 256, seed: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """The two-circles task of lesson 01 (balanced: n/2 points per class); cached."""
    return circles(n=n, seed=seed)


def row_spread(w: np.ndarray | torch.Tensor) -> float:
    """How far apart the hidden units are: the largest difference between two rows in the same column.

    For each input k, max_j w[j, k] - min_j w[j, k]; the largest of these. 0.0 exactly when every
    row (every unit's incoming weights) is the same.
    """
    w = w.detach().numpy() if isinstance(w, torch.Tensor) else np.asarray(w)
    return float(np.ptp(w, axis=0).max())


def initial_params(
    noise: float, *, constant: float = 0.5, hidden: int = 16, n_in: int = 2, n_out: int = 2, seed: int = 0
) -> dict[str, np.ndarray]:
    """Every weight `constant` plus N(0, noise^2) noise (from `seed`), every bias 0; float64."""
    rng = np.random.default_rng(seed)
    return {
        "W1": constant + noise * rng.standard_normal((hidden, n_in)),
        "b1": np.zeros(hidden),
        "W2": constant + noise * rng.standard_normal((n_out, hidden)),
        "b2": np.zeros(n_out),
    }


def _act(name: str) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
    """The activation and its derivative written in terms of the activation's output."""
    if name == "tanh":
        return np.tanh, lambda h: 1.0 - h * h
    if name == "sigmoid":
        return (lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))), (lambda h: h * (1.0 - h))
    return (lambda z: np.maximum(z, 0.0)), (lambda h: (h > 0).astype(h.dtype))  # ReLU'(0) = 0, as in torch


def gradient_descent(
    params: dict[str, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    steps: int,
    lr: float,
    activation: str = "tanh",
    keep: Collection[int] = (),
) -> dict:
    """Full-batch gradient descent on cross-entropy for a one-hidden-layer MLP, in NumPy.

    `params` (W1, b1, W2, b2) are updated in place. Returns per-step `loss` and `spread`
    (`row_spread` of W1), both with steps + 1 entries (before every update, and after the last),
    and `kept`: a copy of the parameters after each step count in `keep`.
    """
    f, df = _act(activation)
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    onehot = np.eye(W2.shape[0])[y]
    n = len(x)
    loss = np.empty(steps + 1)
    spread = np.empty(steps + 1)
    kept = {}
    for step in range(steps + 1):
        if step in keep:
            kept[step] = {name: value.copy() for name, value in params.items()}
        h = f(x @ W1.T + b1)
        logits = h @ W2.T + b2
        logits -= logits.max(1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        loss[step] = -(logp * onehot).sum() / n
        spread[step] = np.ptp(W1, axis=0).max()  # row_spread(W1)
        if step == steps:
            break
        d = (np.exp(logp) - onehot) / n  # d loss / d logits
        dz = (d @ W2) * df(h)  # d loss / d hidden pre-activation
        W2 -= lr * (d.T @ h)
        b2 -= lr * d.sum(0)
        W1 -= lr * (dz.T @ x)
        b1 -= lr * dz.sum(0)
    return {"loss": loss, "spread": spread, "kept": kept}


def to_torch(
    params: dict[str, np.ndarray], activation: str = "tanh", dtype: torch.dtype = torch.float32
) -> nn.Sequential:
    """The same network as a torch MLP (float32 unless told), e.g. to compare with autograd."""
    act = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "relu": nn.ReLU}[activation]()
    (hidden, n_in), n_out = params["W1"].shape, params["W2"].shape[0]
    model = nn.Sequential(nn.Linear(n_in, hidden, dtype=dtype), act, nn.Linear(hidden, n_out, dtype=dtype))
    with torch.no_grad():
        layers: tuple[nn.Linear, nn.Linear] = (model[0], model[2])  # type: ignore[assignment]
        for layer, (w, b) in zip(layers, (("W1", "b1"), ("W2", "b2"))):
            layer.weight.copy_(torch.from_numpy(params[w]))
            layer.bias.copy_(torch.from_numpy(params[b]))
    return model


def predict(params: dict[str, np.ndarray], points: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """The class (0 or 1) the network assigns to each row of `points` (NumPy, float64)."""
    f, _ = _act(activation)
    return (f(points @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]).argmax(1)


def symmetry_run(
    noise: float,
    steps: int,
    *,
    constant: float = 0.5,
    hidden: int = 16,
    lr: float = LR,
    activation: str = "tanh",
    seed: int = 0,
) -> dict:
    """Train the constant-plus-noise 2-`hidden`-2 MLP on the circles task for `steps` steps.

    Returns `loss` and `spread` per step (steps + 1 values), `split_at` (the first step
    where two units differ by more than SPLIT in some weight, or None), final `accuracy`,
    the final `params` and the arguments.
    """
    noise = _checks.finite("noise", noise, minimum=0.0)
    steps = _checks.integer("steps", steps, minimum=0)
    constant = _checks.finite("constant", constant)
    hidden = _checks.integer("hidden", hidden, minimum=1)
    lr = _checks.finite("lr", lr, above=0.0)
    _checks.one_of("activation", activation, ACTIVATIONS)
    seed = _checks.integer("seed", seed, minimum=0)
    x, y = task()
    params = initial_params(noise, constant=constant, hidden=hidden, seed=seed)
    with np.errstate(over="ignore"):
        curves = gradient_descent(
            params, x.numpy().astype(np.float64), y.numpy(), steps=steps, lr=lr, activation=activation
        )
    return _summary(curves["loss"], curves["spread"], params, noise=noise, activation=activation, hidden=hidden)


def _summary(loss: np.ndarray, spread: np.ndarray, params: dict[str, np.ndarray], **settings) -> dict:
    """What `symmetry_run` returns, from the curves of its steps and the parameters after the last."""
    x, y = task()
    with np.errstate(over="ignore"):
        accuracy = float((predict(params, x.numpy().astype(np.float64), settings["activation"]) == y.numpy()).mean())
    above = np.flatnonzero(spread > SPLIT)
    return {
        "loss": loss,
        "spread": spread,
        "split_at": int(above[0]) if above.size else None,
        "accuracy": accuracy,
        "params": params,
        "steps": len(loss) - 1,
        **settings,
    }


@functools.lru_cache(maxsize=16)  # one run per noise value of the slider: moving `steps` then computes nothing
def _full_run(noise: float) -> dict:
    """`symmetry_run(noise, max(STEPS))`'s curves, with the parameters kept at every step of `STEPS`.

    Cached and shared between calls: its arrays are made read-only.
    """
    x, y = task()
    with np.errstate(over="ignore"):
        run = gradient_descent(
            initial_params(noise), x.numpy().astype(np.float64), y.numpy(), steps=max(STEPS), lr=LR, keep=STEPS
        )
    for array in (run["loss"], run["spread"], *(a for kept in run["kept"].values() for a in kept.values())):
        array.flags.writeable = False
    return run


def slider_run(noise: float, steps: int) -> dict:
    """`symmetry_run(noise, steps)` for a step count of `STEPS`, sliced from one cached run per noise value.

    The same float operations in the same order, so the same numbers; what the explorer computes.
    The returned arrays are read-only views of the cached run.
    """
    noise = _checks.finite("noise", noise, minimum=0.0)
    steps = _checks.integer("steps", steps, minimum=0)
    if steps not in STEPS:
        raise ValueError(f"steps={steps!r} is not kept; allowed: {', '.join(map(str, STEPS))}")
    full = _full_run(noise)
    return _summary(
        full["loss"][: steps + 1],
        full["spread"][: steps + 1],
        dict(full["kept"][steps]),
        noise=noise,
        activation="tanh",
        hidden=full["kept"][0]["W1"].shape[0],
    )
