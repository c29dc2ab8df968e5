"""Figure of lesson 08's gains: the std of z through a deep stack, one line per activation and gain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from .. import style
from . import by_depth, new_figure

_CUES = (0, 1, 2, 3, 4, 5, 7)  # the palette without its yellow, too faint for a thin line on white


def fixed_points(stacks: Mapping[str, Sequence[float]], *, title: str) -> Figure:
    """The std of z by layer for each (activation, gain) of `stacks`, on a log axis, legend in two columns."""
    if len(stacks) > len(_CUES):
        raise ValueError(f"stacks has {len(stacks)} series; this figure draws at most {len(_CUES)}")
    fig, (ax,) = new_figure(1, width=7.6, height=4.4, title=title)
    by_depth(ax, stacks, ylabel="std of z (width 128)", title=f"{len(next(iter(stacks.values())))} layers, one seed")
    for line, i in zip(ax.get_lines(), _CUES):
        c = style.cue(i)
        line.set_color(c["color"])
        line.set_linestyle(c["linestyle"])
        line.set_marker(c["marker"])
    ax.legend(frameon=False, ncol=2, loc="lower left")
    ax.set_ylim(1e-3, 30)
    return fig
