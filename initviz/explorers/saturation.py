"""Lesson 06's explorer: `explore_saturation(scale, activation, layer)`, units pushed into the flat tails.

Compute in `initviz.lessons.saturation`, figure in `initviz.figures.saturation`; this module wires them.
"""

from __future__ import annotations

from ..explorer import Explorer, choice_slider, dropdown, slider
from ..figures import saturation as figure
from ..lessons import saturation as lesson


def _compute(scale: float, activation: str, layer: int) -> dict:
    return {**lesson.saturation_by_layer(scale, activation), "layer": layer}


def explore_saturation(scale: float = 4.0, activation: str = "tanh", layer: int = 1) -> Explorer:
    """Sliders for the weight scale s (weights N(0, s^2 / n)), the activation and the layer shown.

    Left: the histogram of that layer's pre-activations z over the slope phi'(z), flat tails shaded.
    Middle: the saturated fraction of every layer (bars). Right: the std of d loss / d z in every
    layer relative to the top hidden layer (log scale, the same range at every setting).
    """
    controls = {
        "scale": choice_slider("weight scale s", lesson.SCALES, scale),
        "activation": dropdown("activation", lesson.SATURATING, activation),
        "layer": slider("layer shown", layer, 1, lesson.DEPTH, 1),
    }
    fig, draw = figure.saturation_explorer(lesson.DEPTH)
    return Explorer(
        f"Saturation: {lesson.DEPTH} layers of {lesson.WIDTH} units, weights N(0, s²/n)", controls, fig, _compute, draw
    )
