"""`make html`: a static site of every notebook, figures and explorers included, with an index that follows the map."""

import base64
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMG = re.compile(r"<img[^>]*\bsrc=\"data:image/png;base64,")


def load_builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "scripts" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stored_figures(path: Path) -> int:
    """How many PNG figures (plots and explorers) a notebook has stored in its outputs."""
    nb = nbformat.read(path, as_version=4)
    return sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site of the course's notebooks, built the way `make html` builds it."""
    target = tmp_path_factory.mktemp("site")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_site.py"), str(ROOT / "notebooks"), str(target)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return target


def test_the_course_has_notebooks():
    assert NOTEBOOKS, "no notebooks/NN_name.ipynb found"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_has_a_page_with_all_its_figures(site, notebook):
    page = site / f"{notebook.stem}.html"
    assert page.exists(), f"no page for {notebook.name}"
    text = page.read_text(encoding="utf-8")
    assert len(IMG.findall(text)) >= stored_figures(notebook), f"{page.name} lost figures"
    assert WIDGET_VIEW not in text, "a widget view (blank without a kernel) was left in"
    assert not re.search(r"href=\"\d\d_[A-Za-z0-9_]+\.ipynb", text), "a link still points to a .ipynb file"
    assert 'href="index.html"' in text


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_was_executed_before_the_site_is_built(notebook):
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not code or all(c.execution_count is not None for c in code), (
        f"{notebook.name} has unexecuted cells: run `make execute NB=notebooks/{notebook.name}`"
    )


def test_the_index_links_every_page_in_course_map_order(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(\d\d_[A-Za-z0-9_]+)\.html"', index)
    assert sorted(links) == [p.stem for p in NOTEBOOKS]
    assert links == sorted(links), "the map lists the notebooks in course order"
    assert 'id="course-map"' in index


def test_every_page_loads_its_scripts_from_the_site_so_it_reads_offline(site):
    assert (site / "mathjax" / "MathJax.js").is_file()
    assert (site / "mathjax" / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", text)
        assert sources == ["mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"], (page.name, sources)


# A small course built in tmp_path: what happens to explorers, hidden cells and links, exactly.

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )
).decode()


def tiny_course(folder: Path) -> None:
    start = new_notebook(
        cells=[
            new_markdown_cell("# 00 · Start here\n### 从这里开始\n\n**Time.** 5 minutes."),
            new_markdown_cell(
                '<a id="course-map"></a>\n## Course map\n\n| # | notebook | the question it answers |\n'
                "|---|---|---|\n| 00 | [start](00_start_here.ipynb) | how to begin |\n"
                "| 01 | [first](01_first.ipynb) | a *first* question |\n"
            ),
        ]
    )
    explorer = new_output(
        "execute_result",
        execution_count=1,
        data={
            WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
            "image/png": PNG,
            "text/plain": "<Explorer: demo>",
        },
    )
    plot = new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure 1x1: a plot>"})
    hidden = new_code_cell("SECRET_SOLUTION = 42", execution_count=3)
    hidden.metadata["jupyter"] = {"source_hidden": True}
    first = new_notebook(
        cells=[
            new_markdown_cell(
                "# 01 · First\n### 第一\n\n**Time.** 10 minutes.\n\n"
                "[← 00](00_start_here.ipynb) · [map](00_start_here.ipynb#course-map)"
            ),
            new_code_cell("initviz.explore_demo()", execution_count=1, outputs=[explorer]),
            new_code_cell("initviz.show(fig)", execution_count=2, outputs=[plot]),
            hidden,
        ]
    )
    first.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(start, folder / "00_start_here.ipynb")
    nbformat.write(first, folder / "01_first.ipynb")


def test_explorers_show_their_static_figure_and_hidden_cells_their_output_only(tmp_path):
    source, target = tmp_path / "notebooks", tmp_path / "site"
    source.mkdir()
    tiny_course(source)
    result = load_builder().build(source, target, jobs=1)
    assert result["pages"] == {"00_start_here": 0, "01_first": 2}
    page = (target / "01_first.html").read_text(encoding="utf-8")
    assert len(IMG.findall(page)) == 2  # the explorer's PNG and the plot
    assert WIDGET_VIEW not in page and "widget-state" not in page
    assert "SECRET_SOLUTION" not in page
    assert 'href="00_start_here.html#course-map"' in page and ".ipynb" not in page


def test_the_index_follows_the_map_with_titles_questions_and_times(tmp_path):
    source, target = tmp_path / "notebooks", tmp_path / "site"
    source.mkdir()
    tiny_course(source)
    load_builder().build(source, target, jobs=1)
    index = (target / "index.html").read_text(encoding="utf-8")
    assert index.index('href="00_start_here.html"') < index.index('href="01_first.html"')
    for text in ("01 · First", "第一", "a <em>first</em> question", "10 minutes"):
        assert text in index


def test_a_folder_without_notebooks_is_an_error(tmp_path, capsys):
    assert load_builder().main([str(tmp_path), str(tmp_path / "site")]) == 1
    assert "no notebooks" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


# The Chinese edition: notebooks/zh/ -> site/zh/, each page linked to its twin.

CHINESE = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("notebook", CHINESE, ids=lambda p: p.stem)
def test_every_chinese_notebook_has_a_page_linked_to_its_english_twin(site, notebook):
    text = (site / "zh" / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert len(IMG.findall(text)) >= stored_figures(notebook)
    assert f'href="../{notebook.stem}.html"' in text and '<html lang="zh"' in text
    assert re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", text) == ["../" + load_builder().MATHJAX_URL]
    english = (site / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert f'href="zh/{notebook.stem}.html"' in english


def tiny_chinese_course(folder: Path) -> None:
    tiny_course(folder)
    (folder / "zh").mkdir()
    for path in folder.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source = nb.cells[0].source.replace("**Time.** 5 minutes.", "**时间：** 5 分钟")
        nbformat.write(nb, folder / "zh" / path.name)


def test_the_chinese_edition_gets_its_own_index_and_pages_that_link_both_ways(tmp_path):
    source, target = tmp_path / "notebooks", tmp_path / "site"
    source.mkdir()
    tiny_chinese_course(source)
    result = load_builder().build(source, target, jobs=1)
    assert result["zh"]["pages"] == {"00_start_here": 0, "01_first": 2}
    index = (target / "zh" / "index.html").read_text(encoding="utf-8")
    assert "课程地图" in index and 'href="../index.html"' in index and "5 分钟" in index
    assert 'href="zh/index.html"' in (target / "index.html").read_text(encoding="utf-8")
    assert 'href="../01_first.html"' in (target / "zh" / "01_first.html").read_text(encoding="utf-8")
    assert 'href="zh/01_first.html"' in (target / "01_first.html").read_text(encoding="utf-8")


def test_without_a_chinese_edition_the_site_has_no_chinese_links(tmp_path):
    source, target = tmp_path / "notebooks", tmp_path / "site"
    source.mkdir()
    tiny_course(source)
    result = load_builder().build(source, target, jobs=1)
    assert "zh" not in result and not (target / "zh").exists()
    assert "zh/" not in (target / "01_first.html").read_text(encoding="utf-8")
