"""`python -m benchmarks` judges the pytest --nbval budgets as DESIGN.md words them: per edition, both over a floor."""

from benchmarks.__main__ import budgets


def suite(en_s: float, zh_s: float, whole_s: float = 400.0, workers: int = 2) -> dict:
    def phase(name, wall):
        return {"target": name, "what": f"pytest --nbval of {name}", "wall_s": wall, "exit_code": 0}

    return {
        "results": {
            "phases": [phase("nbval", whole_s)],
            "editions": [phase("nbval_en", en_s), phase("nbval_zh", zh_s)],
            "workers": workers,
        }
    }


def notebooks(*floors: float) -> dict:
    return {"results": [{"name": f"{i:02d}.ipynb", "floor_s": f, "beyond_floor_s": 1.0} for i, f in enumerate(floors)]}


def rows(res: dict, word: str) -> list[dict]:
    return [b for b in budgets(res) if word in b["what"]]


def test_each_edition_is_held_to_90_seconds_and_the_whole_run_with_unit_tests_is_not():
    judged = rows({"suite": suite(en_s=80, zh_s=95, whole_s=400)}, "pytest --nbval of")
    assert [(b["what"], b["ok"]) for b in judged] == [
        ("pytest --nbval of nbval_en", True),
        ("pytest --nbval of nbval_zh", False),
    ]


def test_both_editions_are_judged_against_every_notebooks_floor_shared_among_the_workers():
    # floor: 2 editions x (4 + 6) s / 2 workers = 10 s; 1.5x of it is 15 s
    (within,) = rows({"suite": suite(en_s=7, zh_s=8), "notebooks": notebooks(4, 6)}, "both editions")
    (over,) = rows({"suite": suite(en_s=8, zh_s=8), "notebooks": notebooks(4, 6)}, "both editions")
    assert within["ok"] and within["measured"].startswith("1.50x")
    assert not over["ok"] and over["measured"].startswith("1.60x")


def test_without_the_notebooks_floors_the_two_editions_are_not_judged_together():
    assert rows({"suite": suite(en_s=7, zh_s=8)}, "both editions") == []
