"""`make slides`: what goes on a deck (no browser: the decks as notebooks, before nbconvert)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("build_slides", ROOT / "scripts" / "build_slides.py")
slides = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = slides
spec.loader.exec_module(slides)

STOPS = slides.stops((ROOT / "docs" / "lesson_plan.md").read_text(encoding="utf-8"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PNG = "iVBORw0KGgo="


def figure(title: str = "fig") -> nbformat.NotebookNode:
    return new_code_cell(
        "initviz.show(fig)",
        outputs=[
            new_output("display_data", data={"image/png": PNG, "text/plain": f"<Figure: {title}>"}),
            new_output("stream", name="stdout", text="printed numbers\n"),
        ],
    )


def kinds(deck: nbformat.NotebookNode) -> list[str]:
    return [c.metadata["slideshow"]["slide_type"] for c in deck.cells]


LESSON = new_notebook(
    cells=[
        new_markdown_cell("# 09 · A lesson\n### 一课\n\n**Goals.** many"),
        new_markdown_cell("## 1 · First idea\n\nProse that stays in the notebook."),
        figure(),
        new_markdown_cell("## 2 · Prose only\n\nNothing to show."),
        new_markdown_cell("## Key takeaways\n\n- one\n- two\n\n## What comes next\n\nmore"),
    ]
)
STOP = slides.Stop("S9", "09", "*First idea*", 'before the cell: "what will it do?"', "it stays at ln 2")


def test_a_deck_opens_with_the_titles_and_closes_with_the_takeaways():
    deck = slides.deck(LESSON, [])
    assert deck.cells[0].source == "# 09 · A lesson\n\n### 一课"
    assert deck.cells[-1].source.startswith("- one") and "more" not in deck.cells[-1].source


def test_a_section_gets_a_slide_its_figure_a_slide_below_it_and_prose_stays_out():
    deck = slides.deck(LESSON, [])
    text = "\n".join(c.source for c in deck.cells if c.cell_type == "markdown")
    assert "## 1 · First idea" in text and "Prose that stays" not in text and "Prose only" not in text
    image = next(c for c in deck.cells if c.cell_type == "code")
    assert [list(o["data"]) for o in image.outputs] == [["image/png"]]  # no printed numbers, no text form


def test_a_stop_asks_its_quoted_question_before_the_figure_and_keeps_the_answer_in_the_notes():
    deck = slides.deck(LESSON, [STOP])
    ask = next(i for i, c in enumerate(deck.cells) if "Predict first" in c.source)
    image = next(i for i, c in enumerate(deck.cells) if c.cell_type == "code")
    assert ask < image and deck.cells[ask].source.endswith("### what will it do?")
    assert kinds(deck)[ask + 1] == "notes" and "ln 2" in deck.cells[ask + 1].source
    assert all("ln 2" not in c.source for c, k in zip(deck.cells, kinds(deck)) if k != "notes")


def test_cells_tagged_no_slide_stay_out_and_cells_tagged_slide_go_in():
    hidden, shown = figure("hidden"), new_markdown_cell("A table for the room", metadata={"tags": ["slide"]})
    hidden.metadata["tags"] = ["no-slide"]
    deck = slides.deck(new_notebook(cells=[new_markdown_cell("# t\n## 1 · A"), hidden, shown]), [])
    assert [c.source for c in deck.cells if c.cell_type == "code"] == []
    assert "A table for the room" in [c.source for c in deck.cells]


def test_a_stop_whose_heading_is_gone_fails_the_build_naming_it():
    with pytest.raises(ValueError, match="S9.*'\\*Renamed\\*'"):
        slides.deck(LESSON, [slides.Stop("S9", "09", "*Renamed*", "q", "a")])


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_deck_has_its_stops_and_no_solution(source: Path):
    nb = nbformat.read(source, as_version=4)
    own = [s for s in STOPS if s.notebook == source.name[:2]]
    deck = slides.deck(nb, own)
    assert sum("Predict first" in c.source for c in deck.cells) == len(own) > 0
    assert not [c for c in deck.cells if "<summary>Solution" in c.source or "initviz.check(" in c.source]
    assert sum(k in ("slide", "subslide") for k in kinds(deck)) > 5
