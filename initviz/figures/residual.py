"""Figures of lesson 08's residual networks: the stream's growth, the fixes side by side, the explorer's panels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from ..lessons.residual import FIX_NAMES
from . import new_figure, reset


def stream_panel(ax: Axes, runs: Mapping[str, dict], *, title: str | None = None, log: bool = True) -> None:
    """E[x_l^2] of the stream against the block l, one series per run (markers measured, dotted theory)."""
    for i, (label, r) in enumerate(runs.items()):
        c = style.cue(i)
        blocks = np.arange(len(r["stream"]))
        every = max(1, len(blocks) // 16)
        ax.plot(
            blocks,
            r["stream"],
            color=c["color"],
            linestyle="none",
            marker=c["marker"],
            markevery=every,
            label=label,
        )
        ax.plot(blocks, r["predicted"], color=c["color"], linestyle=c["linestyle"], linewidth=1.5, alpha=0.8)
    if log:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("block l")
    ax.set_ylabel("mean square of the stream $x_l$")
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)


def growth(runs: Mapping[str, dict], *, title: str) -> Figure:
    """One panel: the stream's mean square by block for each run, with the theory as a line of the same style."""
    fig, (ax,) = new_figure(1, width=7.2, height=4.0, title=title)
    stream_panel(ax, runs, title="markers: measured; lines: theory")
    return fig


def fixes(runs: Mapping[str, dict], changes: Mapping[str, np.ndarray], depths: Sequence[int], *, title: str) -> Figure:
    """Left: the stream by block for each fix (one network); right: the relative change of the stream after one step."""
    fig, (ax_s, ax_c) = new_figure(2, width=5.0, height=4.0, title=title)
    stream_panel(ax_s, {FIX_NAMES[k]: r for k, r in runs.items()}, title="at initialization")
    ax_s.get_legend().remove()
    for i, (fix, values) in enumerate(changes.items()):
        c = style.cue(i)
        ax_c.plot(depths, values, color=c["color"], linestyle=c["linestyle"], marker=c["marker"], label=FIX_NAMES[fix])
    ax_c.set_xscale("log", base=2)
    ax_c.set_yscale("log")
    ax_c.set_xticks(list(depths), [str(d) for d in depths])
    ax_c.minorticks_off()
    ax_c.set_xlabel("number of blocks L")
    ax_c.set_ylabel("relative change of $x_L$")
    ax_c.set_title("after one SGD step (lr 0.01)")
    handles, labels = ax_c.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False)
    return fig


def explorer_figure() -> tuple[Figure, Axes, Axes]:
    """The explorer's two empty panels: the stream by block, and each branch's share of the stream."""
    fig, (ax_s, ax_r) = new_figure(
        2, width=4.8, height=3.7, title="Each block adds its branch's variance to the stream"
    )
    return fig, ax_s, ax_r


def draw_explorer(ax_s: Axes, ax_r: Axes, r: dict) -> None:
    """Redraw the explorer's panels for one `initviz.lessons.residual.stream_variance` result."""
    reset(ax_s)
    reset(ax_r)
    label = FIX_NAMES[r["fix"]]
    stream_panel(ax_s, {label: r}, title=f"{r['blocks']} blocks, {'pre-norm' if r['norm'] else 'no norm'}")
    top = r["stream"][-1] / r["stream"][0]
    ax_s.text(0.97, 0.04, f"$x_L$: {top:.3g} x the input", transform=ax_s.transAxes, ha="right", va="bottom")
    lo, hi = ax_s.get_ylim()
    ax_s.set_ylim(min(lo, 0.5), max(hi, 2.0))
    share = r["branch"] / r["stream"][:-1]
    blocks = np.arange(1, len(share) + 1)
    predicted = np.diff(r["predicted"]) / r["predicted"][:-1]
    c = style.cue(0)
    ax_r.bar(blocks, share, color=c["color"], edgecolor="black", hatch="//", width=0.8, label="measured")
    ax_r.plot(blocks, predicted, color="black", linestyle=":", marker="_", markersize=10, label="theory")
    ax_r.set_ylim(0, max(2.4, 1.1 * float(np.nanmax(share, initial=0.0))))
    ax_r.legend(frameon=False, loc="upper right")
    ax_r.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_r.set_xlabel("block l")
    ax_r.set_ylabel("Var(branch) / Var($x_{l-1}$)")
    ax_r.set_title("what each block adds, relative to the stream")
