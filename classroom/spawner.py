"""Each student's JupyterLab: their own copy of the course, opened at 00, with memory and CPU capped.

All students' servers and kernels run as the hub's own OS user (no system account per
student), so the caps here guard against accidents, not against a student who sets out
to get round them: see the README's "What one machine cannot isolate".
"""
from __future__ import annotations

import itertools
import math
import os
import resource
import shutil
from collections.abc import Callable
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import Int, Unicode, default

from .settings import DEFAULT_URL

COURSE_FILES = ("notebooks", "constraints.txt")  # 00's environment check reads ../constraints.txt
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
_next_slot = itertools.count()  # spreads students over the cores, round robin


def copy_course(course_dir: Path, home: Path) -> list[Path]:
    """Copy the course's files into a student's home, leaving every file the student already has untouched."""
    copied = []
    for name in COURSE_FILES:
        source = course_dir / name
        sources = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        for path in sources:
            if ".ipynb_checkpoints" in path.parts or "__pycache__" in path.parts:
                continue
            target = home / path.relative_to(course_dir)
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


class ClassroomSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner with a home per student under `students_dir`, the course copied in, and caps."""

    students_dir = Unicode(config=True, help="Folder that holds one home folder per student.")
    course_dir = Unicode(config=True, help="The course to copy into each new home (its notebooks/ and constraints.txt).")
    niceness = Int(5, config=True, help="How much lower than the hub's the students' CPU priority is.")

    @default("home_dir")
    def _home_under_students_dir(self) -> str:
        return str(Path(self.students_dir) / self.user.name)

    @default("default_url")
    def _open_at_00(self) -> str:
        return DEFAULT_URL

    def start(self):  # type: ignore[no-untyped-def]
        home = Path(self.home_dir)
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        copy_course(Path(self.course_dir), home)
        return super().start()

    def make_preexec_fn(self, name: str) -> Callable[[], None]:
        cores = cores_for(next(_next_slot), sorted(os.sched_getaffinity(0)), self.cpu_limit or 1.0)
        self.log.info("student %s: memory %d MiB a process, cores %s", name, self.mem_limit // 2**20, cores)
        return limit_process(self.home_dir, int(self.mem_limit), cores, self.niceness)

    def user_env(self, env: dict[str, str]) -> dict[str, str]:
        env = super().user_env(env)
        threads = str(max(1, math.ceil(self.cpu_limit or 1.0)))
        env.update({variable: threads for variable in THREAD_VARIABLES})
        return env
