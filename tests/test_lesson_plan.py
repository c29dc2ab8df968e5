"""docs/lesson_plan.md and its Chinese twin docs/lesson_plan.zh-CN.md: minute by minute, by headings that exist,
in an order that respects what builds on what; the Chinese plan the English one, by the Chinese notebooks' headings."""

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

PLAN_FILES = {"en": ROOT / "docs" / "lesson_plan.md", "zh": ROOT / "docs" / "lesson_plan.zh-CN.md"}
PLAN = {lang: path.read_text(encoding="utf-8") for lang, path in PLAN_FILES.items()}
NOTEBOOK_DIRS = {"en": ROOT / "notebooks", "zh": ROOT / "notebooks" / "zh"}
NOTEBOOKS = {
    lang: {p.name[:2]: p for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))} for lang, folder in NOTEBOOK_DIRS.items()
}
LANGS = list(PLAN_FILES)
ROW = re.compile(r"^\|\s*(\d+)-(\d+)\s*\|\s*([\d, ]+)\s*\|(.*?)\|(.*?)\|(.*?)\|\s*$", re.M)
# The plans, by their heading in each edition (the same plan on the same line), and how long each runs.
PLAN_NAMES = [
    ({"en": "45 minutes", "zh": "45 分钟"}, 45),
    ({"en": "90 minutes", "zh": "90 分钟"}, 90),
    ({"en": "Session 1", "zh": "第 1 次课"}, 90),
    ({"en": "Session 2", "zh": "第 2 次课"}, 90),
    ({"en": "Session 3", "zh": "第 3 次课"}, 90),
]
PLANS = {lang: {names[lang]: minutes for names, minutes in PLAN_NAMES} for lang in LANGS}
PLAN_CASES = [
    pytest.param(lang, names[lang], id=f"{lang}-{names['en'].replace(' ', '-')}")
    for lang in LANGS
    for names, _ in PLAN_NAMES
]
SESSIONS = {lang: [names[lang] for names, _ in PLAN_NAMES[2:]] for lang in LANGS}
# What builds on what: (notebook, English heading) pairs that must come in this order wherever both are taught.
# The Chinese plan is held to the same pairs: its headings stand where the English ones do (tested below).
DEPENDENCIES = [
    (("03", "A layer multiplies the variance"), ("04", "ReLU throws away half")),
    (("03", "Backward, the fan-out counts"), ("04", "He's derivation")),
    (("04", "ReLU throws away half"), ("04", "He's derivation")),
    (("04", "He's derivation"), ("04", "What does PyTorch's")),
    (("02", "The scalar case"), ("03", "A layer multiplies the variance")),
    (("04", "He's derivation"), ("05", "Remedies, measured")),
    (("06", "Over-confident logits"), ("07", "A diagnostics checklist")),
]


def plan_rows(lang: str, name: str) -> list[tuple[int, int, str, list[str], list[str]]]:
    """(start, end, notebook, sections, stops) of each row of the plan under the heading that starts with `name`."""
    plan = PLAN[lang]
    start = re.search(rf"^#+ {re.escape(name)}.*$", plan, re.M)
    end = re.compile(r"^#+ ", re.M).search(plan, start.end())
    rows = []
    for m in ROW.finditer(plan[start.end() : end.start() if end else len(plan)]):
        sections = re.findall(r"\*([^*]+)\*", m.group(4))
        rows.append((int(m.group(1)), int(m.group(2)), m.group(3).strip(), sections, re.findall(r"S\d+", m.group(5))))
    return rows


def notebook_headings(lang: str, number: str) -> list[str]:
    return slides.headings(nbformat.read(NOTEBOOKS[lang][number], as_version=4))


def heading_index(lang: str, number: str, text: str) -> int | None:
    """Where the heading a plan names by `text` (a prefix, number left out) stands among its notebook's headings."""
    wanted = slides.normalized(text)
    return next(
        (i for i, h in enumerate(notebook_headings(lang, number)) if slides.normalized(h).startswith(wanted)), None
    )


def names_a_heading(lang: str, number: str, text: str) -> bool:
    return heading_index(lang, number, text) is not None


@pytest.mark.parametrize("lang, plan", PLAN_CASES)
def test_each_plan_runs_minute_by_minute_from_0_to_its_length(lang: str, plan: str):
    rows = plan_rows(lang, plan)
    assert rows and rows[0][0] == 0 and rows[-1][1] == PLANS[lang][plan]
    assert all(a[1] == b[0] for a, b in zip(rows, rows[1:])), "a gap or an overlap between rows"


@pytest.mark.parametrize("lang, plan", PLAN_CASES)
def test_every_section_a_plan_names_is_a_heading_of_its_notebook(lang: str, plan: str):
    missing = [
        (nb, s)
        for _, _, nb, sections, _ in plan_rows(lang, plan)
        if nb in NOTEBOOKS[lang]
        for s in sections
        if not names_a_heading(lang, nb, s)
    ]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_stop_names_a_heading_of_its_notebook(lang: str):
    stops = slides.stops(PLAN[lang])
    assert len(stops) >= 25
    assert [s.id for s in stops if slides.heading_of(s, notebook_headings(lang, s.notebook)) is None] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_notebook_has_a_stop(lang: str):
    assert {s.notebook for s in slides.stops(PLAN[lang])} == set(NOTEBOOKS[lang])


@pytest.mark.parametrize("lang, plan", PLAN_CASES)
def test_a_plan_calls_only_stops_of_the_notebook_it_is_in(lang: str, plan: str):
    notebook_of = {s.id: s.notebook for s in slides.stops(PLAN[lang])}
    rows = plan_rows(lang, plan)
    assert [(nb, stop) for _, _, nb, _, stops in rows for stop in stops if notebook_of.get(stop) != nb] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_sessions_make_every_stop(lang: str):
    made = {stop for plan in SESSIONS[lang] for row in plan_rows(lang, plan) for stop in row[4]}
    assert made == {s.id for s in slides.stops(PLAN[lang])}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("plans", [PLAN_NAMES[:1], PLAN_NAMES[1:2], PLAN_NAMES[2:]], ids=["45", "90", "sessions"])
def test_what_builds_on_something_comes_after_it(lang: str, plans: list):
    order = [
        (nb, heading_index(lang, nb, s))
        for names, _ in plans
        for _, _, nb, sections, _ in plan_rows(lang, names[lang])
        for s in sections
    ]

    def position(item: tuple[str, str]) -> int | None:
        heading = (item[0], heading_index("en", *item))
        return order.index(heading) if heading in order else None

    for before, after in DEPENDENCIES:
        if position(after) is not None:
            assert position(before) is not None and position(before) < position(after), (before, after)


@pytest.mark.parametrize("number", sorted(NOTEBOOKS["en"]))
def test_the_chinese_notebook_has_its_headings_where_the_english_one_has_them(number: str):
    def places(path: Path) -> list[tuple[int, int]]:
        """(cell, level) of every heading: what lets the Chinese plan be held to the English one's order."""
        nb = nbformat.read(path, as_version=4)
        return [
            (i, len(m.group(1)))
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown"
            for m in slides.HEADING.finditer(c.source)
        ]

    assert places(NOTEBOOKS["zh"][number]) == places(NOTEBOOKS["en"][number])


@pytest.mark.parametrize("names", [p for p, _ in PLAN_NAMES], ids=[p["en"] for p, _ in PLAN_NAMES])
def test_the_chinese_plan_teaches_the_same_sections_minutes_and_stops_as_the_english_one(names: dict[str, str]):
    def rows(lang: str) -> list:
        return [
            (start, end, nb, [heading_index(lang, nb, s) for s in sections], stops)
            for start, end, nb, sections, stops in plan_rows(lang, names[lang])
        ]

    assert rows("zh") == rows("en")


def test_the_chinese_plan_stops_where_the_english_one_does():
    def stops(lang: str) -> list[tuple[str, str, int | None]]:
        return [(s.id, s.notebook, heading_index(lang, s.notebook, s.section)) for s in slides.stops(PLAN[lang])]

    assert stops("zh") == stops("en")


def test_the_chinese_plan_uses_full_width_punctuation():
    prose = re.sub(r"`[^`]*`|\$[^$]*\$|\]\([^)]*\)", " ", PLAN["zh"])
    assert re.findall(r"[\u3400-\u9fff][,:;?!()]|[,:;?!()][\u3400-\u9fff]", prose) == []


def test_the_plans_and_the_readmes_link_to_each_other():
    assert "(lesson_plan.zh-CN.md)" in PLAN["en"][:300]
    assert "(lesson_plan.md)" in PLAN["zh"][:300]
    assert "(docs/lesson_plan.zh-CN.md)" in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")


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
    documents = PLAN["en"] + (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\*((?:[A-Z][\w ]+ → )+[A-Z][\w ]+)\*", documents))
    assert named and named <= set(MENU_COMMANDS)


@pytest.mark.parametrize("path", MENU_COMMANDS)
def test_the_menu_path_is_where_the_pinned_jupyterlab_puts_its_command(path: str):
    *menus, label = path.split(" → ")
    assert MENU_COMMANDS[path] in lab_menus().get(tuple(menus), [])
    static = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"
    assert any(f'"{label}' in js.read_text(errors="replace") for js in static.glob("*.js")), label


def chinese_menu_path(path: str) -> str:
    """An English menu path as the pinned Simplified-Chinese language pack shows it (menus, then the item)."""
    spec = importlib.util.find_spec("jupyterlab_language_pack_zh_CN")
    assert spec is not None and spec.origin is not None, "the language pack make lab-zh uses is not installed"
    catalog = Path(spec.origin).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "jupyterlab.json"
    messages = json.loads(catalog.read_text(encoding="utf-8"))
    *menus, label = path.split(" → ")
    item = messages.get(label) or messages[label + "…"]
    return " → ".join([messages["menu\x04" + menu][0] for menu in menus] + [item[0]])


def test_every_menu_path_the_chinese_documents_name_is_the_language_packs_translation():
    documents = PLAN["zh"] + (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    named = {path for path in re.findall(r"\*([^*\n]+ → [^*\n]+)\*", documents) if re.search(r"[\u3400-\u9fff]", path)}
    assert named and named <= {chinese_menu_path(path) for path in MENU_COMMANDS}
