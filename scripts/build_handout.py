"""Build the one-page handout: docs/handout.md with its notebook sections pulled in, as HTML and PDF.

Usage: python scripts/build_handout.py [OUT_DIR]        (what `make handout` runs; default build/handout)

Writes OUT_DIR/handout.html (formulas typeset offline by a copy of MathJax 2 in OUT_DIR/mathjax/),
then prints it with Debian's Chromium (driven by Playwright, never a downloaded browser) to
OUT_DIR/handout-a4.pdf and OUT_DIR/handout-letter.pdf. The include lines of docs/handout.md say
which notebook sections go in; their syntax is explained at the top of that file.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PAPERS = {"a4": "A4", "letter": "Letter"}
INCLUDE = re.compile(
    r"^<!--\s*include:\s*(?P<notebook>[^|]+?)\s*\|\s*(?P<heading>[^|]+?)\s*"
    r"(?:\|\s*(?P<only>table)\s*)?-->\s*$",
    re.M,
)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$", re.M)
NUMBER = re.compile(r"^\d+[a-z]?\s*·\s*")  # "2 · " or "2b · " before a section's name
ABOUT_CELLS = re.compile(r"\b(?:next|previous|following|this|last) cell\b|\bcells? (?:above|below)\b", re.I)
NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./notebooks/)?\d\d_[A-Za-z0-9_]+\.ipynb(?:#[^)]*)?\)")
TABLE = re.compile(r"(?:^\|.*\|[ \t]*\n?)+", re.M)
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"


def markdown_of(nb: nbformat.NotebookNode) -> str:
    """The notebook's markdown cells, one after the other (code cells left out)."""
    return "\n\n".join(cell.source.strip() for cell in nb.cells if cell.cell_type == "markdown")


def section(markdown: str, heading: str) -> str:
    """The text under `heading` (its number may be left out), down to the next heading of its level or higher."""
    wanted = NUMBER.sub("", heading).strip()
    for match in HEADING.finditer(markdown):
        if NUMBER.sub("", match.group(2)).strip() == wanted:
            level = len(match.group(1))
            end = re.compile(rf"^#{{1,{level}}}\s", re.M).search(markdown, match.end())
            return markdown[match.start() : end.start() if end else len(markdown)].strip()
    raise ValueError(f"no heading {heading!r}")


def for_print(markdown: str) -> str:
    """Paragraphs about the notebook's cells dropped; links to notebooks kept as their text."""
    paragraphs = [p for p in re.split(r"\n\s*\n", markdown) if not ABOUT_CELLS.search(p)]
    return NOTEBOOK_LINK.sub(r"\1", "\n\n".join(paragraphs))


def expand(source: str, notebooks: Path) -> str:
    """`source` with each include line replaced by the notebook section it names."""
    cache: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        name = match.group("notebook")
        if name not in cache:
            path = notebooks / name
            if not path.exists():
                raise ValueError(f"docs/handout.md includes {name}, which is not in {notebooks}")
            cache[name] = markdown_of(nbformat.read(path, as_version=4))
        try:
            text = section(cache[name], match.group("heading"))
        except ValueError as exc:
            raise ValueError(f"docs/handout.md: {name} has {exc}; rename the include line") from None
        if match.group("only"):
            table = TABLE.search(text)
            if table is None:
                raise ValueError(f"docs/handout.md: {name}, {match.group('heading')!r} has no table")
            text = table.group(0)
        return for_print(text)

    without_comments = re.sub(r"^<!--(?!\s*include:).*?-->\s*\n", "", source, flags=re.S | re.M)
    return INCLUDE.sub(replace, without_comments)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], processEscapes: true}},
                    "HTML-CSS": {{availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null,
                                 scale: 95}},
                    showMathMenu: false, messageStyle: "none"}});
</script>
<script src="{mathjax}"></script>
<style>
html {{ font-family: "DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", Arial, sans-serif; font-size: 8pt;
        line-height: 1.22; color: #111; }}
body {{ margin: 0; }}
h1 {{ font-size: 12.5pt; margin: 0 0 0.3em; }}
h2, h3 {{ font-size: 10pt; margin: 0.7em 0 0.2em; color: #0b4f8a; }}
.anchor-link {{ display: none; }}
p, ul {{ margin: 0.3em 0; }}
ul {{ padding-left: 1.3em; }}
li {{ margin: 0.1em 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.3em 0 0.4em; page-break-inside: avoid; }}
th, td {{ border: 0.6pt solid #999; padding: 1.5pt 3.5pt; text-align: left; vertical-align: top; }}
th {{ background: #e8eef5; }}
code {{ font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; }}
footer {{ margin-top: 0.8em; font-size: 7pt; color: #555; border-top: 0.6pt solid #bbb; padding-top: 0.3em; }}
</style>
</head>
<body>
{body}
<footer>{footer}</footer>
</body>
</html>
"""
FOOTER = (
    "From the course <em>Why initialize weights randomly, and how</em> (notebooks 00-07), by the initviz course "
    "contributors. Text and figures CC BY 4.0, code MIT. Every number on this page is computed in the notebooks."
)


def page(markdown: str) -> str:
    """The handout as a standalone HTML page (MathJax from ./mathjax)."""
    title = re.search(r"^#\s+(.+)$", markdown, re.M)
    return PAGE.format(
        title=html.escape(title.group(1) if title else "Handout"),
        mathjax=MATHJAX_URL,
        body=markdown2html_mistune(markdown),
        footer=FOOTER,
    )


def copy_mathjax(target: Path) -> None:
    """MathJax 2 from the jupyter-server-mathjax package into `target/mathjax` (HTML-CSS output, STIX-Web fonts:
    all the package ships)."""
    import jupyter_server_mathjax

    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(
        static,
        target / "mathjax",
        dirs_exist_ok=True,
        ignore=lambda folder, names: [n for n in names if n in ("localization", "SVG")],
    )


def print_pdfs(page_path: Path, target: Path, browser=None, blocked: list[str] | None = None) -> dict[str, Path]:
    """Print `page_path` to one PDF per paper size, once MathJax has typeset every formula.

    `browser` is a Playwright Browser to print with (the tests pass theirs); without one, Debian's
    Chromium is started for the job. Requests to the network are refused (and their URLs appended
    to `blocked`, if given)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return print_pdfs(page_path, target, own, blocked)
            finally:
                own.close()

    def refuse(route) -> None:
        if blocked is not None:
            blocked.append(route.request.url)
        route.abort()

    pdfs = {}
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.route("http*://**/*", refuse)  # nothing from the internet
        tab.goto(page_path.resolve().as_uri())
        tab.wait_for_function(
            "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running",
            timeout=60_000,
        )
        errors = tab.evaluate("document.querySelectorAll('.MathJax_Error, .merror').length")
        if errors:
            raise RuntimeError(f"{page_path}: MathJax could not typeset {errors} formula(s)")
        for name, paper in PAPERS.items():
            pdfs[name] = target / f"handout-{name}.pdf"
            tab.pdf(
                path=pdfs[name],
                format=paper,
                print_background=True,
                margin={"top": "11mm", "bottom": "11mm", "left": "12mm", "right": "12mm"},
            )
    finally:
        context.close()
    return pdfs


def page_count(pdf: Path) -> int:
    """The number of pages of a PDF as Chromium writes it (uncompressed page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def build_html(target: Path, source: Path = ROOT / "docs" / "handout.md", notebooks: Path = ROOT / "notebooks") -> Path:
    """Write target/handout.html and its MathJax; returns the page's path."""
    target.mkdir(parents=True, exist_ok=True)
    copy_mathjax(target)
    path = target / "handout.html"
    path.write_text(page(expand(source.read_text(encoding="utf-8"), notebooks)), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    target = (Path(argv[0]) if argv else ROOT / "build" / "handout").resolve()
    start = time.perf_counter()
    try:
        html_path = build_html(target)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    pdfs = print_pdfs(html_path, target)
    for pdf in pdfs.values():
        print(f"{pdf}: {page_count(pdf)} page(s)")
    print(f"{html_path} and {len(pdfs)} PDFs in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
