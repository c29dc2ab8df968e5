"""Every `explore_*` function of the course, by name, imported on first use.

Each module of this package wires one lesson's controls to its compute (in
`initviz.lessons`) and its figure (in `initviz.figures`). `EXPLORERS` names the
module of each explorer, so that `dir(initviz)` lists them without importing
ipywidgets; a test checks it against the modules.
"""

from __future__ import annotations

import importlib
from typing import Any

#: explorer name -> the module of this package that defines it
EXPLORERS: dict[str, str] = {
    "explore_chain": "products",
    "explore_dying": "dying",
    "explore_kaiming": "kaiming",
    "explore_order_chaos": "meanfield",
    "explore_residual": "residual",
    "explore_saturation": "saturation",
    "explore_signal": "signal",
    "explore_symmetry": "symmetry",
    "explore_xavier": "xavier",
}


def names() -> list[str]:
    """The names of all explorers, sorted."""
    return sorted(EXPLORERS)


def __dir__() -> list[str]:
    return sorted([*globals(), *EXPLORERS])


def __getattr__(name: str) -> Any:
    if name in EXPLORERS:
        return getattr(importlib.import_module(f"{__name__}.{EXPLORERS[name]}"), name)
    raise AttributeError(f"initviz.explorers has no explorer {name!r}; known: {', '.join(names())}")
