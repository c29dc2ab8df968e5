"""Explorer: how a signal's scale changes layer by layer, forward and backward."""

from __future__ import annotations

import numpy as np
import torch

from .. import _checks, theory
from ..explorer import Explorer, choice_slider, dropdown, slider
from ..figures import by_depth, new_figure, reset
from ..nets import ACTIVATIONS, initialize, mlp
from ..stats import layer_stats

SCALES = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.414, 1.5, 1.75, 2.0, 3.0, 4.0)


_KEPT: dict = {}  # (width, activation) -> (hidden Linear + activation modules, output layer)


def _model(depth: int, width: int, activation: str, scale: float, seed: int) -> torch.nn.Sequential:
    """The network of `mlp([width] * (depth + 1) + [2], activation, "lecun_normal", scale=scale,
    seed=seed)`, with the same weights, built from modules kept between calls.

    Building torch modules is almost half the compute of an update; `initialize` then
    draws every weight afresh from `seed`, layer after layer, exactly as `mlp` does. The
    modules of the last (width, activation) are kept, as deep as the deepest net so far.
    """
    hidden, out = _KEPT.get((width, activation), ([], None))
    if len(hidden) < 2 * depth:
        deeper = list(mlp([width] * (depth + 1) + [2], activation, "lecun_normal", scale=scale, seed=seed))
        hidden, out = deeper[:-1], deeper[-1]
        _KEPT.clear()
        _KEPT[width, activation] = hidden, out
    return initialize(torch.nn.Sequential(*hidden[: 2 * depth], out), "lecun_normal", scale=scale, seed=seed)


def signal_by_depth(depth: int, width: int, activation: str, scale: float, *, n: int = 256, seed: int = 0) -> dict:
    """Measured and predicted per-layer std of pre-activations (forward) and of d loss / d z (backward).

    Weights are N(0, scale^2 / width) (`lecun_normal` times `scale`), inputs N(0, 1),
    labels random in {0, 1}.
    """
    _checks.integer("depth", depth, minimum=1)
    _checks.integer("width", width, minimum=1)
    model = _model(depth, width, activation, scale, seed)
    g = torch.Generator().manual_seed(seed + 10_000)  # not the weights' stream: x must not equal rows of W
    x = torch.randn(n, width, generator=g)
    y = torch.randint(0, 2, (n,), generator=g)
    with np.errstate(all="ignore"):
        stats = layer_stats(model, x, y)
        forward = np.array([s.pre_std for s in stats])
        backward = np.array([s.grad_std for s in stats])
        predicted_forward = theory.forward_std(depth, activation, scale)
        top = backward[-1] if np.isfinite(backward[-1]) and backward[-1] > 0 else 1.0
        predicted_backward = theory.backward_std(predicted_forward, activation, scale, top)
    return {
        "forward": forward,
        "backward": backward,
        "predicted_forward": predicted_forward,
        "predicted_backward": predicted_backward,
        "scale": scale,
        "activation": activation,
    }


def move_lines(ax, label: str, measured: np.ndarray, predicted: np.ndarray) -> bool:
    """Give the two lines an earlier `by_depth` drew on `ax` new values and labels, in place.

    Four times cheaper than emptying the panel and drawing it again, and the same
    picture. Returns False, changing nothing, where `by_depth` would draw more than two
    lines: on the first draw, and where a value is not finite or not positive (it
    marks those), so the caller draws afresh.
    """
    lines = ax.get_lines()
    measured, predicted = np.asarray(measured, dtype=float), np.asarray(predicted, dtype=float)
    if (
        len(lines) != 2
        or ax.texts
        or not (np.isfinite(measured).all() and (measured > 0).all() and np.isfinite(predicted).all())
    ):
        return False
    line, theory = lines
    line.set_data(np.arange(1, len(measured) + 1), measured)
    line.set_label(label)
    theory.set_data(np.arange(1, len(predicted) + 1), predicted)
    theory.set_label(f"{label}: theory")
    ax.relim()
    ax.autoscale_view()
    ax.legend(frameon=False)
    return True


def explore_signal(depth: int = 20, width: int = 128, activation: str = "tanh", scale: float = 1.0) -> Explorer:
    """Sliders for depth, width, activation and weight scale s (weights N(0, s^2/n)).

    Left: std of each layer's pre-activations; right: std of the loss gradient with
    respect to them. Dotted lines are the mean-field prediction.
    """
    fig, (ax_f, ax_b) = new_figure(2, width=4.6, height=3.6, title="Signal scale through depth")

    def draw(r: dict) -> None:
        label = f"{r['activation']}, s={r['scale']:g}"
        for ax, measured, predicted, ylabel, title in (
            (ax_f, r["forward"], r["predicted_forward"], "std of pre-activations", "forward"),
            (ax_b, r["backward"], r["predicted_backward"], "std of gradient dL/dz", "backward"),
        ):
            if not move_lines(ax, label, measured, predicted):
                reset(ax)  # not ax.clear(): that rebuilds every tick, 16 ms a panel
                by_depth(ax, {label: measured}, predicted={label: predicted}, ylabel=ylabel, title=title)

    controls = {
        "depth": slider("depth", depth, 2, 50, 1),
        "width": choice_slider("width", (16, 32, 64, 128, 256), width),
        "activation": dropdown("activation", ACTIVATIONS, activation),
        "scale": choice_slider("weight scale s", SCALES, scale),
    }
    return Explorer("Signal scale through depth: weights N(0, s²/n)", controls, fig, signal_by_depth, draw)
