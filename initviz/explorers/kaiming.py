"""Lesson 04's explorer: depth, gain and leaky slope -> He's prediction beside the measurement.

Compute: `initviz.lessons.kaiming.relu_signal`; figure: `initviz.figures.kaiming.signal_figure`.
"""

from __future__ import annotations

from ..explorer import Explorer, choice_slider, slider
from ..figures.kaiming import signal_figure
from ..lessons.kaiming import relu_signal

GAINS = (0.5, 0.75, 1.0, 1.2, 1.3, 1.35, 1.4, 1.414, 1.45, 1.5, 1.75, 2.0)
SLOPES = (0.0, 0.01, 0.1, 0.2, 0.3, 0.5, 1.0)


def explore_kaiming(depth: int = 30, gain: float = 1.414, slope: float = 0.0) -> Explorer:
    """Depth, gain g and leaky slope a (0 = ReLU) -> per-layer std, forward and backward, with He's prediction.

    Weights N(0, g^2 / n), width 64, 256 random N(0, 1) inputs. Markers: measured;
    dotted: the prediction std(z_l) = g f^((l-1)/2), f = g^2 (1 + a^2) / 2.
    """
    controls = {
        "depth": slider("depth", depth, 2, 60, 1),
        "gain": choice_slider("gain g", GAINS, gain),
        "slope": choice_slider("leaky slope a (0 = ReLU)", SLOPES, slope),
    }
    fig, draw = signal_figure()
    return Explorer("Depth x gain: He's prediction beside the measurement", controls, fig, relu_signal, draw)
