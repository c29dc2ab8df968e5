"""Update time of every `initviz.explore_*`: every control, its values in order and jumps between its ends.

Each explorer runs in a fresh process (`python -m benchmarks.explorers NAME`), after
`initviz.setup()` as in a notebook. For each control in turn, it is moved through its
values (options in order, or a grid of 9 from min to max), then jumped between its two
ends four times (what needs a new layout if anything does), then put back. Each
assignment to `control.value` returns once the new PNG is in `image.value`, drawn in
full (2x), so its time is what a student waits for minus the browser: the budget's
"update". Wall time and CPU time (`time.process_time`) are both recorded: on a shared
machine the CPU time is the one that does not depend on what else runs.

After each change the floor is timed, without changing anything: the same figure drawn
and encoded again in full by matplotlib alone (`initviz.figures.png` on matplotlib's own
renderer, which keeps no frames and no glyphs: see `initviz.frames`), nothing
recomputed. Then a drag is timed (`drag_frames`): each control swept through its values
as a dragged slider draws them, one coarse frame (`Explorer.refresh(coarse=True)`, at
1x, compute included) per value, each after the previous one. The browser's side of a
drag is measured by `benchmarks.drag`.
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
    """The values a control is moved through: every option, or a grid of 9 from min to max."""
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


def _timed(action, *args, **kwargs) -> tuple[float, float]:
    """(wall, cpu) seconds of `action(*args, **kwargs)`."""
    w0, c0 = time.perf_counter(), time.process_time()
    action(*args, **kwargs)
    return time.perf_counter() - w0, time.process_time() - c0


def plan(explorer) -> list[tuple[str, str, object]]:
    """(control, kind, value) of every timed change: each control's values in order ("sweep"), four jumps
    between its ends ("jump"), and back to where it started ("sweep")."""
    changes = []
    for name, control in explorer.controls.items():
        start, (lo, hi) = control.value, explorer.specs[name].extremes()
        changes += [(name, "sweep", v) for v in _values(control)]
        changes += [(name, "jump", v) for v in (hi, lo, hi, lo)]
        changes.append((name, "sweep", start))
    return changes


def _use_stock_renderer(fig, stock: dict) -> None:
    """Make the canvas draw next on matplotlib's own renderer for its size, one per size kept in `stock` (so
    its text measurements stay cached, as in any figure drawn again): the floor keeps no frames or glyphs."""
    from matplotlib.backends.backend_agg import RendererAgg

    w, h = fig.canvas.get_width_height(physical=True)
    size = (w, h, fig.dpi)
    if size not in stock:
        stock[size] = RendererAgg(w, h, fig.dpi)
    fig.canvas.renderer, fig.canvas._lastKey = stock[size], size


def _set_quietly(explorer, control, value) -> None:
    """Give a control a value without the update it would fire (drag_frames draws it instead)."""
    control.unobserve(explorer._on_change, names="value")
    try:
        control.value = value
    finally:
        control.observe(explorer._on_change, names="value")


def drag_frames(explorer) -> list[dict]:
    """Each control swept through its values and back to its start as a drag draws them: one coarse frame
    (1x, compute included) per value, each from the frame before, as the kernel draws them while a slider
    moves (the browser's side is measured by `benchmarks.drag`)."""
    frames = []
    for name, control in explorer.controls.items():
        start = control.value
        for value in [*_values(control), start]:
            if _same(value, control.value):
                continue
            _set_quietly(explorer, control, value)
            wall, cpu = _timed(explorer.refresh, coarse=True, dragged=name)
            frames.append({"control": name, "value": repr(value), "wall": wall, "cpu": cpu})
        explorer.refresh()
    return frames


def measure(name: str, warmup: int = 2) -> dict:
    """Build explorer `name` at its defaults, then time every change of `plan`, after `warmup` untimed ones."""
    t0 = time.perf_counter()
    import initviz
    from initviz import figures

    initviz.setup()
    t1 = time.perf_counter()
    explorer = getattr(initviz, name)()
    t2 = time.perf_counter()
    first_name, first = next(iter(explorer.controls.items()))
    values = [v for v in _values(first) if not _same(v, first.value)]
    start = first.value
    for k in range(warmup):  # first draws fill matplotlib's caches: not what a student waits for later
        first.value = values[k % len(values)]
    first.value = start
    rows = []
    stock: dict = {}
    for control_name, kind, value in plan(explorer):
        control = explorer.controls[control_name]
        if _same(value, control.value):  # would not fire an update
            continue
        wall, cpu = _timed(setattr, control, "value", value)
        timing = dict(explorer.timing)
        image_bytes = len(explorer.image.value)
        _use_stock_renderer(explorer.figure, stock)
        floor_wall, floor_cpu = _timed(figures.png, explorer.figure)
        rows.append(
            {
                "control": control_name,
                "kind": kind,
                "value": repr(value),
                "wall": wall,
                "cpu": cpu,
                "compute": timing.get("compute"),
                "render": timing.get("render"),
                "floor": floor_wall,
                "floor_cpu": floor_cpu,
                "png_bytes": image_bytes,
            }
        )
    drags = drag_frames(explorer)
    explorer.refresh()
    fig = explorer.figure
    w, h = (fig.get_size_inches() * initviz.style.DISPLAY_DPI).round().astype(int).tolist()
    col = {key: [r[key] for r in rows] for key in rows[0]}
    worst = max(rows, key=lambda r: r["cpu"])
    jumps = [r for r in rows if r["kind"] == "jump"]
    return {
        "name": name,
        "controls": list(explorer.controls),
        "changes": len(rows),
        "jumps": len(jumps),
        "warmup": warmup,
        "figure_px": [w, h],  # display size; drawn at 2x
        "panels": len(fig.axes),
        "png_kb": round(median(col["png_bytes"]) / 1024, 1),
        "import_setup_s": t1 - t0,
        "build_s": t2 - t1,
        "update_median": median(col["wall"]),
        "update_p95": p95(col["wall"]),
        "update_cpu_median": median(col["cpu"]),
        "update_cpu_p95": p95(col["cpu"]),
        "jump_cpu_p95": p95([r["cpu"] for r in jumps]),
        "compute_median": median(col["compute"]),
        "render_median": median(col["render"]),
        "floor_median": median(col["floor"]),
        "floor_cpu_median": median(col["floor_cpu"]),
        "drag_median": median([d["wall"] for d in drags]),
        "drag_cpu_median": median([d["cpu"] for d in drags]),
        "drag_cpu_p95": p95([d["cpu"] for d in drags]),
        "drag_frames": len(drags),
        "ratio": ratio(median(col["wall"]), median(col["floor"])),
        "ratio_cpu": ratio(median(col["cpu"]), median(col["floor_cpu"])),
        "worst": {k: worst[k] for k in ("control", "kind", "value", "wall", "cpu")},
        "first_control": first_name,
        "samples": rows,
    }


def run(selected: list[str] | None = None, warmup: int = 2, log=print, max_load: float | None = None) -> list[dict]:
    found = names()
    todo = [n for n in found if not selected or any(s in n for s in selected)]
    results = []
    for n in todo:
        if max_load is not None:
            wait_for_load(max_load, log=log)
        log(f"  explorer {n} ...")
        r = run_json(["-m", "benchmarks.explorers", n, "--warmup", str(warmup)])
        r.setdefault("name", n)
        results.append(r)
    return results


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("name")
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args(argv)
    try:
        out = measure(a.name, a.warmup)
    except Exception as exc:  # report, never crash the whole benchmark
        out = {"name": a.name, "error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write("\n" + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
