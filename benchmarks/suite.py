"""The whole check a maintainer runs: `pytest --nbval --nbval-current-env tests notebooks` (one run).

Its wall time is split (from pytest's JUnit XML, setup + call + teardown of each test)
into the notebooks' cells under nbval, the real-browser tests (tests/browser, run when
Chromium and Playwright are present) and the other tests; what is left is start-up and
collection.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from ._util import PYTHON, ROOT, env


def _groups(junit: Path) -> dict:
    sums = {"nbval_s": 0.0, "browser_s": 0.0, "unit_s": 0.0}
    counts = {"skipped": 0}
    try:
        cases = ET.parse(junit).getroot().iter("testcase")
    except (OSError, ET.ParseError):
        return {}
    for case in cases:
        name = f"{case.get('classname', '')}::{case.get('name', '')} {case.get('file', '')}"
        t = float(case.get("time") or 0)
        key = ("nbval_s" if "ipynb" in name or name.startswith("notebooks.") else
               "browser_s" if "browser" in name else "unit_s")
        sums[key] += t
        counts["skipped"] += case.find("skipped") is not None
    return {**sums, **counts}


def run(log=print) -> dict:
    log("  pytest --nbval (one run, slow) ...")
    targets = [t for t in ("tests", "notebooks") if (ROOT / t).exists()]
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = [PYTHON, "-m", "pytest", "--nbval", "--nbval-current-env", *targets, "-q", "-p", "no:cacheprovider",
               f"--junitxml={junit}"]
        start = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True)
        wall = time.perf_counter() - start
        groups = _groups(junit)
    lines = [ln for ln in p.stdout.splitlines() if ln.strip()]
    summary = next((ln.strip("= ") for ln in reversed(lines) if re.search(r"\d+ (passed|failed|error)", ln)),
                   lines[-1] if lines else "")
    failed = [ln.split(" ", 1)[1].split(" - ")[0] for ln in lines if ln.startswith(("FAILED ", "ERROR "))]
    out = {"command": "python -m pytest --nbval --nbval-current-env " + " ".join(targets), "wall_s": wall,
           "exit_code": p.returncode, "summary": re.sub(r" in [\d.]+s.*$", "", summary), "failed": failed, **groups}
    if groups:
        out["startup_s"] = wall - groups["nbval_s"] - groups["browser_s"] - groups["unit_s"]
    return out
