"""Chinese figures from English code: translate a figure's texts just before it is drawn.

The notebooks and initviz build their figures with English text, so both editions run
the same code. `translate_figure(fig)` replaces each text (titles, axis labels, legend
entries, annotations, fixed tick labels) by its entry in the message table. An entry's
key may hold `{fields}`, matched against any text: "{act}: gradient flowing back"
matches "tanh: gradient flowing back", and the Chinese template gets the same fields.
`figures.show` and the explorers call it; in English it does nothing.
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache, partial

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FuncFormatter

from . import language


def template_pattern(template: str) -> re.Pattern | None:
    """The regex that a key with {fields} matches (None for a key without fields).

    Only names are fields: braces around anything else are LaTeX in a literal key
    (`$x_{l-1}$`, `$w^{9}$`), so such a key is no template. A field used twice must match
    the same text twice.
    """
    parts = list(string.Formatter().parse(template))
    names = [name for _, name, _, _ in parts if name is not None]
    if not names or not all(name.isidentifier() for name in names):
        return None
    pattern, seen = "", set()
    for literal, name, _, _ in parts:
        pattern += re.escape(literal)
        if name is not None:
            pattern += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
            seen.add(name)
    return re.compile(pattern, re.DOTALL)


@cache  # the table is fixed for a run; compiling ~hundreds of patterns once
def _templates() -> tuple[tuple[re.Pattern, str], ...]:
    from .zh import FIGURE_PARTS

    found = []
    for key, value in {k: v for part in FIGURE_PARTS for k, v in part.ZH.items()}.items():
        pattern = template_pattern(key)
        if pattern is not None:
            found.append((pattern, value))
    # the longest literal text first: "{a} of {b} dead" must win over "{a} dead"
    found.sort(key=lambda pv: -len(re.sub(r"\(\?P<\w+>\.\+\?\)", "", pv[0].pattern)))
    return tuple(found)


@lru_cache(maxsize=8192)  # an explorer redraws the same few hundred texts on every update
def translate_text(text: str, lang: str = "zh") -> str:
    """`text` in `lang`: its table entry, or the first template entry that matches all of it."""
    if lang != "zh" or not text.strip():
        return text
    from .zh import TABLE

    if text in TABLE:
        return TABLE[text]
    for pattern, value in _templates():
        match = pattern.fullmatch(text)
        if match is not None:
            return value.format(**match.groupdict())
    return text


def figure_texts(fig: Figure) -> list[Text]:
    """Every text artist of `fig` that holds words: figure texts, titles, labels, legends, annotations."""
    texts: list[Text] = [*fig.texts]
    for name in ("_suptitle", "_supxlabel", "_supylabel"):
        label = getattr(fig, name, None)
        if label is not None:
            texts.append(label)
    legends = [*fig.legends]
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title]  # type: ignore[attr-defined]  # set by ax.set_title(loc=)
        texts += [ax.xaxis.label, ax.yaxis.label, *ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            legends.append(legend)
    for legend in legends:
        texts += [*legend.texts, legend.get_title()]
    return [t for t in texts if t.get_text()]


def _fixed_tick_labels(fig: Figure) -> list[FixedFormatter | dict]:
    """Where `fig`'s fixed tick labels live: a FixedFormatter, or the {position: label} dict of the
    FuncFormatter that `set_xticks(ticks, labels)` makes (matplotlib 3.9+)."""
    found: list[FixedFormatter | dict] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if isinstance(formatter, FixedFormatter):
                    found.append(formatter)
                elif (
                    isinstance(formatter, FuncFormatter)
                    and isinstance(formatter.func, partial)
                    and formatter.func.args
                    and isinstance(formatter.func.args[0], dict)
                ):
                    found.append(formatter.func.args[0])
    return found


def _tick_label_texts(fig: Figure) -> list[str]:
    return [
        str(s)
        for labels in _fixed_tick_labels(fig)
        for s in (labels.seq if isinstance(labels, FixedFormatter) else labels.values())
    ]


def _translate_tick_labels(fig: Figure, lang: str) -> None:
    for labels in _fixed_tick_labels(fig):
        if isinstance(labels, FixedFormatter):
            labels.seq = [translate_text(str(s), lang) for s in labels.seq]
        else:
            labels.update({pos: translate_text(str(s), lang) for pos, s in labels.items()})


#: Words that stay in Latin script in Chinese text: names, code and units (the code names of the explorers'
#: activations and inits among them: a dropdown shows the name the notebooks' code passes).
KEPT_WORDS = frozenset(
    """ReLU ReLUs tanh sigmoid softmax Xavier Glorot Kaiming He LeCun PyTorch torch Adam AdamW SGD BatchNorm
    LayerNorm Transformer Transformers Fixup SELU GELU muP MLP CNN LN Pre Post pre post float32 float64 inf NaN
    nan max min std var Var mean log exp sqrt init fan_in fan_out Linear Conv2d ResNet GPT nn logit logits
    SiLU LSUV ReZero SkipInit torchvision norm_first True False d_k
    linear relu leaky_relu standard xavier_uniform xavier_normal lecun_normal he_normal orthogonal
    ZeroInitMLP""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z_0-9]{2,}")  # with digits: float32, Conv2d are words (see KEPT_WORDS)
_MATH = re.compile(r"\$[^$]*\$")


def english_words(text: str) -> list[str]:
    """The English words of `text` outside $math$ and KEPT_WORDS: what a Chinese figure should not show.

    A token with a digit (log2, dW2, float32) is a symbol or a name, not an English word.
    """
    return [w for w in _WORD.findall(_MATH.sub(" ", text)) if w not in KEPT_WORDS and not any(c.isdigit() for c in w)]


def untranslated(fig: Figure) -> list[str]:
    """The texts and fixed tick labels of `fig` still holding English words after `translate_figure`
    (none in English figures)."""
    if language().figures == "en":
        return []
    texts = [t.get_text() for t in figure_texts(fig)] + _tick_label_texts(fig)
    return [text for text in texts if english_words(text)]


def translate_figure(fig: Figure) -> Figure:
    """Put `fig`'s texts into the current figure language, in place; returns `fig`."""
    lang = language().figures
    if lang == "en":
        return fig
    for text in figure_texts(fig):
        old = text.get_text()
        new = translate_text(old, lang)
        if new != old:
            text.set_text(new)
    _translate_tick_labels(fig, lang)
    return fig


__all__ = ["english_words", "figure_texts", "template_pattern", "translate_figure", "translate_text", "untranslated"]
