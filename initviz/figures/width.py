"""Figure of lesson 08's width sweep: final loss against learning rate, per width, SP beside muP."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import style
from ..lessons.width import PARAMETRIZATIONS
from . import new_figure

_TITLES = {"sp": "standard parametrization", "mup": "muP"}


def lr_sweep(result: dict, *, title: str) -> Figure:
    """Two panels (SP, muP): final training loss against log2 learning rate, one line per width, best marked."""
    fig, axes = new_figure(2, width=4.8, height=3.9, title=title, sharey=True)
    lrs = np.array(result["log2_lrs"], dtype=float)
    for ax, p in zip(axes, PARAMETRIZATIONS):
        for i, (width, row) in enumerate(zip(result["widths"], np.asarray(result[p]))):
            c = style.cue(i)
            ax.plot(lrs, row, color=c["color"], linestyle=c["linestyle"], marker=c["marker"], label=f"width {width}")
            best = int(np.nanargmin(row))
            ax.plot(lrs[best], row[best], marker="*", markersize=16, color=c["color"], markeredgecolor="black")
        ax.set_yscale("log")
        ax.set_xlabel("learning rate (log2)")
        ax.set_xticks(lrs[::2], [f"$2^{{{int(v)}}}$" for v in lrs[::2]])
        ax.set_title(_TITLES[p])
        ax.legend(frameon=False, loc="upper center")
    axes[0].set_ylabel("training loss after 100 Adam steps")
    return fig
