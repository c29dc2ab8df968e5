"""Lesson 02's explorer: sliders for w and depth of a chain of one-weight layers.

Wiring only: the compute is `initviz.lessons.products.scalar_chain`, the figure
`initviz.figures.products.chain_figure`.
"""

from __future__ import annotations

from ..explorer import Explorer, choice_slider, slider
from ..figures.products import chain_figure
from ..lessons.products import scalar_chain

CHAIN_WEIGHTS = (0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25, 1.5, 2.0)


def explore_chain(w: float = 2.0, depth: int = 9) -> Explorer:
    """Sliders for the weight w of every layer and the depth L of a one-unit-per-layer chain.

    The gradient reaching layer l is w^(L-l): a straight line on a log axis, up for
    w > 1, down for w < 1, flat only at w = 1.
    """
    controls = {
        "w": choice_slider("weight w", CHAIN_WEIGHTS, w),
        "depth": slider("depth L", depth, 1, 50, 1),
    }
    fig, draw = chain_figure()
    return Explorer("A chain of one-weight layers: the gradient is a product", controls, fig, scalar_chain, draw)
