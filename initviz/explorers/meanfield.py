"""Lesson 03's order/chaos explorer: a point in the (sigma_w, sigma_b) plane of a tanh net, and its signals by depth.

Wiring only: the compute is `initviz.lessons.meanfield` (`phase_diagram`, `order_chaos`), the
figure `initviz.figures.meanfield.order_chaos_figure`.
"""

from __future__ import annotations

from ..explorer import Explorer, choice_slider
from ..figures.meanfield import order_chaos_figure
from ..lessons.meanfield import order_chaos, phase_diagram

#: sigma_w from 0.5 to 2.5 in steps of 0.1, with PyTorch's tanh gain 5/3 between 1.6 and 1.7
SIGMA_W = tuple(
    sorted([(f"{v / 10:g}", v / 10) for v in range(5, 26)] + [("5/3", 5 / 3)], key=lambda option: option[1])
)
SIGMA_B = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
DEPTHS = (10, 20, 30, 50)
WIDTH, SAMPLES = 128, 32  # the measured net: small enough for an update within the explorer budget


def explore_order_chaos(sigma_w: float = 5 / 3, sigma_b: float = 0.0, depth: int = 30) -> Explorer:
    """A tanh net with weights N(0, sigma_w^2/n) and biases N(0, sigma_b^2): where is it in the order/chaos plane?

    Left: the plane, coloured by the std of z at the forward fixed point (sqrt q*), with the
    chi = 1 line (the edge of chaos) and the star at the chosen point. Right: the std of the
    pre-activations (forward) and of d loss / d z relative to the top layer (backward) per
    layer, in one measured net (width 128, 32 random inputs) and by mean-field theory.
    """
    controls = {
        "sigma_w": choice_slider("weight scale σ_w", SIGMA_W, sigma_w),
        "sigma_b": choice_slider("bias std σ_b", SIGMA_B, sigma_b),
        "depth": choice_slider("depth L", DEPTHS, depth),
    }

    def compute(sigma_w: float, sigma_b: float, depth: int) -> dict:
        return order_chaos(sigma_w, sigma_b, depth, width=WIDTH, n=SAMPLES)

    fig, draw = order_chaos_figure(phase_diagram())
    return Explorer("Order and chaos in a deep tanh net", controls, fig, compute, draw)
