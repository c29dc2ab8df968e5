"""Fixed-width text columns that stay aligned with Chinese in them.

A terminal or a notebook's plain-text output gives a CJK character two columns and a Latin
one, so `str.ljust` counts a Chinese title short: `pad` counts display columns instead.
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """The columns `text` takes in a monospaced output: 2 for each wide (CJK, full-width) character, else 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded with spaces to `width` display columns: left-aligned for "<", right-aligned for ">"."""
    if align not in ("<", ">"):
        raise ValueError(f"align={align!r} is not an alignment; choose '<' or '>'")
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text


__all__ = ["display_width", "pad"]
