"""Explorer: how a signal's scale changes layer by layer, forward and backward."""
from __future__ import annotations

import numpy as np
import torch

from .. import _checks, theory
from ..explorer import Explorer, choice_slider, dropdown, slider
from ..figures import by_depth, new_figure
from ..nets import ACTIVATIONS, mlp
from ..stats import layer_stats

SCALES = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.414, 1.5, 1.75, 2.0, 3.0, 4.0)


def signal_by_depth(depth: int, width: int, activation: str, scale: float, *, n: int = 256, seed: int = 0) -> dict:
    """Measured and predicted per-layer std of pre-activations (forward) and of d loss / d z (backward).

    Weights are N(0, scale^2 / width) (`lecun_normal` times `scale`), inputs N(0, 1),
    labels random in {0, 1}.
    """
    _checks.integer("depth", depth, minimum=1)
    _checks.integer("width", width, minimum=1)
    model = mlp([width] * (depth + 1) + [2], activation, "lecun_normal", scale=scale, seed=seed)
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
    return {"forward": forward, "backward": backward, "predicted_forward": predicted_forward,
            "predicted_backward": predicted_backward, "scale": scale, "activation": activation}


def explore_signal(depth: int = 20, width: int = 128, activation: str = "tanh", scale: float = 1.0) -> Explorer:
    """Sliders for depth, width, activation and weight scale s (weights N(0, s^2/n)).

    Left: std of each layer's pre-activations; right: std of the loss gradient with
    respect to them. Dotted lines are the mean-field prediction.
    """
    fig, (ax_f, ax_b) = new_figure(2, width=4.6, height=3.6, title="Signal scale through depth")

    def draw(r: dict) -> None:
        for ax in (ax_f, ax_b):
            ax.clear()
        label = f"{r['activation']}, s={r['scale']:g}"
        by_depth(ax_f, {label: r["forward"]}, predicted={label: r["predicted_forward"]},
                 ylabel="std of pre-activations", title="forward")
        by_depth(ax_b, {label: r["backward"]}, predicted={label: r["predicted_backward"]},
                 ylabel="std of gradient dL/dz", title="backward")

    controls = {
        "depth": slider("depth", depth, 2, 50, 1),
        "width": choice_slider("width", (16, 32, 64, 128, 256), width),
        "activation": dropdown("activation", ACTIVATIONS, activation),
        "scale": choice_slider("weight scale s", SCALES, scale),
    }
    return Explorer("Signal scale through depth: weights N(0, s²/n)", controls, fig, signal_by_depth, draw)
