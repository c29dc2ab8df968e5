"""initviz: the helper package of the course "Why initialize weights randomly, and how".

Three layers, one direction: compute (`nets`, `stats`, `training`, `data`) ->
figures (`figures`) -> explorers (`explorer`, `explorers`). Plotting and widget
modules are imported lazily, on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import data
from .exercises import check
from .nets import ACTIVATIONS, INITS, initialize, mlp
from .notebook import setup
from .stats import LayerStats, layer_stats
from .training import History, train

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "check",
    "History",
    "LayerStats",
    "data",
    "figures",
    "initialize",
    "layer_stats",
    "mlp",
    "setup",
    "show",
    "train",
    "Explorer",
    "diagnose",
]
__version__ = "0.1.0"

_LAZY = {
    "figures": ("initviz.figures", None),
    "show": ("initviz.figures", "show"),
    "Explorer": ("initviz.explorer", "Explorer"),
    "diagnose": ("initviz.diagnostics", "diagnose"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = importlib.import_module(module)
        value = value if attr is None else getattr(value, attr)
        globals()[name] = value  # later look-ups skip __getattr__
        return value
    if name in _explorer_names():
        return getattr(importlib.import_module("initviz.explorers"), name)
    raise AttributeError(f"module 'initviz' has no attribute {name!r}")


def _explorer_names() -> list[str]:
    from .explorers import names

    return names()


def __dir__() -> list[str]:
    """Every public name, the explorers included (so `initviz.explore_<Tab>` completes)."""
    return sorted({*__all__, *_explorer_names(), "__version__"})
