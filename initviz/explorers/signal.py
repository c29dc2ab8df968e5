"""Explorer: how a signal's scale changes layer by layer, forward and backward (wiring only).

Compute: `initviz.lessons.signal`; figure: `initviz.figures.signal`.
"""

from __future__ import annotations

from ..explorer import Explorer, choice_slider, dropdown, slider
from ..figures.signal import signal_panels
from ..lessons.signal import signal_by_depth
from ..nets import ACTIVATIONS

__all__ = ["SCALES", "explore_signal", "signal_by_depth"]

SCALES = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.414, 1.5, 1.75, 2.0, 3.0, 4.0)


def explore_signal(depth: int = 20, width: int = 128, activation: str = "tanh", scale: float = 1.0) -> Explorer:
    """Sliders for depth, width, activation and weight scale s (weights N(0, s^2/n)).

    Left: std of each layer's pre-activations; right: std of the loss gradient with
    respect to them. Dotted lines are the mean-field prediction.
    """
    controls = {
        "depth": slider("depth", depth, 2, 50, 1),
        "width": choice_slider("width", (16, 32, 64, 128, 256), width),
        "activation": dropdown("activation", ACTIVATIONS, activation),
        "scale": choice_slider("weight scale s", SCALES, scale),
    }
    fig, draw = signal_panels()
    return Explorer("Signal scale through depth: weights N(0, s²/n)", controls, fig, signal_by_depth, draw)
