"""Explorer of lesson 01: a little noise breaks the symmetry of a constant initialization (wiring only).

Compute: `initviz.lessons.symmetry`; figure: `initviz.figures.symmetry`.
"""

from __future__ import annotations

from ..explorer import Explorer, choice_slider
from ..figures.symmetry import symmetry_panels
from ..lessons.symmetry import STEPS, slider_run, task

#: (label, value) pairs of the noise slider: a log scale that includes 0.
NOISES = (("0", 0.0), ("1e-8", 1e-8), ("1e-6", 1e-6), ("1e-4", 1e-4), ("1e-2", 1e-2), ("1e-1", 0.1), ("1", 1.0))


def explore_symmetry(noise: float = 1e-4, steps: int = 300) -> Explorer:
    """Sliders for the noise added to a constant init (log scale, 0 included) and the number of steps.

    Left: how far apart the 16 hidden units are; middle: the loss; right: the decision
    boundary after the last step.
    """
    controls = {
        "noise": choice_slider("noise std", NOISES, noise),
        "steps": choice_slider("steps", STEPS, steps),
    }
    for _, value in NOISES:  # one training run per noise value (~30 ms each), cached: a drag across noise only draws
        slider_run(value, max(STEPS))
    fig, draw = symmetry_panels(*task())
    return Explorer("Breaking symmetry: constant 0.5 plus noise, 2-16-2 tanh net", controls, fig, slider_run, draw)
