"""Run a classroom hub on loopback for a test or a benchmark, and stop it (and all it started) afterwards.

The hub gets its own process group, so that stopping it also stops the proxy, the
idle culler and every student's server and kernel, even when the hub itself is stuck.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import requests

from .settings import free_port

CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"


@contextmanager
def running_hub(state_dir: Path, env: Mapping[str, str], timeout: float = 60.0) -> Iterator[str]:
    """A hub on 127.0.0.1 at a free port, with `env` (CLASSROOM_* settings) added; yields its URL."""
    port = free_port()
    state_dir.mkdir(parents=True, exist_ok=True)
    full_env = {
        **os.environ,
        "CLASSROOM_IP": "127.0.0.1",
        "CLASSROOM_PORT": str(port),
        "CLASSROOM_STATE_DIR": str(state_dir),
        **env,
    }
    if os.geteuid() == 0:
        full_env.setdefault("CLASSROOM_ALLOW_ROOT", "1")
    log = open(state_dir / "hub.log", "wb")
    hub = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)],
        cwd=state_dir,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"{'https' if full_env.get('CLASSROOM_SSL_CERT') else 'http'}://127.0.0.1:{port}"
    try:
        wait_until_up(url, hub, timeout, state_dir / "hub.log", full_env.get("CLASSROOM_SSL_CERT") or True)
        yield url
    finally:
        stop_group(hub)
        log.close()


def wait_until_up(url: str, hub: subprocess.Popen, timeout: float, log: Path, certificate: str | bool = True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.poll() is not None:
            raise RuntimeError(f"the hub exited with {hub.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/hub/api/", timeout=2, verify=certificate).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the hub did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


def stop_group(process: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop the hub and everything it started (proxy, culler, students' servers and kernels), then kill leftovers.

    The students' servers run in sessions of their own (JupyterHub's spawner starts them
    so), so they are found as descendants of the hub, not by its process group. All are
    asked to stop at once: one by one, the hub would give each server seconds of grace.
    """
    import psutil

    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    for child in descendants:
        try:
            child.terminate()
        except psutil.NoSuchProcess:
            pass
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    _, alive = psutil.wait_procs(descendants, timeout=grace)
    for leftover in alive:
        try:
            leftover.kill()
        except psutil.NoSuchProcess:
            pass
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
