"""Helpers of the classroom tests: real hubs on loopback, and students logged in to them."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from classroom.client import Student
from classroom.hubprocess import running_hub
from classroom.settings import Settings

PASSWORD = "a-class-password-for-tests"
MEM_LIMIT = 600 * 2**20  # small, so that a test can cross it with one allocation


def missing_pieces() -> list[str]:
    missing = [m for m in ("jupyterhub", "jupyterhub_idle_culler") if importlib.util.find_spec(m) is None]
    if not Settings(password=None, roster=None).proxy.exists():
        missing.append("configurable-http-proxy (classroom/node_modules)")
    return missing


@dataclass(frozen=True)
class Hub:
    url: str
    state: Path  # the hub's state folder: students' homes under students/

    def student(self, name: str, password: str = PASSWORD) -> Student:
        return Student(self.url, name, password)


def start_hub(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Iterator[Hub]:
    state = tmp_path_factory.mktemp("classroom")
    with running_hub(state, env) as url:
        yield Hub(url, state)


def logged_in_with_server(hub: Hub, name: str, password: str = PASSWORD) -> Student:
    """A student who has logged in through the form, holds an API token and has a running server."""
    student = hub.student(name, password)
    student.log_in()
    assert student.logged_in()
    student.request_token()
    student.start_server()
    return student
