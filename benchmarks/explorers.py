"""Slider latency of every `initviz.explore_*` at its default settings.

Each explorer runs in a fresh process (`python -m benchmarks.explorers NAME`), after
`initviz.setup()` as in a notebook. Its first control is moved through its values
(options in order, or a grid from min to max) `changes` times; each assignment to
`control.value` returns once the new PNG is in `image.value`, so its wall time is the
latency a student sees minus the browser. After each change the unchanged figure is
rendered once more with `initviz.figures.png`: that is the floor the update is
compared with (same figure, same state, nothing recomputed).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

from ._util import median, p95, ratio, run_json, wait_for_load


def names() -> list[str]:
    out = run_json(["-c", "import json, initviz.explorers as e; print(json.dumps({'names': e.names()}))"])
    return out.get("names", [])


def _values(control) -> list:
    """The values the benchmark cycles through: every option, or a grid of 9 from min to max."""
    opts = getattr(control, "_options_values", None)
    if opts is None and getattr(control, "options", None):
        opts = tuple(o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in control.options)
    if opts:
        return list(opts)
    if isinstance(control.value, bool):
        return [False, True]
    if hasattr(control, "min") and hasattr(control, "max"):
        lo, hi, step = control.min, control.max, getattr(control, "step", None) or 0
        grid = [lo + (hi - lo) * k / 8 for k in range(9)]
        if step:
            grid = [lo + round((g - lo) / step) * step for g in grid]
        if hasattr(control, "base"):  # FloatLogSlider: min/max/step are exponents
            grid = [control.base**g for g in grid]
        elif isinstance(control.value, int) and not isinstance(control.value, bool):
            grid = [int(round(g)) for g in grid]
        out = []
        for g in grid:
            if g not in out:
                out.append(g)
        return out
    raise TypeError(f"cannot cycle a {type(control).__name__}")


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    try:
        return bool(a == b)
    except Exception:  # arrays and the like
        return a is b


def measure(name: str, changes: int = 24, warmup: int = 2) -> dict:
    """Build explorer `name` at its defaults, then time `warmup + changes` control changes."""
    t0 = time.perf_counter()
    import initviz
    from initviz import figures

    initviz.setup()
    t1 = time.perf_counter()
    explorer = getattr(initviz, name)()
    t2 = time.perf_counter()
    control_name, control = next(iter(explorer.controls.items()))
    values = _values(control)
    start = next((i for i, v in enumerate(values) if _same(v, control.value)), -1)
    order = [values[(start + 1 + k) % len(values)] for k in range(len(values))]
    order = [v for v in order if not _same(v, control.value)] or order
    if len(values) < 2:
        raise ValueError(f"first control {control_name!r} has a single value")
    rows = []
    last = bytes(explorer.image.value)
    unchanged = 0
    for k in range(warmup + changes):
        value = order[k % len(order)]
        if _same(value, control.value):  # would not fire an update
            value = order[(k + 1) % len(order)]
        w0, c0 = time.perf_counter(), time.process_time()
        control.value = value
        w1, c1 = time.perf_counter(), time.process_time()
        timing = dict(explorer.timing)
        image = bytes(explorer.image.value)
        unchanged += image == last
        last = image
        f0, fc0 = time.perf_counter(), time.process_time()
        floor_png = figures.png(explorer.figure)
        f1, fc1 = time.perf_counter(), time.process_time()
        if k >= warmup:
            rows.append(
                {
                    "value": repr(value),
                    "wall": w1 - w0,
                    "cpu": c1 - c0,
                    "compute": timing.get("compute"),
                    "render": timing.get("render"),
                    "floor": f1 - f0,
                    "floor_cpu": fc1 - fc0,
                    "png_bytes": len(image),
                    "floor_png_bytes": len(floor_png),
                }
            )
    fig = explorer.figure
    w, h = (fig.get_size_inches() * fig.dpi).round().astype(int).tolist()
    col = {key: [r[key] for r in rows] for key in rows[0]}
    return {
        "name": name,
        "control": control_name,
        "changes": len(rows),
        "warmup": warmup,
        "figure_px": [w, h],
        "panels": len(fig.axes),
        "png_kb": round(median(col["png_bytes"]) / 1024, 1),
        "import_setup_s": t1 - t0,
        "build_s": t2 - t1,
        "unchanged_images": unchanged,
        "update_median": median(col["wall"]),
        "update_p95": p95(col["wall"]),
        "compute_median": median(col["compute"]),
        "compute_p95": p95(col["compute"]),
        "render_median": median(col["render"]),
        "render_p95": p95(col["render"]),
        "floor_median": median(col["floor"]),
        "ratio": ratio(median(col["wall"]), median(col["floor"])),
        "update_cpu_median": median(col["cpu"]),
        "floor_cpu_median": median(col["floor_cpu"]),
        "ratio_cpu": ratio(median(col["cpu"]), median(col["floor_cpu"])),
        "samples": rows,
    }


def run(
    selected: list[str] | None = None, changes: int = 24, warmup: int = 2, log=print, max_load: float | None = None
) -> list[dict]:
    found = names()
    todo = [n for n in found if not selected or any(s in n for s in selected)]
    results = []
    for n in todo:
        if max_load is not None:
            wait_for_load(max_load, log=log)
        log(f"  explorer {n} ...")
        r = run_json(["-m", "benchmarks.explorers", n, "--changes", str(changes), "--warmup", str(warmup)])
        r.setdefault("name", n)
        results.append(r)
    return results


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("name")
    p.add_argument("--changes", type=int, default=24)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args(argv)
    try:
        out = measure(a.name, a.changes, a.warmup)
    except Exception as exc:  # report, never crash the whole benchmark
        out = {"name": a.name, "error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write("\n" + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
