"""A student's home and caps, as plain functions (the spawner in spawner.py applies them)."""

from __future__ import annotations

import itertools
import math
import os
import resource
import shutil
from collections.abc import Callable
from pathlib import Path

COURSE_FILES = ("notebooks", "constraints.txt")  # 00's environment check reads ../constraints.txt
COURSE_SUFFIXES = {".ipynb", ".png", ".jpg", ".jpeg", ".svg", ".gif", ".csv", ".json", ".txt"}  # not ruff.toml
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
_slots = itertools.count()


def next_slot() -> int:
    """0, 1, 2, ...: the order in which servers start, which spreads students over the cores."""
    return next(_slots)


def copy_course(course_dir: Path, home: Path) -> list[Path]:
    """Copy the course's files into a student's home, leaving every file the student already has untouched."""
    copied = []
    for name in COURSE_FILES:
        source = course_dir / name
        sources = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        for path in sources:
            relative = path.relative_to(course_dir)
            if relative.suffix not in COURSE_SUFFIXES or any(part.startswith(".") for part in relative.parts):
                continue
            target = home / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                copied.append(target)
    return copied


def cores_for(slot: int, cores: list[int], cpu_limit: float) -> list[int]:
    """The cores a student in `slot` may use: ceil(cpu_limit) of them, taken round robin; all if that is every core."""
    wanted = max(1, math.ceil(cpu_limit))
    if wanted >= len(cores):
        return list(cores)
    start = (slot * wanted) % len(cores)
    return [cores[(start + i) % len(cores)] for i in range(wanted)]


def limit_process(home: str, mem_limit: int, cores: list[int], niceness: int) -> Callable[[], None]:
    """A pre-exec hook for a student's server: run in their home with capped memory, pinned cores, lower priority.

    rlimits and CPU affinity are inherited by every kernel the server starts, so each
    process of the student gets the same caps (per process: a server with two kernels
    may use twice `mem_limit`).
    """

    def preexec() -> None:
        os.makedirs(home, 0o700, exist_ok=True)
        os.chdir(home)
        # RLIMIT_DATA, not RLIMIT_AS: torch reserves address space it never touches; the data limit counts
        # what a process writes (heap and private mappings), so an oversized array fails with MemoryError.
        resource.setrlimit(resource.RLIMIT_DATA, (mem_limit, mem_limit))
        os.sched_setaffinity(0, cores)
        os.nice(niceness)  # the hub and the proxy keep answering while every kernel is busy

    return preexec
