"""Automatic feedback for the notebooks' exercises, without showing the answer.

A learner replaces `...` with an answer and runs `initviz.check("03.1", answer)`;
`check` prints one line of feedback. The expected answer, its tolerance, a hint and,
where any correct answer will do, a `judge` live in `initviz.answers` (one module per
notebook, keyed by the exercise's id "NN.k"), never in the learner's cell or on the
rendered page. An unanswered exercise prints a fixed line, so the stored output is
stable under nbval; each notebook also runs its folded solution (a cell tagged
`solution`) through `check` and asserts that it passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .answers import Exercise, lookup
from .i18n import tr

_ASKED = object()  # "no expected value given": look the exercise up by its id


def check(
    exercise: str,
    answer: Any,
    expected: Any = _ASKED,
    *,
    rel: float = 0.05,
    abs_: float = 1e-9,
    hint: str = "",
    judge: Callable[[Any], bool] | None = None,
) -> bool:
    """Print feedback on `answer` to `exercise`; returns True if it is right.

    `exercise` is an id such as "03.1" (answer, tolerance, hint and judge come from
    `initviz.answers`), or, with `expected` or `judge` given, a free-form question.
    Numbers match within `rel` (relative) or `abs_`; other values must be equal;
    `judge(answer) -> bool` replaces the comparison where the right answer is a property.
    """
    if expected is _ASKED and judge is None:
        spec = lookup(exercise)
    else:
        spec = Exercise(exercise, exercise, None if expected is _ASKED else expected, rel, abs_, hint, judge)
    return _feedback(spec, answer)


def _feedback(spec: Exercise, answer: Any) -> bool:
    # Every line through tr when it is printed (title and hint too: they are table keys); an
    # exception's own text stays English.
    title = tr(spec.title)
    if answer is ... or answer is None:
        print(tr("{title}: not answered yet. Replace the ... with your answer and run the cell again.", title=title))
        return False
    expected = spec.expected
    if isinstance(expected, bool) and isinstance(answer, str) and answer.strip().lower() in ("true", "false"):
        print(
            tr(
                "{title}: ✗ write True or False without quotes (a bool, not the text {answer}).",
                title=title,
                answer=repr(answer),
            )
        )
        return False
    try:
        if spec.judge is not None:
            ok = bool(spec.judge(answer))
        elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
            ok = math.isclose(float(answer), float(expected), rel_tol=spec.rel, abs_tol=spec.abs_)
        else:
            ok = answer == expected
    except (TypeError, ValueError) as exc:
        print(tr("{title}: ✗ that answer could not be checked ({error}).", title=title, error=exc))
        return False
    if ok:
        print(tr("{title}: ✓ correct.", title=title))
    elif spec.hint:
        print(tr("{title}: ✗ not yet. Hint: {hint}", title=title, hint=tr(spec.hint)))
    else:
        print(tr("{title}: ✗ not yet.", title=title))
    return ok
