"""`make test`, timed phase by phase, through the Makefile itself (so the commands cannot drift).

1. `make nbval`: the pytest --nbval run over tests/ and notebooks/ (unit tests and every
   notebook cell), on pytest-xdist workers. DESIGN.md's 90 s budget is for this run.
2. `make browser`: the real-browser tests (JupyterLab in Chromium), which DESIGN.md puts
   after it, as their own step.

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


def _run_phase(target: str, what: str, log) -> dict:
    log(f"  {what} ...")
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = ["make", "--no-print-directory", "-s", target, f"PYTEST_ARGS=-q --junitxml={junit}"]
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
        "target": target,
        "what": what,
        "wall_s": wall,
        "exit_code": p.returncode,
        "summary": re.sub(r" in [\d.]+s.*$", "", summary),
        "failed": failed,
        **seconds,
    }


def run(log=print) -> dict:
    phases = [_run_phase(target, what, log) for target, what in PHASES]
    return {
        "command": "make test",
        "phases": phases,
        "wall_s": sum(p["wall_s"] for p in phases),
        "exit_code": max(p["exit_code"] for p in phases),
        "cores": os.cpu_count(),
    }
