"""python -m benchmarks.classroom: simulated students on a classroom hub, on loopback only (make classroom-bench).

1. profile: one student alone runs every notebook, each in a fresh kernel, as they
   would open them one after another: the kernel's memory after each notebook and the
   CPU seconds of its Run All.
2. load: 5, then 10, then 20 students at once: each logs in through the hub's form,
   starts their server, opens 00 and runs all its cells through the kernel websocket,
   then moves the explorer's depth slider (a widget message, as the browser sends it) and
   waits for the new image. Between rounds every server is stopped.

Bounded: at most 20 students, every wait has a timeout, and the whole run is stopped
after HARD_LIMIT_S. Writes benchmarks/results/classroom.json and classroom.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil

from classroom.client import Student
from classroom.hubprocess import running_hub

from . import _util

HARD_LIMIT_S = 8 * 60
ROUNDS = (5, 10, 20)
MEM_LIMIT = "2G"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
DEPTHS = (35, 8, 50, 20, 3)  # the slider's moves: near and far jumps, the extremes included
THINK_S = 0.3  # a pause between slider moves, as a hand on a mouse makes
OUT = _util.ROOT / "benchmarks" / "results"
GiB = 2**30


def notebooks() -> list[str]:
    return [f"notebooks/{p.name}" for p in sorted((_util.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def student_processes(state: Path) -> dict[str, dict[str, float]]:
    """Per student: PSS (shared pages split fairly, bytes) and CPU seconds of their server and of their kernels."""
    out: dict[str, dict[str, float]] = {}
    students = str(state / "students")
    for process in psutil.process_iter(["cmdline", "cwd"]):
        cwd = process.info["cwd"] or ""
        if not cwd.startswith(students):
            continue
        name = Path(cwd).relative_to(students).parts[0]
        kind = "kernel" if "ipykernel_launcher" in " ".join(process.info["cmdline"] or []) else "server"
        try:
            pss = process.memory_full_info().pss
            cpu = sum(process.cpu_times()[:2])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        totals = out.setdefault(name, {"server_pss": 0, "kernel_pss": 0, "server_cpu": 0, "kernel_cpu": 0})
        totals[f"{kind}_pss"] += pss
        totals[f"{kind}_cpu"] += cpu
    return out


def hub_cpu(state: Path) -> float:
    """CPU seconds used so far by the hub and its proxy (the hub runs in `state`, the proxy is its child)."""
    total = 0.0
    for process in psutil.process_iter(["cmdline", "cwd"]):
        if process.info["cwd"] == str(state) and "jupyterhub_config.py" in " ".join(process.info["cmdline"] or []):
            for p in (process, *process.children()):
                if p.pid == process.pid or "configurable-http-proxy" in " ".join(p.cmdline()):
                    total += sum(p.cpu_times()[:2])
    return total


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average, sampled every second while a round runs (the machine is shared)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.samples.append(os.getloadavg()[0])

    def mean(self) -> float:
        self.done.set()
        return sum(self.samples) / max(1, len(self.samples))


def profile(url: str, password: str) -> list[dict]:
    """One student, every notebook in a fresh kernel (closed after), nobody else on the hub."""
    student = Student(url, "profile", password)
    student.log_in()
    student.request_token()
    student.start_server()
    rows = []
    for path in notebooks():
        kernel = student.open_kernel(path)
        run = student.run_all(kernel, path)
        rows.append(
            {
                "notebook": Path(path).stem,
                "run_all_s": run.seconds,
                "cpu_s": run.cpu_seconds,
                "rss_mib": run.rss_bytes / 2**20,
                "peak_rss_mib": run.peak_rss_bytes / 2**20,
            }
        )
        kernel.close()
        student.api("DELETE", student.server_path(f"api/kernels/{kernel.id}"))
        print(
            f"  {rows[-1]['notebook']}: Run All {run.seconds:.1f} s, CPU {run.cpu_seconds:.1f} s, "
            f"kernel RSS {run.rss_bytes / 2**20:.0f} MiB",
            flush=True,
        )
    student.stop_server()
    return rows


def one_student(url: str, name: str, password: str, start: threading.Barrier) -> dict[str, Any]:
    student = Student(url, name, password)
    start.wait(timeout=60)
    t0 = time.perf_counter()
    student.log_in()
    student.request_token()
    spawn_s = student.start_server()
    kernel = student.open_kernel(START_NOTEBOOK)
    ready_s = time.perf_counter() - t0
    run = student.run_all(kernel, START_NOTEBOOK)
    kernel.execute("w = initviz.explore_signal()")
    ids = kernel.evaluate({"slider": "w.controls['depth'].model_id", "image": "w.image.model_id"})
    sliders = []
    for depth in DEPTHS:
        time.sleep(THINK_S)
        sliders.append(kernel.set_widget(ids["slider"], {"value": depth}, ids["image"]))
    assert kernel.evaluate({"depth": "w.controls['depth'].value"})["depth"] == DEPTHS[-1]
    kernel.close()
    return {
        "name": name,
        "spawn_s": spawn_s,
        "ready_s": ready_s,
        "run_all_s": run.seconds,
        "cpu_s": run.cpu_seconds,
        "rss_mib": run.rss_bytes / 2**20,
        "slider_s": sliders,
        "total_s": time.perf_counter() - t0,
    }


def load_round(url: str, password: str, state: Path, count: int) -> dict[str, Any]:
    """`count` students start together; returns their numbers and the round's summary."""
    barrier = threading.Barrier(count)
    load_before = _util.load()
    sampler = LoadSampler()
    sampler.start()
    hub_before = hub_cpu(state)
    start = time.perf_counter()
    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(one_student, url, f"n{count}s{i:02d}", password, barrier) for i in range(count)]
        students = [future.result(timeout=HARD_LIMIT_S) for future in futures]
    wall = time.perf_counter() - start
    processes = student_processes(state)  # every kernel still holds 00's state
    hub_seconds = hub_cpu(state) - hub_before
    load_during = sampler.mean()
    for s in students:
        p = processes.get(s["name"], {})
        s.update(
            {
                "kernel_pss_mib": p.get("kernel_pss", 0) / 2**20,
                "server_pss_mib": p.get("server_pss", 0) / 2**20,
                "student_cpu_s": p.get("kernel_cpu", 0) + p.get("server_cpu", 0),
            }
        )
    class_cpu = sum(s["student_cpu_s"] for s in students) + hub_seconds
    run_all = [s["run_all_s"] for s in students]
    sliders = [x for s in students for x in s["slider_s"]]
    summary = {
        "students": count,
        "wall_s": wall,
        "load_before": load_before,
        "load_during": load_during,
        "class_cpu_s": class_cpu,
        "hub_cpu_s": hub_seconds,
        "cpu_per_student_s": class_cpu / count,
        "machine_share": class_cpu / (wall * (os.cpu_count() or 1)),
        "spawn_p50_s": _util.median([s["spawn_s"] for s in students]),
        "spawn_p95_s": _util.p95([s["spawn_s"] for s in students]),
        "run_all_p50_s": _util.median(run_all),
        "run_all_p95_s": _util.p95(run_all),
        "cpu_p50_s": _util.median([s["cpu_s"] for s in students]),
        "slider_p50_s": _util.median(sliders),
        "slider_p95_s": _util.p95(sliders),
        "kernel_rss_p50_mib": _util.median([s["rss_mib"] for s in students]),
        "kernel_pss_p50_mib": _util.median([s.get("kernel_pss_mib") for s in students]),
        "server_pss_p50_mib": _util.median([s.get("server_pss_mib") for s in students]),
    }
    print(
        f"  {count} students: wall {wall:.0f} s, load {load_during:.1f}, CPU a student {class_cpu / count:.1f} s "
        f"(share of the machine {summary['machine_share']:.0%}), Run All p50 {summary['run_all_p50_s']:.1f} s "
        f"p95 {summary['run_all_p95_s']:.1f} s, slider p50 {summary['slider_p50_s'] * 1000:.0f} ms "
        f"p95 {summary['slider_p95_s'] * 1000:.0f} ms",
        flush=True,
    )
    return {"summary": summary, "students": students}


def stop_all(url: str, password: str, names: list[str], timeout: float = 120) -> None:
    """Every student stops their server; wait until the hub has none left (frees memory for the next round)."""
    students = []
    for name in names:
        s = Student(url, name, password)
        s.log_in()
        s.request_token()
        s.stop_server()
        students.append(s)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(not s.api("GET", f"/hub/api/users/{s.name}").json()["servers"] for s in students):
            return
        time.sleep(1)
    raise TimeoutError("servers still running after the round")


def _hard_limit(signum: int, frame: Any) -> None:
    raise TimeoutError(f"the classroom benchmark passed its hard limit of {HARD_LIMIT_S} s")


def run(rounds: tuple[int, ...], do_profile: bool, max_load: float) -> dict[str, Any]:
    _util.wait_for_load(max_load, timeout=180)  # before the hard limit starts counting
    signal.signal(signal.SIGALRM, _hard_limit)
    signal.alarm(HARD_LIMIT_S)
    password = secrets.token_urlsafe(16)
    result: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": _util.machine(),
        "memory_total_gib": psutil.virtual_memory().total / GiB,
        "mem_limit": MEM_LIMIT,
    }
    try:
        with (
            tempfile.TemporaryDirectory(prefix="classroom-bench-") as tmp,
            running_hub(Path(tmp), {"CLASSROOM_PASSWORD": password, "CLASSROOM_MEM_LIMIT": MEM_LIMIT}) as url,
        ):
            if do_profile:
                print("profile: one student, every notebook in a fresh kernel", flush=True)
                result["profile"] = profile(url, password)
            result["rounds"] = []
            for count in rounds:
                available = psutil.virtual_memory().available / GiB
                if available < count * 0.75 + 2:
                    print(f"  {count} students: skipped, only {available:.1f} GiB available", flush=True)
                    continue
                print(f"load: {count} students at once", flush=True)
                result["rounds"].append(load_round(url, password, Path(tmp), count))
                stop_all(url, password, [s["name"] for s in result["rounds"][-1]["students"]])
    except TimeoutError as stopped:  # the hard limit: keep what was measured, the hub is stopped on the way out
        result["stopped"] = str(stopped)
        print(f"stopped: {stopped}", flush=True)
    finally:
        signal.alarm(0)
    return result


def markdown(result: dict[str, Any]) -> Iterator[str]:
    m = result["machine"]
    yield (
        f"Classroom benchmark, {result['date']}: {m['nproc']} cores ({m['cpu']}), "
        f"{result['memory_total_gib']:.0f} GiB, torch {m.get('torch')}, memory cap {result['mem_limit']} a process\n"
    )
    if result.get("profile"):
        yield "| notebook | Run All (s) | CPU (s) | kernel RSS after (MiB) | peak RSS (MiB) |"
        yield "|---|---|---|---|---|"
        for r in result["profile"]:
            yield (
                f"| {r['notebook']} | {r['run_all_s']:.1f} | {r['cpu_s']:.1f} | {r['rss_mib']:.0f} | "
                f"{r['peak_rss_mib']:.0f} |"
            )
        yield ""
    yield (
        "| students at once | machine load | round (s) | CPU a student (s) | machine share "
        "| server start p50 / p95 (s) | Run All p50 / p95 (s) | CPU of a Run All (s) "
        "| slider image p50 / p95 (ms) | kernel RSS / PSS (MiB) "
        "| server PSS (MiB) |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|---|"
    for r in result.get("rounds", []):
        s = r["summary"]
        yield (
            f"| {s['students']} | {s['load_during']:.1f} | {s['wall_s']:.0f} | {s['cpu_per_student_s']:.1f} | "
            f"{s['machine_share']:.0%} | {s['spawn_p50_s']:.1f} / {s['spawn_p95_s']:.1f} | "
            f"{s['run_all_p50_s']:.1f} / {s['run_all_p95_s']:.1f} | {s['cpu_p50_s']:.1f} | "
            f"{s['slider_p50_s'] * 1000:.0f} / {s['slider_p95_s'] * 1000:.0f} | {s['kernel_rss_p50_mib']:.0f} / "
            f"{s['kernel_pss_p50_mib']:.0f} | {s['server_pss_p50_mib']:.0f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", default=",".join(map(str, ROUNDS)), help="students per round, e.g. 5,10,20")
    parser.add_argument("--no-profile", action="store_true", help="skip the one-student profile of every notebook")
    parser.add_argument(
        "--max-load",
        type=float,
        default=1e9,
        help="first wait (3 minutes at most) for the load average to fall below this",
    )
    args = parser.parse_args()
    rounds = tuple(int(n) for n in args.rounds.split(","))
    if max(rounds) > 20:
        parser.error("at most 20 simulated students: this runs on one shared machine")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    result = run(rounds, not args.no_profile, args.max_load)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "classroom.json").write_text(json.dumps(result, indent=1))
    text = "\n".join(markdown(result)) + "\n"
    (OUT / "classroom.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
