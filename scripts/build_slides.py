"""Build offline slide decks: the predict-first stops and the key figures of each notebook, in reveal.js.

Usage: python scripts/build_slides.py [OUT_DIR]        (what `make slides` runs; default build/slides)

One deck per notebook, `OUT_DIR/NN_name.slides.html`, and `OUT_DIR/index.html` listing them. A deck is
built from the notebook's stored outputs (nothing is executed) and its headings:

- a title slide; then one slide per section (`##` heading) that has a stop or a figure, and below it
  (reveal's vertical slides) first its stops, then its figures, each captioned with its (sub)section;
- a stop is a row of the stops table in docs/lesson_plan.md (`| Sn | NN | *section* | ask | answer |`):
  its question goes on the slide, its answer in the speaker notes (press `s`), never on the slide;
- a figure is a code cell's stored image (figures and explorers at their default settings), code hidden;
  a cell tagged `no-slide` is left out, a cell tagged `slide` goes in whole (markdown, or a code cell's outputs);
- the section "Key takeaways" closes the deck with its bullets.

Everything the decks load is beside them: reveal.js 4.6.0 from the npm registry (fetched once by
`npm pack` into build/.cache/, checked against its pinned sha512, unpacked into OUT_DIR/reveal.js) and
MathJax 2 from the jupyter-server-mathjax package (OUT_DIR/mathjax). Open a deck from disk; no server needed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "templates"
REVEAL_VERSION = "4.6.0"  # the 4.x API nbconvert's reveal template drives
REVEAL_SHA512 = "QC80rYsZldAe95bW9VImucIPTjfsKhI0jRQrIOXU4P92ZyXb/dfw9L3EE96bN6i7UmeUl1qBieH4UNTr25erYw=="
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$", re.M)
NUMBER = re.compile(r"^\d+[a-z]?\s*·\s*")
STOP_ROW = re.compile(r"^\|\s*(S\d+)\s*\|\s*(\d\d)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$", re.M)
CLOSING = "Key takeaways"


@dataclass(frozen=True)
class Stop:
    """A predict-first stop of docs/lesson_plan.md."""

    id: str
    notebook: str  # "01"
    section: str  # the heading, as written in the plan (a prefix of the real one, number left out)
    question: str
    answer: str


def normalized(heading: str) -> str:
    """A heading without its number, markdown emphasis or code marks, in lower case."""
    return re.sub(r"[*_`]", "", NUMBER.sub("", heading.strip())).strip().lower()


def stops(plan: str) -> list[Stop]:
    """The rows of the stops table of a lesson plan."""
    return [Stop(*[g.strip() for g in m.groups()]) for m in STOP_ROW.finditer(plan)]


def on_slide(question: str) -> str:
    """What the room reads: the quoted question alone when the plan adds directions for the instructor."""
    quoted = re.findall(r'"([^"]+)"', question)
    return " ".join(quoted) if quoted else question[0].upper() + question[1:]


def heading_of(stop: Stop, headings: list[str]) -> str | None:
    """The notebook heading a stop names (the first whose normalized text starts with the stop's), if any."""
    wanted = normalized(stop.section)
    return next((h for h in headings if normalized(h).startswith(wanted)), None)


def headings(nb: nbformat.NotebookNode) -> list[str]:
    """Every heading of the notebook's markdown cells, in order."""
    return [m.group(2) for c in nb.cells if c.cell_type == "markdown" for m in HEADING.finditer(c.source)]


def tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def figure_outputs(cell: nbformat.NotebookNode) -> list:
    """A code cell's stored images (its other outputs dropped), unless it is hidden or tagged off the slides."""
    if (
        cell.cell_type != "code"
        or "no-slide" in tags(cell)
        or "solution" in tags(cell)
        or cell.metadata.get("jupyter", {}).get("source_hidden")
    ):
        return []
    return [
        {**o, "data": {"image/png": o["data"]["image/png"]}}
        for o in cell.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]


def slide_cell(cell: nbformat.NotebookNode, slide_type: str) -> nbformat.NotebookNode:
    cell = nbformat.from_dict(cell)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def md(source: str, slide_type: str) -> nbformat.NotebookNode:
    return new_markdown_cell(source, metadata={"slideshow": {"slide_type": slide_type}})


def events(nb: nbformat.NotebookNode):
    """The notebook as ("heading", level, text), ("figure", cell), ("cell", cell) and ("text", markdown) events."""
    for cell in nb.cells:
        if "slide" in tags(cell):
            yield ("cell", cell)
            continue
        if cell.cell_type == "markdown":
            position = 0
            for match in HEADING.finditer(cell.source):
                yield ("text", cell.source[position : match.start()])
                yield ("heading", len(match.group(1)), match.group(2))
                position = match.end()
            yield ("text", cell.source[position:])
        elif outputs := figure_outputs(cell):
            yield ("figure", new_code_cell(cell.source, outputs=outputs, execution_count=cell.execution_count))


def deck(nb: nbformat.NotebookNode, notebook_stops: list[Stop]) -> nbformat.NotebookNode:
    """The slide notebook of `nb`: title, then per section its stops and figures, then the takeaways."""
    all_headings = headings(nb)
    by_heading: dict[str, list[Stop]] = {}
    for stop in notebook_stops:
        heading = heading_of(stop, all_headings)
        if heading is None:
            raise ValueError(f"stop {stop.id}: notebook {stop.notebook} has no heading {stop.section!r}")
        by_heading.setdefault(heading, []).append(stop)

    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title_lines = [line for line in first.splitlines() if re.match(r"#{1,3}\s", line)][:2]
    cells = [md("\n\n".join(title_lines) or "# Slides", "slide")]
    section: str | None = None  # the current ## heading, not yet on a slide
    caption, closing = "", False
    for event in events(nb):
        kind = event[0]
        if kind == "heading":
            level, text = event[1], event[2]
            if closing and level <= 2:
                closing = False
            if level <= 2:
                section, caption = text, text
                if normalized(text) == normalized(CLOSING):
                    cells.append(md(f"## {text}", "slide"))
                    closing, section = True, None
            else:
                caption = text
            for stop in by_heading.get(text, []):
                if section is not None:
                    cells.append(md(f"## {section}", "slide"))
                    section = None
                cells.append(md(f"#### {caption}\n\n## Predict first\n\n### {on_slide(stop.question)}", "subslide"))
                cells.append(md(f"{stop.id}. {stop.answer}", "notes"))
        elif kind == "text" and closing and event[1].strip():
            cells.append(md(event[1].strip(), "-"))
        elif kind in ("figure", "cell"):
            if section is not None:
                cells.append(md(f"## {section}", "slide"))
                section = None
            if kind == "figure":
                cells.append(md(f"#### {caption}", "subslide"))
                cells.append(slide_cell(event[1], "-"))
            else:
                cells.append(slide_cell(event[1], "subslide"))
    return new_notebook(
        cells=cells, metadata={k: nb.metadata[k] for k in ("kernelspec", "language_info") if k in nb.metadata}
    )


def vendor_reveal(target: Path, cache: Path) -> Path:
    """reveal.js's dist/ and notes plugin in target/reveal.js, from the npm registry's tarball (checked)."""
    dest = target / "reveal.js"
    if (dest / "dist" / "reveal.js").exists():
        return dest
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"reveal.js-{REVEAL_VERSION}.tgz"
    if not tarball.exists():
        if shutil.which("npm") is None:
            raise RuntimeError("npm is needed once, to fetch reveal.js from the npm registry (apt-get install npm)")
        subprocess.run(
            ["npm", "pack", f"reveal.js@{REVEAL_VERSION}", "--pack-destination", str(cache), "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != REVEAL_SHA512:
        tarball.unlink()
        raise RuntimeError(f"{tarball.name}: sha512 {digest} is not the pinned {REVEAL_SHA512}")
    with tarfile.open(tarball) as archive:
        wanted = [
            m
            for m in archive.getmembers()
            if m.isfile() and m.name.startswith(("package/dist/", "package/plugin/notes/", "package/LICENSE"))
        ]
        for member in wanted:
            member.name = member.name.removeprefix("package/")
        archive.extractall(dest, members=wanted, filter="data")
    return dest


def copy_mathjax(target: Path) -> None:
    """MathJax 2 from the jupyter-server-mathjax package into target/mathjax (HTML-CSS output, STIX-Web fonts)."""
    import jupyter_server_mathjax

    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(
        static,
        target / "mathjax",
        dirs_exist_ok=True,
        ignore=lambda folder, names: [n for n in names if n in ("localization", "SVG")],
    )


def exporter() -> SlidesExporter:
    return SlidesExporter(
        template_file="offline_reveal.html.j2",
        extra_template_paths=[str(TEMPLATES)],
        reveal_url_prefix="reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
        mathjax_url=MATHJAX_URL,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Slides: why initialize weights randomly, and how</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; line-height: 1.5; }}</style>
</head><body><h1>Slides</h1>
<p>One deck per notebook: the predict-first stops and the key figures. Arrow keys move on, <kbd>s</kbd> opens the
speaker notes (the answers to the stops), <kbd>f</kbd> goes full screen.</p>
<ul>
{items}
</ul></body></html>
"""


def build(
    source: Path,
    target: Path,
    plan: Path = ROOT / "docs" / "lesson_plan.md",
    cache: Path = ROOT / "build" / ".cache",
    only: list[str] | None = None,
) -> dict[str, int]:
    """Write a deck per notebook of `source` (or of the stems in `only`); returns slides per deck."""
    paths = sorted(p for p in source.iterdir() if NOTEBOOK_NAME.match(p.name) and (not only or p.stem in only))
    if not paths:
        raise ValueError(f"no notebooks named NN_name.ipynb in {source}")
    all_stops = stops(plan.read_text(encoding="utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    vendor_reveal(target, cache)
    copy_mathjax(target)
    slides_exporter, counts, items = exporter(), {}, []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        slides = deck(nb, [s for s in all_stops if s.notebook == path.name[:2]])
        body, _ = slides_exporter.from_notebook_node(slides, resources={"metadata": {"name": path.stem}})
        (target / f"{path.stem}.slides.html").write_text(body, encoding="utf-8")
        counts[path.stem] = sum(c.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for c in slides.cells)
        title = normalized(headings(nb)[0]) if headings(nb) else path.stem
        items.append(
            f'<li><a href="{path.stem}.slides.html">{html.escape(headings(nb)[0] if headings(nb) else title)}'
            f"</a> ({counts[path.stem]} slides)</li>"
        )
    (target / "index.html").write_text(INDEX.format(items="\n".join(items)), encoding="utf-8")
    return counts


def main(argv: list[str]) -> int:
    target = (Path(argv[0]) if argv else ROOT / "build" / "slides").resolve()
    start = time.perf_counter()
    try:
        counts = build(ROOT / "notebooks", target)
    except (ValueError, RuntimeError, subprocess.CalledProcessError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for stem, n in counts.items():
        print(f"{stem}.slides.html: {n} slides")
    print(f"{target}/index.html + {len(counts)} decks in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
