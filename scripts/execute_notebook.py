"""Execute notebooks in place, top to bottom, each in a fresh kernel of this Python.

Stores exactly what nbval will compare: execution counts 1..n, no widget state,
no timing metadata, consecutive prints to one stream as one output. Explorer outputs
are stored without their widget view: with no
kernel behind it, JupyterLab would show "Error displaying widget: model not found"
(and a new random model id on every run) instead of the stored figure; running the
cell brings the live widget back. Usage: python scripts/execute_notebook.py NB [NB ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def coalesce_streams(outputs: list) -> list:
    """Consecutive prints to the same stream as one output, as nbval compares them: how a print
    splits into messages depends on timing, and the stored notebook should not."""
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if output.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream" \
                and last.get("name") == output.get("name"):  # fmt: skip
            last["text"] = last["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def execute(path: Path) -> float:
    """Run `path` in a fresh kernel and write it back; returns the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        store_widget_state=False,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    elapsed = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
        if "outputs" in cell:
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(nb, path)
    return elapsed


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: {execute(Path(arg)):.1f} s")
