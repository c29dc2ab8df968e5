"""python -m benchmarks [--only PART[,PART]] [--skip-suite] ...: print the table, write the JSON.

Parts: notebooks (fresh-kernel Run All vs. imports-only floor), explorers (update time of
every control, jumps between its ends included, vs. render-unchanged floor; wall and CPU
time), drag (every slider of every explorer dragged in JupyterLab in Chromium: frames a
second), imports (initviz vs. torch), suite (make test phase by phase: the whole pytest
--nbval run, then the browser tests; then pytest --nbval of each edition's notebooks
alone, what DESIGN.md's 90 s budget is about). Results of the parts run replace those parts in
benchmarks/results/latest.json (the others are kept, each with its own date); the
same table is written as Markdown to benchmarks/results/latest.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import _util, drag, explorers, imports, notebooks, suite

PARTS = ("imports", "explorers", "drag", "notebooks", "suite")
OUT = _util.ROOT / "benchmarks" / "results" / "latest.json"

# DESIGN.md, "Budgets"
BUDGET = {
    "edition_nbval_s": 90.0,
    "editions_over_floor": 1.5,
    "notebook_beyond_floor_s": 10.0,
    "update_median_s": 0.250,
    "update_p95_s": 0.400,
    "update_ratio": 1.5,
    "drag_fps": 4.0,
    "import_beyond_torch_s": 0.300,
}


def _ms(x):
    return "-" if x is None else f"{x * 1000:.0f}"


def _s(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


def _x(x):
    return "-" if x is None else f"{x:.2f}"


def _met(wall_ok: bool, cpu_ok: bool) -> bool | str:
    """True; "cpu" where only the CPU time is within budget (a loaded machine stretches wall time); False."""
    return True if wall_ok else "cpu" if cpu_ok else False


def budgets(res: dict) -> list[dict]:
    """Every budget of DESIGN.md against what was measured (only for the parts present)."""
    out = []
    for r in res.get("notebooks", {}).get("results", []):
        if "error" not in r:
            out.append(
                {
                    "what": f"{r['name']}: cells beyond kernel start + imports",
                    "limit": "10 s",
                    "measured": f"{r['beyond_floor_s']:.1f} s",
                    "ok": r["beyond_floor_s"] <= BUDGET["notebook_beyond_floor_s"],
                }
            )
    for r in res.get("explorers", {}).get("results", []):
        if "error" not in r:
            for stat, key in (("median", "update_median_s"), ("p95", "update_p95_s")):
                wall, cpu = r[f"update_{stat}"], r[f"update_cpu_{stat}"]
                out.append(
                    {
                        "what": f"{r['name']}: update {stat}, every control and jump (wall / cpu)",
                        "limit": f"{BUDGET[key] * 1000:.0f} ms",
                        "measured": f"{_ms(wall)} / {_ms(cpu)} ms",
                        "ok": _met(wall <= BUDGET[key], cpu <= BUDGET[key]),
                    }
                )
            out.append(
                {
                    "what": f"{r['name']}: update / render-unchanged (wall / cpu)",
                    "limit": "1.5x",
                    "measured": f"{_x(r['ratio'])} / {_x(r['ratio_cpu'])}",
                    "ok": _met(r["ratio"] <= BUDGET["update_ratio"], r["ratio_cpu"] <= BUDGET["update_ratio"]),
                }
            )
    for r in res.get("drag", {}).get("results", {}).get("by_explorer", []):
        measured = f"{r['fps_min']:.1f} /s"
        if r["by_values"]:  # sliders of a few options: they pass fewer values a second than the frame rate asks
            measured += f"; under it, {r['values_drawn']} of {r['values_passed']} values shown"
        out.append(
            {
                "what": f"{r['name']}: new images a second while dragged (slowest slider), or every value passed",
                "limit": f"{BUDGET['drag_fps']:.1f} /s or every value",
                "measured": f"{measured} (load {r['load']:.1f})",
                "ok": r["met"],
            }
        )
    imp = res.get("imports", {}).get("results", {})
    if imp and "error" not in imp:
        out.append(
            {
                "what": "import initviz beyond import torch",
                "limit": "0.30 s",
                "measured": f"{imp['initviz_beyond_torch_s']:.3f} s",
                "ok": imp["initviz_beyond_torch_s"] <= BUDGET["import_beyond_torch_s"],
            }
        )
    s = res.get("suite", {}).get("results", {})
    editions = s.get("editions", [])
    for phase in editions:
        out.append(
            {
                "what": phase["what"],
                "limit": "90 s",
                "measured": f"{phase['wall_s']:.0f} s",
                "ok": phase["wall_s"] <= BUDGET["edition_nbval_s"] and phase["exit_code"] == 0,
            }
        )
    floors = [r["floor_s"] for r in res.get("notebooks", {}).get("results", []) if "error" not in r]
    if len(editions) == 2 and floors:
        # each edition's notebooks start a kernel and import as the English ones do (notebooks part)
        floor = len(editions) * sum(floors) / s.get("workers", 1)
        both = sum(phase["wall_s"] for phase in editions)
        out.append(
            {
                "what": "pytest --nbval of both editions (the two runs added) over its floor "
                f"(every notebook's kernel start and imports, {s.get('workers', 1)} workers: {floor:.0f} s)",
                "limit": "1.5x",
                "measured": f"{both / floor:.2f}x ({both:.0f} s)",
                "ok": both <= BUDGET["editions_over_floor"] * floor,
            }
        )
    return out


def tables(res: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of each part present in `res`."""
    out = []
    nb = res.get("notebooks")
    if nb:
        rows = [
            [r["name"], "error: " + r["error"], "", "", ""]
            if "error" in r
            else [r["name"], _s(r["run_all_s"]), _s(r["floor_s"]), _s(r["beyond_floor_s"]), _x(r["ratio"])]
            for r in nb["results"]
        ] or [["(no notebooks yet)", "", "", "", ""]]
        out.append(
            (
                f"Notebooks: fresh-kernel Run All, median of {nb['repeats']} (s)",
                ["notebook", "run all", "floor", "beyond", "ratio"],
                rows,
            )
        )
    ex = res.get("explorers")
    if ex:
        rows = [
            [r["name"], "error: " + r["error"]] + [""] * 10
            if "error" in r
            else [
                r["name"],
                f"{r['panels']}, {r['figure_px'][0]}x{r['figure_px'][1]}",
                f"{r['changes']} ({r['jumps']})",
                f"{_ms(r['update_median'])} / {_ms(r['update_cpu_median'])}",
                f"{_ms(r['update_p95'])} / {_ms(r['update_cpu_p95'])}",
                _ms(r["compute_median"]),
                _ms(r["floor_cpu_median"]),
                _x(r["ratio_cpu"]),
                _ms(r["drag_cpu_median"]),
                f"{r['worst']['control']}={r['worst']['value']}: {_ms(r['worst']['cpu'])}",
                _s(r["build_s"], 2),
            ]
            for r in ex["results"]
        ] or [["(no explorers)"] + [""] * 10]
        out.append(
            (
                "Explorers: every control through its values and jumps between its ends "
                "(ms, wall / cpu where both; the rest cpu; build in s)",
                [
                    "explorer",
                    "panels, px",
                    "changes (jumps)",
                    "median",
                    "p95",
                    "compute",
                    "floor",
                    "ratio",
                    "drag frame",
                    "slowest change",
                    "build",
                ],
                rows,
            )
        )
    dr = res.get("drag", {}).get("results")
    if dr:
        if "error" in dr:
            rows = [["error", dr["error"]] + [""] * 6]
        else:
            rows = [
                [
                    r["name"],
                    str(r["sliders"]),
                    f"{r['fps_min']:.1f} of {r['fps_min_values']:.1f} ({r['fps_min_slider']})",
                    f"{r['values_drawn']} of {r['values_passed']} ({', '.join(r['by_values'])})"
                    if r["by_values"]
                    else "-",
                    f"{r['fps_median']:.1f}",
                    f"{r['final_ms_median']:.0f} / {r['final_ms_max']:.0f}",
                    f"{r['kernel_cpu_ms_per_image']:.0f}",
                    f"{r['load']:.1f}",
                ]
                for r in dr["by_explorer"]
            ]
        out.append(
            (
                "Drag: every slider dragged for 2.5 s in JupyterLab at 1024x768 (new images a second while the "
                "pointer moves, of the values it passed a second, slowest slider; for the sliders under 4 images a "
                "second, the values passed that showed their image; median images a second over every slider; "
                "release -> last, full image in ms; kernel CPU ms per image)",
                [
                    "explorer",
                    "sliders",
                    "images/s of values/s, slowest",
                    "under 4/s: values shown",
                    "median",
                    "full image after",
                    "cpu/image",
                    "load",
                ],
                rows,
            )
        )
    imp = res.get("imports", {}).get("results")
    if imp:
        if "error" in imp:
            rows = [["error", imp["error"]]]
        else:
            rows = [
                ["import torch (alone)", _s(imp["torch_s"], 2)],
                ["import initviz (alone)", _s(imp["initviz_s"], 2)],
                ["import initviz after import torch", _s(imp["initviz_beyond_torch_s"], 3)],
                ["then initviz.figures (matplotlib)", _s(imp["figures_s"], 2)],
                ["then initviz.explorer (ipywidgets)", _s(imp["explorer_s"], 2)],
                [
                    "matplotlib / ipywidgets loaded by import initviz",
                    f"{imp['matplotlib_loaded']} / {imp['ipywidgets_loaded']}",
                ],
            ]
        out.append((f"Imports: fresh processes, median of {imp.get('repeats', '?')} (s)", ["import", "s"], rows))
    s = res.get("suite", {}).get("results")
    if s:
        rows = []
        for phase in s["phases"]:
            rows.append([phase["what"], _s(phase["wall_s"], 0), f"exit {phase['exit_code']}: {phase['summary']}"])
            for key, label in (
                ("nbval_s", "notebook cells"),
                ("browser_s", "browser tests"),
                ("unit_s", "other tests"),
            ):
                if phase.get(key, 0) >= 0.5:
                    rows.append([f"  test time in {label}, summed over workers", _s(phase[key], 0), ""])
            rows += [[f"  failed: {name}", "", ""] for name in phase.get("failed", [])]
        rows.append([f"{s['command']} in all", _s(s["wall_s"], 0), f"exit {s['exit_code']}"])
        for phase in s.get("editions", []):
            rows.append([phase["what"], _s(phase["wall_s"], 0), f"exit {phase['exit_code']}: {phase['summary']}"])
            rows += [[f"  failed: {name}", "", ""] for name in phase.get("failed", [])]
        out.append(
            (
                f"Suite: make test, phase by phase, on {s.get('cores', '?')} cores (wall s)",
                ["phase", "s", "result"],
                rows,
            )
        )
    b = res.get("budgets", [])
    if b:
        out.append(
            (
                "Budgets (DESIGN.md)",
                ["budget", "limit", "measured", "met"],
                [[x["what"], x["limit"], x["measured"], _verdict(x["ok"])] for x in b],
            )
        )
    return out


def _verdict(ok: bool | str) -> str:
    return "yes" if ok is True else "cpu time only (loaded machine)" if ok == "cpu" else "NO"


def _tables(res: dict) -> list:
    """`tables(res)`, or one line saying why not (a JSON kept from an older version of this code, say)."""
    try:
        return tables(res)
    except (KeyError, TypeError, IndexError) as exc:
        return [("(table not shown)", ["error"], [[f"{type(exc).__name__}: {exc}; rerun with --fresh"]])]


def text(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"Machine: {m['nproc']} cores, {m['cpu']}; Python {m.get('python')}, torch {m.get('torch')}, "
        f"matplotlib {m.get('matplotlib')}; OMP_NUM_THREADS={m['threads']}"
    ]
    for title, header, rows in _tables(res):
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        lines += ["", title, "  ".join(h.ljust(w) for h, w in zip(header, widths)), "  ".join("-" * w for w in widths)]
        lines += [
            "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
            for r in rows
        ]
    loads = {p: res[p].get("load") for p in PARTS if p in res}
    lines += [
        "",
        "1-min load average at the start/end of each part: "
        + ", ".join(f"{p} {v[0]}/{v[1]}" for p, v in loads.items() if v),
    ]
    return "\n".join(lines)


def markdown(res: dict) -> str:
    m = res["machine"]
    out = [
        f"Measured on {m['nproc']} cores ({m['cpu']}), Python {m.get('python')}, torch {m.get('torch')}, "
        f"matplotlib {m.get('matplotlib')}, OMP_NUM_THREADS={m['threads']}."
    ]
    for title, header, rows in _tables(res):
        out += ["", f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        out += ["| " + " | ".join(str(c).replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts among {', '.join(PARTS)}")
    p.add_argument("--skip-suite", action="store_true", help="leave out the slow pytest --nbval run")
    p.add_argument("--explorer", action="append", help="only explorers whose name contains this (repeatable)")
    p.add_argument("--notebook", help="glob of notebooks/ to run, e.g. '02_*'")
    p.add_argument("--warmup", type=int, default=2, help="changes per explorer before timing (default 2)")
    p.add_argument("--repeats", type=int, default=3, help="Run All repeats per notebook (default 3)")
    p.add_argument("--import-repeats", type=int, default=7, help="fresh processes per import (default 7)")
    p.add_argument("--out", type=Path, default=OUT, help=f"JSON output (default {OUT.relative_to(_util.ROOT)})")
    p.add_argument("--fresh", action="store_true", help="do not keep the other parts of an existing JSON")
    p.add_argument(
        "--max-load",
        type=float,
        default=None,
        help="on a shared machine: before each part, wait (up to 10 min) until the 1-min load average "
        "is below this, e.g. 1.5 on 2 cores",
    )
    a = p.parse_args(argv)
    parts = [x.strip() for x in a.only.split(",") if x.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        p.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose among {', '.join(PARTS)}")
    if a.skip_suite and "suite" in parts:
        parts.remove("suite")

    res = {}
    if a.out.exists() and not a.fresh:
        try:
            res = {k: v for k, v in json.loads(a.out.read_text()).items() if k in PARTS}
        except (OSError, ValueError):
            res = {}

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    log("benchmarks: " + ", ".join(parts))
    res["machine"] = _util.machine()
    for part in PARTS:
        if part not in parts:
            continue
        if a.max_load is not None:
            _util.wait_for_load(a.max_load, log=log)
        started, load0 = dt.datetime.now().isoformat(timespec="seconds"), _util.load()
        if part == "imports":
            entry = {"results": imports.run(a.import_repeats, log=log)}
        elif part == "explorers":
            entry = {"warmup": a.warmup, "results": explorers.run(a.explorer, a.warmup, log=log, max_load=a.max_load)}
        elif part == "drag":
            entry = {"results": drag.run(log=log)}
        elif part == "notebooks":
            entry = {"repeats": a.repeats, "results": notebooks.run(a.repeats, a.notebook, log=log)}
        else:
            entry = {"results": suite.run(log=log)}
        res[part] = {**entry, "date": started, "load": [load0, _util.load()]}
    try:
        res["budgets"] = budgets(res)
    except (KeyError, TypeError):  # a part kept from an older JSON: its budgets are left out
        res["budgets"] = []
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(res, indent=1) + "\n")
    a.out.with_suffix(".md").write_text(markdown(res))
    print(text(res))
    print(f"\nwritten: {a.out.relative_to(_util.ROOT) if a.out.is_relative_to(_util.ROOT) else a.out} (+ .md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
