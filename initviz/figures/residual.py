"""Figures of lesson 08's residual networks: the stream's growth, the fixes side by side, the explorer's panels."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, NullFormatter

from .. import style
from ..lessons.residual import FIX_NAMES
from . import new_figure


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
    """One panel per run: the stream's mean square by block, measured (markers) and theory (line).

    A run whose values span more than two decades gets a log axis, the others a linear one.
    """
    fig, axes = new_figure(len(runs), width=4.6, height=3.9, title=title)
    for i, (ax, (label, r)) in enumerate(zip(axes, runs.items())):
        values = np.asarray(r["stream"])
        log = values.max() / values.min() > 100
        c = style.cue(i)
        blocks = np.arange(len(values))
        ax.plot(blocks, r["predicted"], color=c["color"], linestyle=c["linestyle"], linewidth=1.5, label="theory")
        ax.plot(blocks, values, color=c["color"], linestyle="none", marker=c["marker"], label="measured")
        if log:
            ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("block l")
        ax.set_ylabel("mean square of the stream $x_l$")
        ax.set_title(label)
        ax.legend(frameon=False, loc="upper left")
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


def explorer_figure() -> tuple[Figure, Callable[[dict], None]]:
    """The explorer's figure and its `draw(result)` for one `initviz.lessons.residual.stream_variance` result.

    Left: the stream by block (log axis); right: each block's branch variance relative to the stream
    it is added to. The artists are made once and only their data change (a slider's update stays cheap).
    """
    fig, (ax_s, ax_r) = new_figure(
        2, width=4.8, height=3.7, title="Each block adds its branch's variance to the stream"
    )
    c, t = style.cue(0), style.cue(1)
    (theory_s,) = ax_s.plot([], [], color=t["color"], linestyle=t["linestyle"], linewidth=1.5, label="theory")
    (measured_s,) = ax_s.plot([], [], color=c["color"], linestyle="none", marker=c["marker"], label="measured")
    ax_s.set_yscale("log")
    ax_s.yaxis.set_minor_formatter(NullFormatter())
    ax_s.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_s.set_xlabel("block l")
    ax_s.set_ylabel("mean square of the stream $x_l$")
    ax_s.legend(frameon=False, loc="upper left")
    top = ax_s.text(0.97, 0.04, "", transform=ax_s.transAxes, ha="right", va="bottom")
    (theory_r,) = ax_r.plot([], [], color=t["color"], linestyle=t["linestyle"], linewidth=1.5, label="theory")
    (measured_r,) = ax_r.plot([], [], color=c["color"], linestyle="none", marker=c["marker"], label="measured")
    ax_r.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_r.set_xlabel("block l")
    ax_r.set_ylabel("Var(branch) / Var($x_{l-1}$)")
    ax_r.set_title("what each block adds, relative to the stream")
    ax_r.legend(frameon=False, loc="upper right")

    def draw(r: dict) -> None:
        stream, predicted = np.asarray(r["stream"]), np.asarray(r["predicted"])
        blocks = np.arange(len(stream))
        theory_s.set_data(blocks, predicted)
        measured_s.set_data(blocks, stream)
        low = min(0.3, float(stream.min()) / 3)  # at least 0.3 .. 30: two decades, plain tick labels
        high = max(30.0, float(max(stream.max(), predicted.max())) * 4)
        ax_s.set_ylim(low, high)
        ax_s.set_xlim(-0.05 * len(blocks), 1.05 * (len(blocks) - 1) + 0.5)
        ax_s.set_title(f"{FIX_NAMES[r['fix']]}, {'pre-norm' if r['norm'] else 'no norm'}")
        top.set_text(f"mean square of $x_L$: {stream[-1] / stream[0]:.3g} x the input's")
        share = np.asarray(r["branch"]) / stream[:-1]
        shared = np.diff(predicted) / predicted[:-1]
        layers = np.arange(1, len(share) + 1)
        theory_r.set_data(layers, shared)
        measured_r.set_data(layers, share)
        ax_r.set_xlim(0.5 - 0.05 * len(layers), len(layers) + 0.5)
        top_share = float(max(np.nanmax(share, initial=0.0), np.nanmax(shared, initial=0.0)))
        ax_r.set_ylim(-0.02 * max(top_share, 0.1), max(0.1, 1.15 * top_share))

    return fig, draw
