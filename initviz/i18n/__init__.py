"""The course in two languages: one message table and the switch `initviz.setup(lang=...)`.

Every sentence initviz prints, shows in a widget or draws in a figure is written in
English in the code and passed through `tr` (printed or HTML text) or `tr_fig` (text
that matplotlib draws). The English text is the key; `initviz/i18n/zh/` maps it to
Chinese. Figures need a CJK font for Chinese: with none installed, `tr_fig` keeps
English while `tr` still gives Chinese (see `fonts.py`).

A template with `{fields}` is formatted after translation, so the Chinese may put the
fields in another order; a text without fields is returned as it is (LaTeX braces need
no doubling there).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Language:
    """The language of printed text and the language of figure text (English if no CJK font)."""

    text: str = "en"
    figures: str = "en"


_current = Language()


def set_language(lang: str) -> Language:
    """Switch initviz's printed and drawn text to `lang` ("en" or "zh"); returns what took effect.

    Chinese figures need a CJK font; without one, figures stay English and the returned
    `Language.figures` says so (`initviz.setup` prints one note about it).
    """
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a course language; choose one of {', '.join(LANGUAGES)}")
    from .fonts import cjk_font

    figures = lang if lang == "en" or cjk_font() is not None else "en"
    _current = Language(text=lang, figures=figures)
    return _current


def language() -> Language:
    """The languages in effect (see `set_language`)."""
    return _current


def _translate(text: str, lang: str, fields: dict) -> str:
    if lang == "zh":
        from .zh import TABLE

        text = TABLE.get(text, text)
    return text.format(**fields) if fields else text


def tr(text: str, /, **fields: object) -> str:
    """`text` in the current language, formatted with `fields`: for printed and HTML text."""
    return _translate(text, _current.text, fields)


def tr_fig(text: str, /, **fields: object) -> str:
    """`text` in the current figure language, formatted with `fields`: for what matplotlib draws."""
    return _translate(text, _current.figures, fields)


__all__ = ["LANGUAGES", "Language", "language", "set_language", "tr", "tr_fig"]
