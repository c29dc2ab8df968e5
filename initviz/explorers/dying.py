"""Lesson 05's explorer: `explore_dying(bias, scale)`, the bench net killed by a negative bias.

Compute in `initviz.lessons.dying`, figure in `initviz.figures.dying`; this module wires them.
"""

from __future__ import annotations

from ..explorer import Explorer, check_controls, choice_slider, slider
from ..figures import dying as figure
from ..lessons import dying as lesson


def _controls(bias: float, scale: float) -> dict:
    return {
        "bias": slider("initial bias b", bias, -2.0, 0.5, 0.05),
        "scale": choice_slider("weight scale (x He)", lesson.SCALES, scale),
    }


def explore_dying(bias: float = -0.5, scale: float = 1.0) -> Explorer:
    """Sliders for the initial bias (every unit) and the weight scale (times He normal) of the bench net.

    Left: the fraction of dead units in each layer; right: the dead fraction of the whole net over
    bias and scale, with the current setting marked.
    """
    check_controls(controls := _controls(bias, scale))
    fig, draw = figure.bias_explorer(lesson.dead_map(), lesson.BIASES, lesson.SCALES, lesson.DEPTH)
    return Explorer(
        "Dying by a negative bias: bench net, 4 hidden layers of 16 ReLU units",
        controls,
        fig,
        lesson.dead_by_bias,
        draw,
    )
