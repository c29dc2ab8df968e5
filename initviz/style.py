"""The course's plot style: readable from the back row, colour-blind safe, two cues per series."""

from __future__ import annotations

import itertools
from contextlib import AbstractContextManager
from typing import Any

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

#: Figures are shown at DISPLAY_DPI (their size in CSS pixels) and stored at twice that: sharp on a 2x screen
#: and on a projector. Text sizes are in points, so they read the same at either resolution.
DISPLAY_DPI = 100
STORED_DPI = 2 * DISPLAY_DPI

RC: Any = {
    "figure.dpi": STORED_DPI,
    "savefig.dpi": STORED_DPI,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "legend.fontsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
    "lines.markersize": 5,
    "image.cmap": "cividis",
}


def cue(i: int) -> dict:
    """Colour, line style and marker for the i-th series: a second cue besides colour."""
    return {
        "color": PALETTE[i % len(PALETTE)],
        "linestyle": LINESTYLES[i % len(LINESTYLES)],
        "marker": MARKERS[i % len(MARKERS)],
    }


def cues():
    """An endless iterator of `cue(i)` for i = 0, 1, 2 ..."""
    return (cue(i) for i in itertools.count())


def rc() -> dict:
    """RC plus the font for the current figure language (a CJK font first for Chinese)."""
    from .i18n import language
    from .i18n.fonts import font_rc

    return {**RC, **font_rc(language().figures)}


def apply() -> None:
    """Set the course style in matplotlib's global rcParams (what `initviz.setup()` does, on purpose)."""
    import matplotlib

    matplotlib.rcParams.update(rc())


def context() -> AbstractContextManager:
    """The course style for the figures built and drawn inside the block; rcParams are restored after."""
    import matplotlib

    return matplotlib.rc_context(rc())
