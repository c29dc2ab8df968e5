"""The stored notebooks are what `make execute` writes: readable without a kernel, stable in git."""

import json
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("[0-9][0-9]_*.ipynb")) + sorted(FOLDER.glob("zh/[0-9][0-9]_*.ipynb"))  # both editions


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(FOLDER).with_suffix("")))
def test_explorers_are_stored_as_their_figure_not_a_dangling_widget(path):
    for cell in json.loads(path.read_text())["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert "application/vnd.jupyter.widget-view+json" not in data, "re-run it with make execute"
            if str(data.get("text/plain", "")).startswith("<Explorer:"):
                assert "image/png" in data


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(FOLDER).with_suffix("")))
def test_executed_once_top_to_bottom_without_errors_or_stderr(path):
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr")
