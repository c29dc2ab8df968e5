"""Figures of lesson 08's convolutions: the signal of a deep plain CNN, and what fan_out mode changes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from . import new_figure


def deep_cnn(runs: Mapping[str, Sequence[dict]], predicted: Mapping[str, np.ndarray], *, title: str) -> Figure:
    """Left: each run's signal (per-channel std of z, RMS over channels) by layer; right: the last layer's channels.

    `runs` maps a label to the `initviz.lessons.convolutions.signal` results of several seeds (thin
    lines, their geometric mean bold); `predicted` maps a label to a theory line (dotted).
    """
    fig, (ax_l, ax_c) = new_figure(2, width=5.0, height=3.9, title=title)
    for i, (label, results) in enumerate(runs.items()):
        c = style.cue(i)
        layers = np.arange(1, len(results[0]["forward"]) + 1)
        for r in results:
            ax_l.plot(layers, r["forward"], color=c["color"], linestyle=c["linestyle"], linewidth=1.0, alpha=0.45)
        typical = np.exp(np.mean([np.log(r["forward"]) for r in results], axis=0))
        ax_l.plot(
            layers,
            typical,
            color=c["color"],
            linestyle=c["linestyle"],
            marker=c["marker"],
            label=label,
        )
        if label in predicted:
            p = predicted[label]
            ax_l.plot(
                np.arange(1, len(p) + 1), p, color=c["color"], linestyle=":", linewidth=1.5, label=f"{label}: theory"
            )
        last = np.concatenate([r["channels"][-1] for r in results])
        jitter = np.linspace(-0.25, 0.25, len(last))
        ax_c.plot(
            np.full(len(last), i) + jitter, last, linestyle="none", marker=c["marker"], color=c["color"], alpha=0.7
        )
    ax_l.set_yscale("log")
    ax_l.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_l.set_xlabel("conv layer")
    ax_l.set_ylabel("signal: per-channel std of z")
    ax_l.legend(frameon=False, loc="upper right", bbox_to_anchor=(1.0, 0.84))
    seeds = len(next(iter(runs.values())))
    ax_l.set_title(f"{seeds} seeds (thin), geometric mean (bold)")
    ax_c.set_yscale("log")
    ax_c.set_xticks(range(len(runs)), list(runs))
    ax_c.set_xlim(-0.7, len(runs) - 0.3)
    ax_c.set_ylabel("std of each channel's z")
    ax_c.set_title(f"every channel of layer {len(next(iter(runs.values()))[0]['forward'])}")
    return fig


def fan_modes(runs: Mapping[str, dict], channels: Sequence[int], *, title: str) -> Figure:
    """Forward signal and backward gradient std (relative to the top layer) by layer, one series per mode."""
    fig, (ax_f, ax_b) = new_figure(2, width=4.8, height=3.8, title=title)
    layers = np.arange(1, len(channels))
    labels = [f"{a}→{b}" for a, b in zip(channels[:-1], channels[1:])]
    for i, (label, r) in enumerate(runs.items()):
        c = style.cue(i)
        ax_f.plot(layers, r["forward"], color=c["color"], linestyle=c["linestyle"], marker=c["marker"], label=label)
        ax_b.plot(
            layers,
            r["backward"] / r["backward"][-1],
            color=c["color"],
            linestyle=c["linestyle"],
            marker=c["marker"],
            label=label,
        )
    for ax in (ax_f, ax_b):
        ax.set_yscale("log", base=2)
        ax.set_xticks(layers, labels)
        ax.set_xlabel("layer (channels in→out)")
        ax.legend(frameon=False)
    ax_f.set_ylabel("signal: per-channel std of z")
    ax_f.set_title("forward")
    ax_b.set_ylabel("std of dL/dz, top layer = 1")
    ax_b.set_title("backward")
    return fig
