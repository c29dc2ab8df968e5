"""Text that is put into the current language when it is shown, not when it is made.

A report built in one language and printed after `initviz.setup(lang=...)` switched it
must print in the new one: `Phrase("{n} of {total} samples", n=3, total=9)` keeps the
English template and its fields, and `str()` translates it (with `tr`) each time. A
field may itself be a `Phrase` or a `Series`: it is shown in the same language.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import tr


class Phrase:
    """An English template and its fields; `str(phrase)` is the text in the current language."""

    __slots__ = ("fields", "text")

    def __init__(self, text: str, /, **fields: object) -> None:
        self.text = text
        self.fields = fields

    def __str__(self) -> str:
        return tr(self.text, **{name: str(value) for name, value in self.fields.items()})

    def __repr__(self) -> str:
        return f"Phrase({self.text!r}, {', '.join(f'{k}={v!r}' for k, v in self.fields.items())})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.text, self.fields) == (other.text, other.fields)

    def __hash__(self) -> int:
        return hash((self.text, tuple(sorted(self.fields.items()))))


class Series:
    """Items shown as one list in the current language: "1, 2, 3" in English, "1、2、3" in Chinese.

    `more=True` marks a list cut short ("1, 2, ..." / "1、2 等").
    """

    __slots__ = ("items", "more")

    def __init__(self, items: Iterable[object], *, more: bool = False) -> None:
        self.items = tuple(items)
        self.more = more

    def __str__(self) -> str:
        text = tr(", ").join(str(item) for item in self.items)
        return tr("{items}, ...", items=text) if self.more else text

    def __repr__(self) -> str:
        return f"Series({list(self.items)!r}, more={self.more})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Series) and (self.items, self.more) == (other.items, other.more)

    def __hash__(self) -> int:
        return hash((self.items, self.more))


__all__ = ["Phrase", "Series"]
