"""Build a static HTML site of the executed notebooks, for readers without Jupyter.

Usage: python scripts/build_site.py NOTEBOOK_DIR SITE_DIR      (what `make html` runs)

- one page per notebook `NN_name.ipynb` -> `SITE_DIR/NN_name.html`, converted by nbconvert
  from its stored outputs (nothing is executed; run `make execute` first), figures embedded
  as `data:image/png` so a page is a single file;
- nbconvert preprocessors do the rest: explorers shown as their static figure (the widget view,
  which needs a live kernel, is dropped), links between notebooks (`03_xavier_glorot.ipynb#anchor`)
  rewritten to their pages, the code of folded cells left out (tagged, then nbconvert's
  TagRemovePreprocessor), a link to the index on top; the template in `site_template/` makes the
  page read offline (no require.js, the local MathJax configured);
- `SITE_DIR/index.html`: the course map of 00_start_here (its table, in its order), each
  notebook with its English and Chinese title, time and the question it answers;
- the Chinese edition (`NOTEBOOK_DIR/zh/`, if there) the same way into `SITE_DIR/zh/`, with a
  Chinese index; every page links to its twin in the other language;
- formulas typeset by a copy of MathJax in `SITE_DIR/mathjax/` (from the jupyter-server-mathjax
  package), so the site reads offline; nothing is loaded from the internet.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import Unicode

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
# The package ships only the STIX-Web web fonts: say so, or MathJax looks for TeX fonts it does not have.
# Inline $...$ as in the notebooks; the pages' own configuration (nbconvert's) adds the rest. The notebook
# pages get the same lines from the template in site_template/; the index has no template.
MATHJAX_CONFIG = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
                    tex2jax: {inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], processEscapes: true}});
</script>
"""
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
MAP_ROW = re.compile(r"^\|\s*(\d\d)\s*\|\s*\[([^\]]+)\]\((\d\d_[A-Za-z0-9_]+)\.ipynb\)\s*\|\s*(.*?)\s*\|\s*$")


def notebooks(folder: Path) -> list[Path]:
    """The course notebooks of `folder` (`NN_name.ipynb`), in order."""
    return sorted(p for p in folder.iterdir() if NOTEBOOK_NAME.match(p.name))


# A relative link to a course notebook, `NN_name.ipynb` (optionally `#anchor`), in markdown or HTML; also
# to its twin in the other edition: `zh/NN_name.ipynb` from English, `../NN_name.ipynb` from Chinese.
LINK = re.compile(r"(?<![\w/.:-])((?:zh/|\.\./)?\d\d_[A-Za-z0-9_]+)\.ipynb(?=[#)\"'\s]|$)")


TEMPLATES = Path(__file__).resolve().parent / "site_template"
HIDE_INPUT = "site-hide-input"  # a tag this build adds to folded cells, for nbconvert's TagRemovePreprocessor


class StaticOutputs(Preprocessor):
    """Explorers as their figure: drop the widget views (blank without a kernel) and the widget state."""

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
        return cell, resources


class PageLinks(Preprocessor):
    """Links between notebooks (`03_xavier_glorot.ipynb#anchor`) point to their pages."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = LINK.sub(r"\1.html", cell.source)
        return cell, resources


class FoldedInputs(Preprocessor):
    """Cells folded in JupyterLab (the checks that run the solutions) lose their code on the page."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.metadata.get("jupyter", {}).get("source_hidden"):
            tags = cell.metadata.setdefault("tags", [])
            if HIDE_INPUT not in tags:
                tags.append(HIDE_INPUT)
        return cell, resources


class IndexLinks(Preprocessor):
    """A first line on every page: back to the index and its course map, and the page in the other language."""

    text = Unicode("[course index](index.html) · [course map](index.html#course-map)").tag(config=True)

    def preprocess(self, nb, resources):
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(self.text))
        return nb, resources


class Edition(NamedTuple):
    """What differs between the English and the Chinese site: language, paths and the words around the pages."""

    lang: str  # ISO 639-1, for <html lang>
    folder: str  # in NOTEBOOK_DIR and in SITE_DIR ("" for the English edition at the top)
    up: str  # from this edition's pages to SITE_DIR (where mathjax/ is)
    twin_prefix: str  # from a page to its twin in the other edition
    twin_name: str
    top_line: str


EDITIONS = {
    "en": Edition("en", "", "", "zh/", "中文版", "[course index](index.html) · [course map](index.html#course-map)"),
    "zh": Edition("zh", "zh", "../", "../", "English", "[课程首页](index.html) · [课程地图](index.html#course-map)"),
}


def exporter(edition: Edition = EDITIONS["en"], twin: str | None = None) -> HTMLExporter:
    """nbconvert's HTML exporter with the site's template and preprocessors, in the order they must run.

    `twin`: the stem of this page's twin in the other edition, linked on the first line.
    """
    html_exporter = HTMLExporter(
        template_name="site",
        extra_template_basedirs=[str(TEMPLATES)],
        mathjax_url=edition.up + MATHJAX_URL,
        language_code=edition.lang,
    )
    top = edition.top_line + (f" · [{edition.twin_name}]({edition.twin_prefix}{twin}.html)" if twin else "")
    for preprocessor in (
        StaticOutputs(),
        PageLinks(),
        FoldedInputs(),
        TagRemovePreprocessor(remove_input_tags={HIDE_INPUT}),
        IndexLinks(text=top),
    ):
        html_exporter.register_preprocessor(preprocessor, enabled=True)
    return html_exporter


def figure_count(nb: nbformat.NotebookNode) -> int:
    """How many PNG figures (plots and explorers' static images) a notebook stores."""
    return sum(
        "image/png" in output.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def header(nb: nbformat.NotebookNode) -> dict:
    """Number, title, subtitle (the other language's title) and time to read, from a notebook's first markdown cell."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = re.search(r"^#\s+(.+)$", first, re.M)
    chinese = re.search(r"^###\s+(.+)$", first, re.M)
    minutes = re.search(r"\*\*(?:Time|时间|用时)[.。：:]?\*\*[.。：:]?\s*([^.。*\n]+)", first)
    return {
        "title": title.group(1).strip() if title else "",
        "chinese": chinese.group(1).strip() if chinese else "",
        "time": minutes.group(1).strip() if minutes else "",
    }


def course_map(start: Path | None) -> list[tuple[str, str]]:
    """(notebook stem, the question it answers) for each row of the course map in 00_start_here."""
    if start is None or not start.exists():
        return []
    nb = nbformat.read(start, as_version=4)
    for cell in nb.cells:  # the first markdown cell with a table of notebooks: the map
        if cell.cell_type == "markdown":
            rows = [(m.group(3), m.group(4)) for line in cell.source.splitlines() if (m := MAP_ROW.match(line))]
            if rows:
                return rows
    return []


def md_inline(text: str) -> str:
    """The little inline markdown the map uses ($...$, `code`, *emphasis*) as HTML."""
    text = html.escape(text, quote=False)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)
    return text


# The indexes' table style (both editions), filled into their {table_style}.
TABLE_STYLE = """table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.5rem 0.6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; }
td.num { font-variant-numeric: tabular-nums; font-weight: bold; }
.zh { color: #555; }
a { color: #0072B2; }
"""

INDEX_ZH = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>为什么要随机初始化权重，又该怎么做：课程</title>
{mathjax}<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
       sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: #222; }}
{table_style}</style>
</head>
<body>
<p><a href="../index.html">English</a></p>
<h1>为什么要随机初始化权重，又该怎么做？</h1>
<p class="zh">Why initialize weights randomly, and how</p>
<p>本课程共 {count} 个笔记本，这里展示的是它们上次运行时的输出：
每张图都是笔记本自己画的，每个带滑块的探索器都显示为默认设置下的图。
要拖动滑块，请在 JupyterLab 中运行笔记本（<code>make lab-zh</code>）。
请按顺序学习：每个笔记本都要用到前面笔记本的内容。</p>
<h2 id="course-map">课程地图</h2>
<table>
<tr><th>#</th><th>笔记本</th><th>它回答的问题</th><th>用时</th></tr>
{rows}
</table>
</body>
</html>
"""

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Why initialize weights randomly, and how: the course</title>
{mathjax}<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }}
{table_style}</style>
</head>
<body>
{twin}<h1>Why initialize weights randomly, and how</h1>
<p class="zh">为什么要随机初始化权重，又该怎么做？</p>
<p>A course of {count} notebooks, shown here with the outputs they produced when last executed: every figure is the
one the notebook drew, and every slider-driven explorer appears as its figure at the default settings. To move the
sliders, run the notebooks in JupyterLab (<code>make lab</code>). Go in order: each notebook uses the ideas of the ones
before it.</p>
<h2 id="course-map">Course map</h2>
<table>
<tr><th>#</th><th>notebook</th><th>the question it answers</th><th>time</th></tr>
{rows}
</table>
</body>
</html>
"""

ROW = (
    '<tr><td class="num">{num}</td><td><a href="{href}">{title}</a><br><span class="zh">{chinese}</span></td>'
    "<td>{question}</td><td>{time}</td></tr>"
)


def convert(path: Path, target: Path, edition: str = "en", twin: bool = False) -> tuple[str, dict, int, bool]:
    """Write the page of one notebook; returns its stem, header, number of figures and whether it was executed.

    `twin`: whether the other edition has this notebook (then the page links to it).
    """
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    executed = not code or any(c.get("execution_count") is not None for c in code)
    head = header(nb)
    html_exporter = exporter(EDITIONS[edition], path.stem if twin else None)
    body, _ = html_exporter.from_notebook_node(nb, resources={"metadata": {"name": head["title"] or path.stem}})
    (target / f"{path.stem}.html").write_text(body, encoding="utf-8")
    return path.stem, head, figure_count(nb), executed


def copy_mathjax(target: Path) -> None:
    """MathJax 2 from the jupyter-server-mathjax package into `target/mathjax` (English only, HTML-CSS output)."""
    import jupyter_server_mathjax

    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(
        static,
        target / "mathjax",
        dirs_exist_ok=True,
        ignore=lambda folder, names: [n for n in names if n in ("localization", "SVG")],
    )


def build(source: Path, target: Path, *, jobs: int | None = None) -> dict:
    """Build the site of every notebook in `source` into `target`, and of `source/zh` into `target/zh`.

    Returns what it wrote (the English edition's pages, and the Chinese edition's under "zh").
    Pages are converted in `jobs` processes (default: one per CPU, at most 4): syntax
    highlighting makes each take about a second.
    """
    paths = notebooks(source)
    if not paths:
        raise ValueError(f"no notebooks named NN_name.ipynb in {source}")
    target.mkdir(parents=True, exist_ok=True)
    copy_mathjax(target)
    chinese = notebooks(source / "zh") if (source / "zh").is_dir() else []
    result = build_edition(paths, target, "en", {p.name for p in chinese}, jobs)
    if chinese:
        result["zh"] = build_edition(chinese, target / "zh", "zh", {p.name for p in paths}, jobs)
    return result


def build_edition(paths: list[Path], target: Path, edition: str, twins: set[str], jobs: int | None) -> dict:
    """The pages and index of one edition; `twins`: the notebook names the other edition has."""
    source = paths[0].parent
    target.mkdir(parents=True, exist_ok=True)
    has_twin = [p.name in twins for p in paths]
    jobs = max(1, min(jobs or os.cpu_count() or 1, 4, len(paths)))
    if jobs == 1:
        results = [convert(p, target, edition, t) for p, t in zip(paths, has_twin)]
    else:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            n = len(paths)
            results = list(pool.map(convert, paths, [target] * n, [edition] * n, has_twin))
    pages = {stem: figures for stem, _, figures, _ in results}
    headers = {stem: head for stem, head, _, _ in results}
    not_executed = [f"{stem}.ipynb" for stem, _, _, executed in results if not executed]

    order = [stem for stem, _ in course_map(source / "00_start_here.ipynb") if stem in pages]
    questions = dict(course_map(source / "00_start_here.ipynb"))
    order += [stem for stem in pages if stem not in order]  # notebooks the map does not list yet, at the end
    rows = []
    for stem in order:
        h = headers[stem]
        rows.append(
            ROW.format(
                num=stem[:2],
                href=f"{stem}.html",
                title=md_inline(h["title"] or stem),
                chinese=html.escape(h["chinese"]),
                question=md_inline(questions.get(stem, "")),
                time=html.escape(h["time"]),
            )
        )
    mathjax = MATHJAX_CONFIG + f'<script src="{EDITIONS[edition].up}{MATHJAX_URL}"></script>'
    if edition == "zh":
        index = INDEX_ZH.format(count=len(pages), rows="\n".join(rows), mathjax=mathjax, table_style=TABLE_STYLE)
    else:
        twin = '<p><a href="zh/index.html">中文版</a></p>\n' if twins else ""
        index = INDEX.format(
            count=len(pages), rows="\n".join(rows), mathjax=mathjax, twin=twin, table_style=TABLE_STYLE
        )
    (target / "index.html").write_text(index, encoding="utf-8")
    for stale in target.glob("*.html"):
        if stale.stem not in pages and stale.name != "index.html":
            stale.unlink()
    return {"pages": pages, "not_executed": not_executed}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python scripts/build_site.py NOTEBOOK_DIR SITE_DIR", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    if not source.is_dir():
        print(f"NOTEBOOK_DIR {source} is not a folder", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        result = build(source, target)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name in result["not_executed"]:
        print(f"warning: {name} has no stored outputs; run `make execute NB=notebooks/{name}` first", file=sys.stderr)
    editions = [result] + ([result["zh"]] if "zh" in result else [])
    pages = sum(len(e["pages"]) for e in editions)
    figures = sum(sum(e["pages"].values()) for e in editions)
    for name in result.get("zh", {}).get("not_executed", []):
        print(
            f"warning: zh/{name} has no stored outputs; run `make execute NB=notebooks/zh/{name}` first",
            file=sys.stderr,
        )
    print(
        f"{target}/index.html + {pages} pages ({len(editions)} editions), {figures} figures, "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
