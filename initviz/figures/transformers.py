"""Figures of lesson 08's Transformers: the softmax's entropy against d_k, gradient norms by layer."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter, MaxNLocator

from .. import style
from . import new_figure


def attention_entropy(r: dict, *, title: str) -> Figure:
    """Entropy of softmax(q.k) and of softmax(q.k / sqrt(d_k)) against d_k, with ln(keys) (uniform) marked."""
    fig, (ax,) = new_figure(1, width=7.2, height=3.9, title=title)
    for i, (key, label) in enumerate([("scaled", "q·k / sqrt(d_k)"), ("raw", "q·k (no scaling)")]):
        c = style.cue(i)
        ax.plot(r["d_k"], r[key], color=c["color"], linestyle=c["linestyle"], marker=c["marker"], label=label)
    keys = round(math.exp(r["uniform"]))
    ax.axhline(r["uniform"], color="grey", linestyle=":", linewidth=1.5, label=f"uniform over {keys} keys: ln {keys}")
    ax.set_xscale("log", base=2)
    ax.set_xticks(list(r["d_k"]), [str(d) for d in r["d_k"]])
    ax.minorticks_off()
    ax.set_ylim(0, r["uniform"] * 1.12)
    ax.set_xlabel("key dimension d_k")
    ax.set_ylabel("entropy of the attention weights (nats)")
    ax.legend(frameon=False, loc="center right")
    return fig


def gradient_norms(runs: Mapping[str, np.ndarray], *, title: str, ylabel: str) -> Figure:
    """Per-layer gradient norms, one line per run, on a log axis."""
    fig, (ax,) = new_figure(1, width=7.2, height=3.9, title=title)
    for i, (label, values) in enumerate(runs.items()):
        c = style.cue(i)
        layers = np.arange(1, len(values) + 1)
        ax.plot(layers, values, color=c["color"], linestyle=c["linestyle"], marker=c["marker"], label=label)
    ax.set_yscale("log")
    for axis_formatter in (ax.yaxis.set_major_formatter, ax.yaxis.set_minor_formatter):
        axis_formatter(FormatStrFormatter("%.2g"))  # 0.2, 0.3 rather than 2 x 10^-1 on a short log axis
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    return fig
