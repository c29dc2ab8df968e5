"""Automatic feedback for the notebooks' exercises.

A learner replaces `...` with an answer and runs the cell; `check` prints one line
of feedback. An unanswered exercise prints a fixed line, so the stored output is
stable under nbval; each notebook also runs its (folded) solution through `check`
and asserts that it passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def check(
    question: str,
    answer: Any,
    expected: Any,
    *,
    rel: float = 0.05,
    abs_: float = 1e-9,
    hint: str = "",
    judge: Callable[[Any], bool] | None = None,
) -> bool:
    """Print feedback on `answer` to `question`; returns True if it is right.

    Numbers match within `rel` (relative) or `abs_`; other values must be equal;
    `judge(answer) -> bool` replaces the comparison where the right answer is a property.
    """
    if answer is ... or answer is None:
        print(f"{question}: not answered yet. Replace the ... with your answer and run the cell again.")
        return False
    try:
        if judge is not None:
            ok = bool(judge(answer))
        elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
            ok = math.isclose(float(answer), float(expected), rel_tol=rel, abs_tol=abs_)
        else:
            ok = answer == expected
    except (TypeError, ValueError) as exc:
        print(f"{question}: ✗ that answer could not be checked ({exc}).")
        return False
    if ok:
        print(f"{question}: ✓ correct.")
    else:
        print(f"{question}: ✗ not yet." + (f" Hint: {hint}" if hint else ""))
    return ok
