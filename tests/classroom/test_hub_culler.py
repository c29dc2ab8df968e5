"""Idle servers are stopped by jupyterhub-idle-culler, a hub service holding only the scopes it needs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from classroom_hubs import PASSWORD, Hub, logged_in_with_server, start_hub
from traitlets.config import Config

pytestmark = pytest.mark.usefixtures("classroom_installed")
CONFIG = Path(__file__).resolve().parents[2] / "classroom" / "jupyterhub_config.py"
IDLE_TIMEOUT = 4  # seconds: the test waits for a cull, so the culler must act quickly


def hub_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Config:
    """The configuration jupyterhub_config.py builds, read as the hub reads it."""
    monkeypatch.setenv("CLASSROOM_PASSWORD", PASSWORD)
    monkeypatch.setenv("CLASSROOM_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("CLASSROOM_ALLOW_ROOT", "1")
    config = Config()
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), {"get_config": lambda: config, "__file__": str(CONFIG)})
    return config


def test_the_culler_runs_as_a_hub_service(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    (service,) = hub_config(monkeypatch, tmp_path).JupyterHub.services
    assert service["name"] == "idle-culler"
    assert service["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in service["command"]


def test_the_culler_holds_only_the_scopes_it_needs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    (role,) = hub_config(monkeypatch, tmp_path).JupyterHub.load_roles
    assert role["services"] == ["idle-culler"]
    assert sorted(role["scopes"]) == ["delete:servers", "list:users", "read:servers", "read:users:activity"]


@pytest.fixture(scope="module")
def impatient_hub(classroom_installed: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    yield from start_hub(
        tmp_path_factory,
        {"CLASSROOM_PASSWORD": PASSWORD, "CLASSROOM_IDLE_TIMEOUT": str(IDLE_TIMEOUT), "CLASSROOM_CULL_EVERY": "1"},
    )


def test_an_idle_server_is_stopped(impatient_hub: Hub):
    student = logged_in_with_server(impatient_hub, "dozy")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not student.api("GET", "/hub/api/users/dozy").json()["servers"]:
            break
        time.sleep(0.5)
    assert student.api("GET", "/hub/api/users/dozy").json()["servers"] == {}
    assert student.api("GET", "/user/dozy/api/status").status_code != 200
