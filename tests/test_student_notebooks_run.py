"""Every notebook of the student edition runs top to bottom in a fresh kernel, its solutions gone.

One test per English notebook, each its own group for the xdist scheduler (see the root
conftest.py), so the kernels are shared out between the workers like nbval's. A Chinese student
notebook is not run again: its code is its English twin's, token for token apart from the language
switch (checked below), so it runs as that one does; what the Chinese edition alone adds (its
messages) runs in nbval's run of notebooks/zh and in tests/test_exercises_in_chinese.py. Running
both editions cost CI about 95 s more on a slow 2-core machine.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def load_builder():
    spec = importlib.util.spec_from_file_location("build_student", ROOT / "scripts" / "build_student.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("student")
    load_builder().build(ROOT / "notebooks", target)
    return target


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT / "notebooks").with_suffix("").as_posix())
def test_the_student_notebook_runs_top_to_bottom_in_a_fresh_kernel(edition: Path, source: Path):
    path = edition / "notebooks" / source.relative_to(ROOT / "notebooks")
    nb = nbformat.read(path, as_version=4)
    # raises CellExecutionError, naming the cell, if any cell fails (a name a removed solution defined, say)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == [] and all(c.execution_count for c in nb.cells if c.cell_type == "code")


def test_each_chinese_student_notebook_runs_its_english_twins_code(edition: Path):
    from test_editions import code_tokens, english_code

    def code(path: Path, undo_switch=lambda text: text) -> list[list[str]]:
        nb = nbformat.read(path, as_version=4)
        return [code_tokens(undo_switch(c.source)) for c in nb.cells if c.cell_type == "code"]

    chinese = sorted((edition / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in chinese] == [p.name for p in SOURCES]
    for path in chinese:
        assert code(path, english_code) == code(edition / "notebooks" / path.name), path.name
