"""docs/handout.md pulls its sections from the notebooks: every include resolves, and reads as print."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("build_handout", ROOT / "scripts" / "build_handout.py")
handout = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = handout
spec.loader.exec_module(handout)

SOURCE = (ROOT / "docs" / "handout.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def expanded() -> str:
    return handout.expand(SOURCE, ROOT / "notebooks")


def test_every_include_line_is_replaced_by_its_notebook_section(expanded: str):
    assert handout.INCLUDE.findall(SOURCE) and not handout.INCLUDE.search(expanded)
    assert "<!--" not in expanded


def test_the_handout_has_the_two_summary_tables_and_the_checklist(expanded: str):
    body = handout.page(expanded)
    assert body.count("<table>") == 3
    for text in ("What to initialize how", "The pitfalls of the course", "update:data ratio", "He / Kaiming"):
        assert text in body, text


def test_no_sentence_about_notebook_cells_and_no_link_to_a_notebook_is_printed(expanded: str):
    assert not handout.ABOUT_CELLS.search(expanded)
    assert not re.search(r"\]\(\S*\.ipynb", expanded)


def test_a_section_is_found_without_its_number():
    markdown = "## 2 · A checklist\n\ntext\n\n### inside\n\nmore\n\n## 3 · Next\n\nnot this"
    assert handout.section(markdown, "A checklist") == "## 2 · A checklist\n\ntext\n\n### inside\n\nmore"


def test_a_heading_that_is_gone_fails_the_build_naming_it(tmp_path: Path):
    (tmp_path / "07_x.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    with pytest.raises(ValueError, match="07_x.ipynb has no heading 'Renamed section'"):
        handout.expand("<!-- include: 07_x.ipynb | Renamed section -->\n", tmp_path)
