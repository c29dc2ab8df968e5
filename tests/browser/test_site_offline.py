"""`make html`'s pages, opened from disk in Chromium with the network cut: the formulas are typeset."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# 00 holds the map the index is built from; 02 has formulas in its page and in its line of the map.
PAGES = ("00_start_here", "02_gradient_products")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "scripts" / "build_site.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    source, target = tmp_path_factory.mktemp("notebooks"), tmp_path_factory.mktemp("site")
    for stem in PAGES:
        shutil.copy(ROOT / "notebooks" / f"{stem}.ipynb", source)
    builder.build(source, target, jobs=1)
    return target


@pytest.mark.parametrize("page", ["index", *PAGES])
def test_formulas_are_typeset_with_the_network_cut(chromium, site: Path, page: str) -> None:
    context = chromium.new_context()
    requested: list[str] = []
    context.route("http*://**/*", lambda route: (requested.append(route.request.url), route.abort()))
    tab = context.new_page()
    try:
        tab.goto((site / f"{page}.html").as_uri())
        tab.wait_for_function(
            """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0
                                       && document.querySelectorAll('.MathJax').length > 0""",
            timeout=30_000,
        )
        typeset = tab.evaluate("document.querySelectorAll('.MathJax').length")
        math_errors = tab.evaluate("document.querySelectorAll('.MathJax_Error, .merror').length")
        raw_tex = tab.evaluate(r"""() => {  // prose only: TeX inside code cells (plot labels) is code
            const prose = [...document.querySelectorAll('.jp-RenderedMarkdown')];
            return (prose.length ? prose : [document.body]).flatMap(
                e => e.innerText.match(/\$[^$\n]*\\[a-z]+[^$\n]*\$/g) || []);
        }""")
        stix = tab.evaluate(
            "[...document.fonts].some(f => f.family.startsWith('STIXMathJax') && f.status === 'loaded')"
        )
    finally:
        context.close()
    assert typeset > 0 and math_errors == 0
    assert not raw_tex, f"{page}: formulas left as TeX: {raw_tex[:3]}"
    assert stix, f"{page}: MathJax's web font did not load from the site"
    assert not requested, f"{page} asked the internet for {requested}"
