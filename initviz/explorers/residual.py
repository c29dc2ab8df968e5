"""Lesson 08 (residual networks): the residual stream by block, for a depth, a fix and a branch input.

Compute: `initviz.lessons.residual.stream_variance`; figure: `initviz.figures.residual`.
"""

from __future__ import annotations

from ..explorer import Explorer, choice_slider, dropdown
from ..figures import residual as fig_residual
from ..lessons.residual import FIX_NAMES, stream_variance

BLOCKS = (1, 2, 4, 8, 16, 32, 64)
NORMS = (("LayerNorm (pre-norm)", True), ("raw stream (no norm)", False))


def _compute(blocks: int, fix: str, norm: bool) -> dict:
    return stream_variance(blocks, fix, norm=norm)


def explore_residual(blocks: int = 16, fix: str = "none", norm: bool = True) -> Explorer:
    """Sliders for the number of residual blocks, the initialization fix and what the branch sees.

    Left: the mean square of the stream x_l by block (markers measured, line theory);
    right: each block's branch variance relative to the stream it is added to.
    """
    controls = {
        "blocks": choice_slider("blocks L", BLOCKS, blocks),
        "fix": dropdown("initialization", [(name, key) for key, name in FIX_NAMES.items()], fix),
        "norm": dropdown("the branch sees", NORMS, norm),
    }
    fig, draw = fig_residual.explorer_figure()
    return Explorer("Residual stream: He branches (width 64), 128 random inputs", controls, fig, _compute, draw)
