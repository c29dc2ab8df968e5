"""Explorer of lesson 01: a little noise breaks the symmetry of a constant initialization.

Every weight of a 2-16-2 tanh MLP starts at the same constant (0.5) plus Gaussian noise
of std `noise`; biases start at 0. Full-batch gradient descent on cross-entropy, on the
two-circles task. With `noise=0` the 16 hidden units stay exactly identical at every
step; with any noise they split apart, smaller noise just later.

The training loop is the same network written out in NumPy (float64), because the
explorer must answer within a fraction of a second; `tests/test_explorers_symmetry.py`
checks its gradients against torch autograd.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection

import numpy as np
import torch
from torch import nn

from .. import _checks
from ..data import circles
from ..explorer import Explorer, choice_slider
from ..figures import new_figure
from ..style import MARKERS, PALETTE

#: (label, value) pairs of the noise slider: a log scale that includes 0.
NOISES = (("0", 0.0), ("1e-8", 1e-8), ("1e-6", 1e-6), ("1e-4", 1e-4), ("1e-2", 1e-2), ("1e-1", 0.1), ("1", 1.0))
STEPS = tuple(range(0, 401, 25))
ACTIVATIONS = ("tanh", "sigmoid", "relu")
SPLIT = 0.1  # units count as "split apart" once two of them differ by this much in some weight
LR = 1.5  # full-batch gradient descent's learning rate
_FLOOR, _CEIL = 1e-10, 10.0

_DATA: dict[tuple[int, int], tuple[torch.Tensor, torch.Tensor]] = {}


def task(n: int = 256, seed: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """The two-circles task of lesson 01 (balanced: n/2 points per class); cached."""
    if (n, seed) not in _DATA:
        _DATA[n, seed] = circles(n=n, seed=seed)
    return _DATA[n, seed]


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


def _act(name: str):
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


def cached_runs() -> Callable[[float, int], dict]:
    """`symmetry_run(noise, steps)` for the explorer's slider values, from one run per noise value to the
    last step of the slider, kept with its parameters at every slider step: the same float operations
    in the same order, so the same numbers, and moving the steps slider computes nothing."""
    runs: dict[float, dict] = {}

    def run(noise: float, steps: int) -> dict:
        if noise not in runs:
            _checks.finite("noise", noise, minimum=0.0)
            x, y = task()
            params = initial_params(noise)
            with np.errstate(over="ignore"):
                runs[noise] = gradient_descent(
                    params, x.numpy().astype(np.float64), y.numpy(), steps=max(STEPS), lr=LR, keep=STEPS
                )
        full = runs[noise]
        return _summary(
            full["loss"][: steps + 1],
            full["spread"][: steps + 1],
            full["kept"][steps],
            noise=noise,
            activation="tanh",
            hidden=full["kept"][0]["W1"].shape[0],
        )

    return run


def _noise_label(noise: float) -> str:
    return "0" if noise == 0 else f"{noise:.0e}".replace("e-0", "e-").replace("e+00", "")


def predict(params: dict[str, np.ndarray], points: np.ndarray, activation: str = "tanh") -> np.ndarray:
    """The class (0 or 1) the network assigns to each row of `points` (NumPy, float64)."""
    f, _ = _act(activation)
    return (f(points @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]).argmax(1)


def _headline(r: dict, label: str) -> str:
    if r["steps"] == 0:
        return f"Noise {label}: the start, before any training step"
    if r["noise"] == 0:
        return "No noise: the 16 units stay one unit, however long they train"
    if r["split_at"] == 0:
        return f"Noise {label}: the units differ from the start, and the loss falls at once"
    if r["split_at"] is None:
        return f"Noise {label}: not split apart yet after {r['steps']} steps (try more steps)"
    return f"Noise {label}: the units split apart at step {r['split_at']}, and then the loss falls"


def explore_symmetry(noise: float = 1e-4, steps: int = 300) -> Explorer:
    """Sliders for the noise added to a constant init (log scale, 0 included) and the number of steps.

    Left: how far apart the 16 hidden units are; middle: the loss; right: the decision
    boundary after the last step. Only the changing artists are redrawn on an update.
    """
    fig, (ax_s, ax_l, ax_b) = new_figure(3, width=3.3, height=3.3, title=" ")  # 990 px: fits a JupyterLab column
    x, y = task()
    every = max(STEPS) // 8

    # left: spread of the units (log axis, fixed limits so that slider positions compare)
    (spread_line,) = ax_s.plot([], [], color=PALETTE[0], linestyle="-", marker="o")
    identical = ax_s.text(
        0.5,
        0.5,
        "exactly 0 at every step:\nthe units are identical",
        transform=ax_s.transAxes,
        ha="center",
        va="center",
        color=PALETTE[3],
        fontweight="bold",
        visible=False,
    )
    ax_s.axhline(SPLIT, color="grey", linestyle=":", linewidth=1.5, label=f"split apart: {SPLIT:g}")
    ax_s.legend(frameon=False, loc="lower right")
    ax_s.set(
        yscale="log",
        ylim=(_FLOOR, _CEIL),
        xlim=(0, max(STEPS)),
        xlabel="step",
        ylabel="largest weight difference\nbetween hidden units",
        title="how far apart the units are",
    )

    # middle: the loss, with chance level
    (loss_line,) = ax_l.plot([], [], color=PALETTE[1], linestyle="--", marker="s", label="training loss")
    ax_l.axhline(math.log(2), color="grey", linestyle=":", linewidth=1.5, label="ln 2 (chance)")
    ax_l.set(
        yscale="log",
        ylim=(0.01, 3.0),
        xlim=(0, max(STEPS)),
        xlabel="step",
        ylabel="loss (cross-entropy)",
        title="training loss",
    )
    ax_l.legend(frameon=False, loc="lower left")

    # right: the data once, the predicted regions on every update
    lo, hi = x.min(0).values.numpy() - 0.3, x.max(0).values.numpy() + 0.3
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 80), np.linspace(lo[1], hi[1], 80))
    grid = np.stack([gx.ravel(), gy.ravel()], 1)
    for k in (0, 1):
        pts = x[y == k].numpy()
        ax_b.scatter(
            pts[:, 0],
            pts[:, 1],
            s=12,
            color=PALETTE[k],
            marker=MARKERS[k],
            edgecolor="white",
            linewidth=0.3,
            label=f"class {k}",
            zorder=3,
        )
    ax_b.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax_b.grid(False)
    ax_b.legend(frameon=False, loc="upper right", fontsize=9)
    regions: list = []

    def draw(r: dict) -> None:
        step = np.arange(r["steps"] + 1)
        zero = not r["spread"].any()
        spread_line.set_data(([], []) if zero else (step, np.clip(r["spread"], _FLOOR, None)))
        spread_line.set_markevery(every)
        identical.set_visible(zero)
        loss_line.set_data(step, r["loss"])
        loss_line.set_markevery(every)
        while regions:
            regions.pop().remove()
        pred = predict(r["params"], grid, r["activation"]).reshape(gx.shape).astype(float)
        regions.append(ax_b.contourf(gx, gy, pred, levels=[-0.5, 0.5, 1.5], colors=PALETTE[:2], alpha=0.35, zorder=0))
        ax_b.set_title(f"after {r['steps']} steps: {100 * r['accuracy']:.0f}% right")
        fig.suptitle(_headline(r, _noise_label(r["noise"])), fontweight="bold")

    controls = {
        "noise": choice_slider("noise std", NOISES, noise),
        "steps": choice_slider("steps", STEPS, steps),
    }
    return Explorer("Breaking symmetry: constant 0.5 plus noise, 2-16-2 tanh net", controls, fig, cached_runs(), draw)
