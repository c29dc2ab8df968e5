"""The exercises' expected answers, hints and judges, kept out of the notebooks' pages.

One module per notebook, `nbNN.py`, holds `EXERCISES`: a list of `Exercise`. The id of
an exercise is "NN.k" (notebook NN, exercise k); `lookup("03.1")` imports `nb03` and
finds it. A learner who wants to peek can read these files: the point is that the
answer is not printed in the cell they type into, nor on the rendered page.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Exercise:
    """One exercise: what `initviz.check` compares an answer with.

    `expected` is a number (matched within `rel` or `abs_`) or any value (matched by
    `==`); `judge(answer) -> bool` replaces the comparison where any correct answer
    will do (e.g. "find a gain that keeps the gradient flat": the judge measures it).
    """

    id: str
    title: str
    expected: Any = None
    rel: float = 0.05
    abs_: float = 1e-9
    hint: str = ""
    judge: Callable[[Any], bool] | None = None


_ID = re.compile(r"(\d\d)\.(\d+)")


def lookup(exercise_id: str) -> Exercise:
    """The exercise with id "NN.k"; a ValueError naming the id if there is none."""
    match = _ID.fullmatch(exercise_id) if isinstance(exercise_id, str) else None
    if match is None:
        raise ValueError(
            f"exercise={exercise_id!r} is not an exercise id; ids look like '03.1' (notebook 03, exercise 1)"
        )
    try:
        module = importlib.import_module(f"{__name__}.nb{match.group(1)}")
    except ModuleNotFoundError:
        raise ValueError(f"exercise={exercise_id!r}: notebook {match.group(1)} has no exercises") from None
    found = {e.id: e for e in module.EXERCISES}
    if exercise_id not in found:
        raise ValueError(f"exercise={exercise_id!r} is not known; notebook {match.group(1)} has {', '.join(found)}")
    return found[exercise_id]
