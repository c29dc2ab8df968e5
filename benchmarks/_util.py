"""Small shared helpers: statistics, the machine description, subprocess runs."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def p95(xs):
    """95th percentile, linear interpolation between order statistics (numpy's default)."""
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    k = (len(xs) - 1) * 0.95
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ratio(a, b):
    return a / b if a is not None and b else None


def env() -> dict:
    """The environment every benchmark subprocess runs in: what `make` exports, one BLAS thread."""
    e = dict(os.environ)
    e.setdefault("OMP_NUM_THREADS", "1")
    e.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), e.get("PYTHONPATH", "")]))
    return e


def run_json(args: list[str], timeout: float = 900) -> dict:
    """Run `python args...` in a fresh process that prints one JSON object on its last stdout line."""
    p = subprocess.run([PYTHON, *args], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in p.stdout.splitlines() if ln.strip()]
    if p.returncode != 0 or not lines:
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {p.returncode}: {tail}"}
    return json.loads(lines[-1])


def machine() -> dict:
    """Where the numbers were measured: cores, CPU model, load, versions."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    versions = run_json(
        [
            "-c",
            "import json, sys, platform, numpy, torch, matplotlib, ipywidgets; "
            "print(json.dumps({'python': platform.python_version(), 'torch': torch.__version__, "
            "'numpy': numpy.__version__, 'matplotlib': matplotlib.__version__, "
            "'ipywidgets': ipywidgets.__version__}))",
        ]
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or "unknown",
        "platform": platform.platform(),
        "threads": env()["OMP_NUM_THREADS"],
        **versions,
    }


def load() -> float | None:
    """The 1-minute load average (the machine is shared: a high load inflates every wall time)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def wait_for_load(limit: float, timeout: float = 600, log=print) -> None:
    """Sleep until the 1-min load average is below `limit` (or `timeout` seconds have passed)."""
    start = time.monotonic()
    while (current := load()) is not None and current >= limit and time.monotonic() - start < timeout:
        log(f"  load {current} >= {limit}: waiting ...")
        time.sleep(30)
