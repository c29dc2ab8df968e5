"""`make handout`: the course on one page, printed by Chromium to A4 and Letter, one or two pages each."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# PDF points (1/72 inch): A4 is 210 x 297 mm, Letter 8.5 x 11 in.
PAPER_POINTS = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}


def load_builder():
    spec = importlib.util.spec_from_file_location("build_handout", ROOT / "scripts" / "build_handout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def printed(chromium, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], list[str]]:
    builder, target, blocked = load_builder(), tmp_path_factory.mktemp("handout"), []
    pdfs = builder.print_pdfs(builder.build_html(target), target, chromium, blocked=blocked)
    return pdfs, blocked


def pages(pdf: bytes) -> int:
    """The page count the PDF's page tree declares, checked against its page objects."""
    declared = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf, re.S)]
    objects = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert declared and max(declared) == objects
    return objects


# Not parametrized: the browser tests are shared out by parameter (see the root conftest.py), and both papers
# come from one printing.
def test_the_handout_prints_on_one_or_two_pages_of_a4_and_of_letter(printed):
    assert {paper: 1 <= pages(pdf.read_bytes()) <= 2 for paper, pdf in printed[0].items()} == {
        "a4": True,
        "letter": True,
    }


def test_each_pdf_has_its_paper_size(printed):
    for paper, pdf in printed[0].items():
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
        width, height = PAPER_POINTS[paper]
        assert boxes and all(abs(float(w) - width) < 2 and abs(float(h) - height) < 2 for w, h in boxes), paper


def test_printing_the_handout_asks_nothing_of_the_internet(printed):
    assert printed[1] == []
