"""`make test`, timed phase by phase, through the Makefile itself (so the commands cannot drift).

1. `make nbval`: the pytest --nbval run over tests/ and notebooks/ (unit tests and every
   notebook cell of both editions), on pytest-xdist workers.
2. `make browser`: the real-browser tests (JupyterLab in Chromium), which DESIGN.md puts
   after it, as their own step.

Then, for DESIGN.md's budgets of the pytest --nbval run, which are about the notebooks
("of one edition: at most 90 s; both editions at most 1.5x its floor"), the same
`make nbval` on one edition's notebooks alone, the English then the Chinese
(`NBVAL_PATHS`). These are timed too but are not part of `make test`.

Each phase's JUnit XML gives the test time by kind (notebook cells, browser tests, other
tests), summed over the workers, so with two workers the sums can exceed the wall time.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from ._util import ROOT, env

PHASES = (
    ("nbval", "make nbval: unit tests + every notebook cell (pytest --nbval)"),
    ("browser", "make browser: real-browser tests"),
)
EDITIONS = (  # (phase name, what, notebooks relative to ROOT)
    ("nbval_en", "pytest --nbval of the English notebooks alone", "notebooks"),
    ("nbval_zh", "pytest --nbval of the Chinese notebooks alone", "notebooks/zh"),
)


def workers() -> int:
    """The pytest-xdist workers `make nbval` starts here: one per core, at most 4 (the Makefile's -n auto)."""
    return min(os.cpu_count() or 1, 4)


def _test_seconds(junit: Path) -> dict:
    sums = {"nbval_s": 0.0, "browser_s": 0.0, "unit_s": 0.0}
    skipped = 0
    try:
        cases = ET.parse(junit).getroot().iter("testcase")
    except (OSError, ET.ParseError):
        return {}
    for case in cases:
        name = f"{case.get('classname', '')}::{case.get('name', '')} {case.get('file', '')}"
        key = (
            "nbval_s"
            if "ipynb" in name or name.startswith("notebooks.")
            else "browser_s"
            if "browser" in name
            else "unit_s"
        )
        sums[key] += float(case.get("time") or 0)
        skipped += case.find("skipped") is not None
    return {**sums, "skipped": skipped}


def _run_phase(target: str, what: str, log, paths: list[str] | None = None, name: str | None = None) -> dict:
    log(f"  {what} ...")
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = ["make", "--no-print-directory", "-s", target, f"PYTEST_ARGS=-q --junitxml={junit}"]
        if paths is not None:
            cmd.append(f"NBVAL_PATHS={' '.join(paths)}")
        start = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True)
        wall = time.perf_counter() - start
        seconds = _test_seconds(junit)
    lines = [ln for ln in p.stdout.splitlines() if ln.strip()]
    summary = next(
        (ln.strip("= ") for ln in reversed(lines) if re.search(r"\d+ (passed|failed|error)", ln)),
        lines[-1] if lines else (p.stderr.strip().splitlines() or [""])[-1],
    )
    failed = [ln.split(" ", 1)[1].split(" - ")[0] for ln in lines if ln.startswith(("FAILED ", "ERROR "))]
    return {
        "target": name or target,
        "what": what,
        "wall_s": wall,
        "exit_code": p.returncode,
        "summary": re.sub(r" in [\d.]+s.*$", "", summary),
        "failed": failed,
        **seconds,
    }


def edition_paths(folder: str) -> list[str]:
    """The course notebooks (00_..., 01_...) of one edition's folder, relative to ROOT."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"))


def run(log=print) -> dict:
    phases = [_run_phase(target, what, log) for target, what in PHASES]
    editions = [_run_phase("nbval", what, log, edition_paths(folder), name) for name, what, folder in EDITIONS]
    return {
        "command": "make test",
        "phases": phases,
        "editions": editions,
        "wall_s": sum(p["wall_s"] for p in phases),
        "exit_code": max(p["exit_code"] for p in phases),
        "cores": os.cpu_count(),
        "workers": workers(),
    }
