"""Argument checks that fail early, naming the argument, the bad value and what is allowed."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any


def one_of(name: str, value: Any, allowed: Iterable[str]) -> str:
    """Return `value` if it is one of `allowed`, else raise a ValueError that lists them."""
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {', '.join(allowed)}; got {value!r}")
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not known; allowed: {', '.join(allowed)}")
    return value


def integer(name: str, value: Any, *, minimum: int | None = None) -> int:
    """Return `value` as int if it is a whole number (bool excluded) not below `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer; got {value!r} ({type(value).__name__})")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}={value!r} is too small; it must be >= {minimum}")
    return int(value)


def finite(name: str, value: Any, *, minimum: float | None = None, above: float | None = None) -> float:
    """Return `value` as float if it is a finite real number within the given bound."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a real number; got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name}={value!r} is not finite; it must be a finite number")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}={value!r} is too small; it must be >= {minimum}")
    if above is not None and value <= above:
        raise ValueError(f"{name}={value!r} is too small; it must be > {above}")
    return value
