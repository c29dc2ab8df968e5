"""docs/lesson_plan.md: minute by minute, by headings that exist, in an order that respects what builds on what."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("build_slides", ROOT / "scripts" / "build_slides.py")
slides = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = slides
spec.loader.exec_module(slides)

PLAN = (ROOT / "docs" / "lesson_plan.md").read_text(encoding="utf-8")
NOTEBOOKS = {p.name[:2]: p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))}
ROW = re.compile(r"^\|\s*(\d+)-(\d+)\s*\|\s*([\d, ]+)\s*\|(.*?)\|(.*?)\|(.*?)\|\s*$", re.M)
# (plan heading, minutes): the plans and how long each runs.
PLANS = {"45 minutes": 45, "90 minutes": 90, "Session 1": 90, "Session 2": 90, "Session 3": 90}
# What builds on what: (notebook, heading) pairs that must come in this order wherever both are taught.
DEPENDENCIES = [
    (("03", "A layer multiplies the variance"), ("04", "ReLU throws away half")),
    (("03", "Backward, the fan-out counts"), ("04", "He's derivation")),
    (("04", "ReLU throws away half"), ("04", "He's derivation")),
    (("04", "He's derivation"), ("04", "What does PyTorch's")),
    (("02", "The scalar case"), ("03", "A layer multiplies the variance")),
    (("04", "He's derivation"), ("05", "Remedies, measured")),
    (("06", "Over-confident logits"), ("07", "A diagnostics checklist")),
]


def plan_rows(name: str) -> list[tuple[int, int, str, list[str], list[str]]]:
    """(start, end, notebook, sections, stops) of each row of the plan under the heading that starts with `name`."""
    start = re.search(rf"^#+ {re.escape(name)}.*$", PLAN, re.M)
    end = re.compile(r"^#+ ", re.M).search(PLAN, start.end())
    rows = []
    for m in ROW.finditer(PLAN[start.end() : end.start() if end else len(PLAN)]):
        sections = re.findall(r"\*([^*]+)\*", m.group(4))
        rows.append((int(m.group(1)), int(m.group(2)), m.group(3).strip(), sections, re.findall(r"S\d+", m.group(5))))
    return rows


def notebook_headings(number: str) -> list[str]:
    return slides.headings(nbformat.read(NOTEBOOKS[number], as_version=4))


def names_a_heading(number: str, text: str) -> bool:
    return any(slides.normalized(h).startswith(slides.normalized(text)) for h in notebook_headings(number))


@pytest.mark.parametrize("plan", PLANS)
def test_each_plan_runs_minute_by_minute_from_0_to_its_length(plan: str):
    rows = plan_rows(plan)
    assert rows and rows[0][0] == 0 and rows[-1][1] == PLANS[plan]
    assert all(a[1] == b[0] for a, b in zip(rows, rows[1:])), "a gap or an overlap between rows"


@pytest.mark.parametrize("plan", PLANS)
def test_every_section_a_plan_names_is_a_heading_of_its_notebook(plan: str):
    missing = [
        (nb, s)
        for _, _, nb, sections, _ in plan_rows(plan)
        if nb in NOTEBOOKS
        for s in sections
        if not names_a_heading(nb, s)
    ]
    assert missing == []


def test_every_stop_names_a_heading_of_its_notebook():
    stops = slides.stops(PLAN)
    assert len(stops) >= 25
    assert [s.id for s in stops if slides.heading_of(s, notebook_headings(s.notebook)) is None] == []


def test_every_notebook_has_a_stop():
    assert {s.notebook for s in slides.stops(PLAN)} == set(NOTEBOOKS)


@pytest.mark.parametrize("plan", PLANS)
def test_a_plan_calls_only_stops_of_the_notebook_it_is_in(plan: str):
    notebook_of = {s.id: s.notebook for s in slides.stops(PLAN)}
    assert [(nb, stop) for _, _, nb, _, stops in plan_rows(plan) for stop in stops if notebook_of.get(stop) != nb] == []


def test_the_sessions_make_every_stop():
    made = {stop for plan in ("Session 1", "Session 2", "Session 3") for row in plan_rows(plan) for stop in row[4]}
    assert made == {s.id for s in slides.stops(PLAN)}


@pytest.mark.parametrize("plans", [["45 minutes"], ["90 minutes"], ["Session 1", "Session 2", "Session 3"]])
def test_what_builds_on_something_comes_after_it(plans: list[str]):
    order = [
        (nb, slides.normalized(s)) for plan in plans for _, _, nb, sections, _ in plan_rows(plan) for s in sections
    ]

    def position(item: tuple[str, str]) -> int | None:
        return next(
            (i for i, (nb, s) in enumerate(order) if nb == item[0] and s.startswith(slides.normalized(item[1]))), None
        )

    for before, after in DEPENDENCIES:
        if position(after) is not None:
            assert position(before) is not None and position(before) < position(after), (before, after)


def lab_menus() -> dict[tuple[str, ...], list[str]]:
    """Each menu path of the pinned JupyterLab (by label, ids where no label) and the commands in it."""
    menus: dict[tuple[str, ...], list[str]] = {}
    labels = {"jp-mainmenu-view": "View", "jp-mainmenu-kernel": "Kernel", "jp-mainmenu-run": "Run"}

    def walk(items: list, path: tuple[str, ...]) -> None:
        for item in items:
            if item.get("type") == "submenu" and "submenu" in item:
                sub = item["submenu"]
                walk(sub.get("items", []), path + (sub.get("label", sub["id"]),))
            elif "command" in item:
                menus.setdefault(path, []).append(item["command"])

    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for schema in schemas.rglob("*.json"):
        for menu in json.loads(schema.read_text()).get("jupyter.lab.menus", {}).get("main", []):
            walk(menu.get("items", []), (menu.get("label") or labels.get(menu["id"], menu["id"]),))
    return menus


# The menu items the documents name, and the command each one runs in JupyterLab 4.6.
MENU_COMMANDS = {
    "View → Appearance → Presentation Mode": "application:toggle-presentation-mode",
    "Kernel → Restart Kernel and Run All Cells": "runmenu:restart-and-run-all",
}


def test_every_menu_path_the_documents_name_is_known_here():
    documents = PLAN + (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\*((?:[A-Z][\w ]+ → )+[A-Z][\w ]+)\*", documents))
    assert named and named <= set(MENU_COMMANDS)


@pytest.mark.parametrize("path", MENU_COMMANDS)
def test_the_menu_path_is_where_the_pinned_jupyterlab_puts_its_command(path: str):
    *menus, label = path.split(" → ")
    assert MENU_COMMANDS[path] in lab_menus().get(tuple(menus), [])
    static = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"
    assert any(f'"{label}' in js.read_text(errors="replace") for js in static.glob("*.js")), label
