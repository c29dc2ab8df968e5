"""Lesson 03's explorer: init scheme, activation and depth -> per-layer histograms.

Wiring only: the compute is `initviz.lessons.xavier.layer_signals`, the figure
`initviz.figures.xavier.xavier_figure`.
"""

from __future__ import annotations

from ..explorer import Explorer, dropdown, slider
from ..figures.xavier import xavier_figure
from ..lessons.xavier import SCHEMES, layer_signals
from ..nets import ACTIVATIONS


def explore_xavier(init: str = "standard", activation: str = "tanh", depth: int = 5) -> Explorer:
    """Init scheme, activation and depth -> per-layer histograms of activations and gradients.

    Left: activations h = phi(z) of each hidden layer; right: the back-propagated
    gradients dL/dz. Width 128, 256 random N(0, 1) inputs, random labels, zero biases.
    "standard" is U[-1/sqrt(n), 1/sqrt(n)], Glorot & Bengio's baseline.
    """
    controls = {
        "init": dropdown("init", SCHEMES, init),
        "activation": dropdown("activation", ACTIVATIONS, activation),
        "depth": slider("depth", depth, 2, 12, 1),
    }

    def compute(init: str, activation: str, depth: int) -> dict:
        return layer_signals(init, activation, depth, 128, n=256)

    fig, draw = xavier_figure()
    return Explorer("Per-layer histograms: init scheme x activation x depth", controls, fig, compute, draw)
