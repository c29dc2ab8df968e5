"""Sliders dragged in the browser: frames a second of every explorer, in JupyterLab in Chromium.

Runs the browser test that drags sliders (tests/browser/test_explorers_in_browser.py)
with every slider of every explorer (`INITVIZ_DRAG_SLIDERS=all`) and collects what it
measured (`INITVIZ_DRAG_REPORT`): for each drag of 2.5 s (press the handle, sweep to one
end, to the other, back to 40%, let go), the new images shown while the pointer moved,
the values the slider passed and which of them the kernel drew, how long after release
the last (full) image came, and the kernel's CPU time over the drag. The page is 1024x768,
as on a classroom projector. Needs Chromium at /usr/bin/chromium.

The budget: at least `BUDGET_FPS` new images a second while dragged. A slider of a few
options that the drag moves through fewer values than that a second cannot show so many;
it is judged instead by whether every value it passed showed its image (the final one
is checked by the test itself).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from ._util import PYTHON, ROOT, env, median

TEST = "tests/browser/test_explorers_in_browser.py"
BUDGET_FPS = 4.0  # DESIGN.md: at least 4 new images a second while dragged (or every value, where fewer)


def run(log=print) -> dict:
    log("  dragging every slider of every explorer in JupyterLab (Chromium) ...")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "drag.json"
        cmd = [PYTHON, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q", "-m", "browser", TEST]
        cmd += ["-k", "dragging"]
        e = {**env(), "INITVIZ_DRAG_REPORT": str(report), "INITVIZ_DRAG_SLIDERS": "all"}
        p = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True)
        drags = json.loads(report.read_text()) if report.exists() else []
    lines = [ln for ln in p.stdout.splitlines() if ln.strip()]
    if not drags:
        return {"error": f"exit {p.returncode}: {lines[-1] if lines else p.stderr.strip()[-300:]}"}
    return {
        "drags": drags,
        "by_explorer": summarize(drags),
        "test": lines[-1] if lines else "",
        "exit_code": p.returncode,
    }


def few_values(drag: dict) -> bool:
    """Whether a drag passed fewer than `BUDGET_FPS` values a second: judged by its values, not its frame rate."""
    return drag["values_per_second"] < BUDGET_FPS


def summarize(drags: list[dict]) -> list[dict]:
    """Per explorer: the slowest frame rate of the sliders that passed at least `BUDGET_FPS` values a second,
    how many of the values passed by the others showed their image, the median frame rate over every slider,
    and more."""
    out = []
    for name in dict.fromkeys(d["name"] for d in drags):
        mine = [d for d in drags if d["name"] == name]
        many = [d for d in mine if not few_values(d)]
        few = [d for d in mine if few_values(d)]
        slowest = min(many, key=lambda d: d["frames_per_second"]) if many else None
        images = sum(d["images_during"] + d["images_after"] for d in mine)
        out.append(
            {
                "name": name,
                "sliders": len(mine),
                "fps_min": slowest["frames_per_second"] if slowest else None,
                "fps_min_values": slowest["values_per_second"] if slowest else None,
                "fps_min_slider": slowest["control"] if slowest else None,
                "few_sliders": [d["control"] for d in few],
                "few_values_passed": sum(d["values_during"] for d in few),
                "few_values_drawn": sum(d["values_drawn"] for d in few),
                "few_values_skipped": [f"{d['control']}: {v}" for d in few for v in d["values_skipped"]],
                "fps_median": median([d["frames_per_second"] for d in mine]),
                "final_ms_median": median([d["final_ms"] for d in mine]),
                "final_ms_max": max(d["final_ms"] for d in mine),
                "kernel_cpu_ms_per_image": 1000 * sum(d["kernel_cpu_s"] for d in mine) / max(images, 1),
                "load": median([d["load"] for d in mine]),
            }
        )
    return out
