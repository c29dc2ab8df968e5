"""Each student's JupyterLab: their own copy of the course, opened at 00, with memory and CPU capped.

All students' servers and kernels run as the hub's own OS user (no system account per
student), so the caps here guard against accidents, not against a student who sets out
to get round them: see the README's "What one machine cannot isolate".
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import Int, Unicode, default

from .settings import DEFAULT_URL
from .students import THREAD_VARIABLES, copy_course, cores_for, limit_process, next_slot

JUPYTER_CONFIG = Path(__file__).resolve().parent / "jupyter_config"  # labconfig/: no "get Jupyter news?" prompt


class ClassroomSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner with a home per student under `students_dir`, the course copied in, and caps."""

    students_dir = Unicode(config=True, help="Folder that holds one home folder per student.")
    course_dir = Unicode(config=True, help="The course copied into each new home (notebooks/, constraints.txt).")
    niceness = Int(5, config=True, help="How much lower than the hub's the students' CPU priority is.")

    @default("home_dir")
    def _home_under_students_dir(self) -> str:
        return str(Path(self.students_dir) / self.user.name)

    @default("default_url")
    def _open_at_00(self) -> str:
        return DEFAULT_URL

    def start(self):
        home = Path(self.home_dir)
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        copy_course(Path(self.course_dir), home)
        return super().start()

    def make_preexec_fn(self, name: str) -> Callable[[], None]:
        cores = cores_for(next_slot(), sorted(os.sched_getaffinity(0)), self.cpu_limit or 1.0)
        self.log.info("student %s: memory %d MiB a process, cores %s", name, self.mem_limit // 2**20, cores)
        return limit_process(self.home_dir, int(self.mem_limit), cores, self.niceness)

    def user_env(self, env: dict[str, str]) -> dict[str, str]:
        env = super().user_env(env)
        threads = str(max(1, math.ceil(self.cpu_limit or 1.0)))
        env.update({variable: threads for variable in THREAD_VARIABLES})
        env["JUPYTER_CONFIG_PATH"] = str(JUPYTER_CONFIG)
        return env
