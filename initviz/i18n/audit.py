"""What the Chinese table still lacks: the messages initviz can show, and the figure texts left in English.

Used by tests/test_i18n.py and by `python scripts/i18n_missing.py` (a maintainer's list of
what to translate). Four sources:
- `tr("...")` calls in initviz with a literal text;
- runtime tables: exercise titles and hints, diagnose's MESSAGES and check names,
  explorer titles, control descriptions and option labels;
- explorers drawn in Chinese at their defaults and at every control's extremes;
- notebooks executed in Chinese: `figures.show` stores the texts it could not translate
  in the output's metadata (`initviz.untranslated`), invisible to the reader.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
from collections.abc import Iterator
from pathlib import Path

from . import set_language

PACKAGE = Path(__file__).resolve().parents[1]


def tr_literals() -> Iterator[tuple[str, str]]:
    """(where, text) for every `tr("...")` / `tr_fig("...")` call with a literal first argument in initviz."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("tr", "tr_fig")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node.args[0].value


def runtime_messages() -> Iterator[tuple[str, str]]:
    """(where, text) for the messages kept in tables: exercises, diagnose, explorer controls."""
    from .. import answers
    from ..diagnostics.table import CHECK_NAMES, MESSAGES
    from ..explorers import EXPLORERS

    for info in pkgutil.iter_modules(answers.__path__):
        for exercise in importlib.import_module(f"{answers.__name__}.{info.name}").EXERCISES:
            yield f"answers/{info.name} {exercise.id}", exercise.title
            if exercise.hint:
                yield f"answers/{info.name} {exercise.id} hint", exercise.hint
    for key, text in MESSAGES.items():
        yield f"diagnostics MESSAGES[{key!r}]", text
    for name in CHECK_NAMES:
        yield "diagnostics check name", name
    import initviz

    for name in EXPLORERS:
        explorer = getattr(initviz, name)()
        yield f"{name} title", explorer.title
        for arg, spec in explorer.specs.items():
            yield f"{name} {arg}", spec.description
            for option in getattr(spec, "options", ()):
                label = option[0] if isinstance(option, tuple) else str(option)
                yield f"{name} {arg} option", label


def explorer_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every figure text an explorer leaves in English, drawn in Chinese at its
    defaults and at each control's two extremes."""
    import initviz

    from .. import style
    from ..explorers import EXPLORERS
    from .figures import untranslated

    before = set_language("zh")
    try:
        # as after initviz.setup(lang="zh"): texts an explorer adds outside its figure's build get the CJK font too
        with style.context():
            for name in EXPLORERS:
                explorer = getattr(initviz, name)()
                seen = set(untranslated(explorer.figure))
                for arg, spec in explorer.specs.items():
                    start = explorer.controls[arg].value
                    for value in spec.extremes():
                        explorer.controls[arg].value = value
                        seen.update(untranslated(explorer.figure))
                    explorer.controls[arg].value = start
                for text in sorted(seen):
                    yield name, text
    finally:
        set_language(before.text)


def notebook_texts(notebook: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for the figure texts a stored Chinese notebook's outputs could not translate."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for i, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            for text in output.get("metadata", {}).get("initviz", {}).get("untranslated", []):
                yield f"{notebook.name} cell {i}", text


def missing_keys(messages: Iterator[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (where, text) pairs whose text has no Chinese entry (texts with no English word need none)."""
    from .figures import english_words
    from .zh import TABLE

    return [(where, text) for where, text in messages if text not in TABLE and english_words(text)]
