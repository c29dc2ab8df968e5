"""`make slides`: a deck opened from disk in Chromium, the network cut, renders its slides and loads nothing else."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DECK = "02_gradient_products"  # stops, figures, explorers and formulas


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("build_slides", ROOT / "scripts" / "build_slides.py")
    builder = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = builder
    spec.loader.exec_module(builder)
    target = tmp_path_factory.mktemp("slides")
    builder.build(ROOT / "notebooks", target, only=[DECK])  # reveal.js from build/.cache/ after the first time
    return target


@pytest.fixture(scope="module")
def shown(chromium, decks: Path) -> dict:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    context.route("http*://**/*", lambda route: route.abort())
    tab = context.new_page()
    try:
        tab.goto((decks / f"{DECK}.slides.html").as_uri())
        tab.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        tab.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0", timeout=30_000)
        seen = tab.evaluate("""() => ({
            sections: document.querySelectorAll('.reveal .slides section').length,
            slides: Reveal.getTotalSlides(),
            images: [...document.querySelectorAll('.reveal .slides img')].map(i => i.complete && i.naturalWidth > 0),
            notes: document.querySelectorAll('.reveal aside.notes').length,
            mathErrors: document.querySelectorAll('.MathJax_Error, .merror').length,
            typeset: document.querySelectorAll('.MathJax').length})""")
        tab.evaluate("Reveal.slide(Reveal.getTotalSlides() - 1)")  # the last slide can be reached
        seen["last"] = tab.evaluate("Reveal.isLastSlide()")
    finally:
        context.close()
    seen["requested"] = requested
    return seen


def test_the_deck_renders_its_slides(shown: dict):
    assert shown["sections"] > 1 and shown["slides"] > 5 and shown["last"]


def test_every_figure_of_the_deck_loads(shown: dict):
    assert shown["images"] and all(shown["images"])


def test_the_answers_are_in_the_speaker_notes_and_the_formulas_typeset(shown: dict):
    assert shown["notes"] >= 3 and shown["typeset"] > 0 and shown["mathErrors"] == 0


def test_the_deck_asks_for_nothing_but_files_beside_it(shown: dict):
    # about:blank is MathJax's own font probe (its MathJax_Blank font), never a network request
    assert [url for url in shown["requested"] if not url.startswith(("file://", "data:", "about:blank"))] == []
