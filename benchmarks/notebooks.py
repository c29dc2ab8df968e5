"""Fresh-kernel Run All of every notebook (median of `repeats`) beside its floor.

The floor is a fresh kernel that runs only the notebook's imports + setup cell (its
first code cell, which CONTRIBUTING.md says holds nothing else): kernel start and
imports, which no notebook can go below. Notebooks are executed in memory with
nbclient (as `make execute` does) and never written back.
"""

from __future__ import annotations

import copy
import os
import time
from pathlib import Path

from ._util import ROOT, env, median, ratio


def paths(pattern: str = "[0-9][0-9]_*.ipynb") -> list[Path]:
    return sorted((ROOT / "notebooks").glob(pattern))


def _floor_notebook(nb):
    first = next((c for c in nb.cells if c.cell_type == "code"), None)
    source = first.source if first is not None and "setup(" in first.source else "import initviz\ninitviz.setup()"
    floor = copy.deepcopy(nb)
    floor.cells = [c for c in floor.cells if c.cell_type == "code"][:1]
    floor.cells[0].source = source
    floor.cells[0].outputs = []
    return floor


def _run(nb, path: Path) -> float:
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        store_widget_state=False,
        record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no "running over TCP" warning per kernel
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return time.perf_counter() - start


def run(repeats: int = 3, pattern: str | None = None, log=print) -> list[dict]:
    import nbformat

    os.environ.update({k: v for k, v in env().items() if k in ("OMP_NUM_THREADS", "PYDEVD_DISABLE_FILE_VALIDATION")})
    results = []
    for path in paths(pattern or "[0-9][0-9]_*.ipynb"):
        log(f"  notebook {path.name} ...")
        try:
            nb = nbformat.read(path, as_version=4)
            floor_nb = _floor_notebook(nb)
            full, floor = [], []
            for _ in range(repeats):  # interleaved: load bursts hit both alike
                floor.append(_run(floor_nb, path))
                full.append(_run(nb, path))
        except Exception as exc:  # a broken or unfinished notebook is reported, not fatal
            results.append({"name": path.name, "error": f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1:]}"})
            continue
        f, fl = median(full), median(floor)
        results.append(
            {
                "name": path.name,
                "cells": sum(c.cell_type == "code" for c in nb.cells),
                "run_all_s": f,
                "floor_s": fl,
                "beyond_floor_s": f - fl,
                "ratio": ratio(f, fl),
                "samples": {"run_all": full, "floor": floor},
            }
        )
    return results
