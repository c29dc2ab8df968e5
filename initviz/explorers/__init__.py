"""Every `explore_*` function of the course, found in the modules of this package.

Each module holds the explorers of one lesson; adding a module adds its explorers
to `initviz.explore_*` with no other edit.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def _modules():
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{__name__}.{info.name}")


def names() -> list[str]:
    """The names of all explorers, sorted."""
    return sorted(n for m in _modules() for n in vars(m) if n.startswith("explore_"))


def __getattr__(name: str) -> Any:
    if name.startswith("explore_"):
        for module in _modules():
            if hasattr(module, name):
                return getattr(module, name)
    raise AttributeError(f"initviz.explorers has no explorer {name!r}; known: {', '.join(names())}")
