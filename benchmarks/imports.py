"""`import initviz` against `import torch` alone, in fresh processes (median of several).

Two measures: each import alone in its own fresh process, and, what the budget is
about, the time `import initviz` takes in a fresh process that has just imported
torch (its own modules, numpy and the standard library it still needs). Also what the
first figure (matplotlib) and the first explorer (ipywidgets) add, and whether
`import initviz` kept those two out (they are meant to load lazily).
"""

from __future__ import annotations

from ._util import median, run_json

_PROBE = """
import json, sys, time
t0 = time.perf_counter()
import torch
t1 = time.perf_counter()
import initviz
t2 = time.perf_counter()
lazy = {"matplotlib": "matplotlib" in sys.modules, "ipywidgets": "ipywidgets" in sys.modules}
import initviz.figures
t3 = time.perf_counter()
import initviz.explorer
t4 = time.perf_counter()
print(json.dumps({"torch": t1 - t0, "beyond_torch": t2 - t1, "figures": t3 - t2, "explorer": t4 - t3, **lazy}))
"""
_ALONE = """
import json, time
t = time.perf_counter()
import {module}
print(json.dumps({{"s": time.perf_counter() - t}}))
"""


def run(repeats: int = 7, log=print) -> dict:
    log("  imports ...")
    s = {k: [] for k in ("torch_alone", "initviz_alone", "torch", "beyond_torch", "figures", "explorer")}
    lazy = {}
    for _ in range(repeats):  # interleaved, so a burst of load hits all alike
        for module in ("torch", "initviz"):
            r = run_json(["-c", _ALONE.format(module=module)])
            if "error" in r:
                return {"error": f"import {module}: {r['error']}"}
            s[f"{module}_alone"].append(r["s"])
        r = run_json(["-c", _PROBE])
        if "error" in r:
            return {"error": r["error"]}
        for k in ("torch", "beyond_torch", "figures", "explorer"):
            s[k].append(r[k])
        lazy = {"matplotlib_loaded": r["matplotlib"], "ipywidgets_loaded": r["ipywidgets"]}
    med = {k: median(v) for k, v in s.items()}
    return {
        "repeats": repeats,
        "torch_s": med["torch_alone"],
        "initviz_s": med["initviz_alone"],
        "initviz_beyond_torch_s": med["beyond_torch"],
        "figures_s": med["figures"],
        "explorer_s": med["explorer"],
        **lazy,
        "samples": s,
    }
