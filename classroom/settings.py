"""The classroom server's settings, read from CLASSROOM_* environment variables and checked.

One place decides what the hub may start with: `jupyterhub_config.py` and `serve.py`
both call `Settings.from_env()`, so a missing or weak class password stops the hub
before it listens, whoever starts it.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIN_PASSWORD_LENGTH = 8  # JupyterHub's SharedPasswordAuthenticator refuses shorter ones too
USERNAME_PATTERN = r"[a-z0-9][a-z0-9_-]{0,31}"  # names become folder names: nothing like "../x"
DEFAULT_URL = "/lab/tree/notebooks/00_start_here.ipynb"  # where each student's JupyterLab opens
_SIZE = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMGT]?)i?B?", re.I)
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


class SettingsError(ValueError):
    """A setting the hub must not start with; the message says which and how to fix it."""


def parse_size(text: str) -> int:
    """Bytes from '2G', '1.5GiB', '512M' or a plain number of bytes."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise SettingsError(f"memory size {text!r} is not understood; write e.g. 2G or 512M")
    return int(float(match["number"]) * _UNITS[match["unit"].upper()])


@dataclass(frozen=True)
class Settings:
    """Everything the classroom hub is started with (see the README's table of variables)."""

    password: str | None  # the class password (shared), or None with a roster
    roster: Path | None  # per-student accounts: "name password" per line
    ip: str = ""  # "" = every interface (the room's network); tests use 127.0.0.1
    port: int = 8000
    state_dir: Path = ROOT / "classroom" / ".state"  # hub database, secrets, students' homes
    course_dir: Path = ROOT  # the course copied into each student's home (its notebooks/ + constraints.txt)
    mem_limit: int = 2 * 2**30  # bytes, per student process (server and each kernel)
    cpu_limit: float = 1.0  # cores per student
    idle_timeout: int = 3600  # seconds without activity before a server is stopped
    kernel_idle_timeout: int = 1200  # seconds before an idle kernel with no notebook open on it is shut down
    cull_every: int = 300
    proxy: Path = ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
    ssl_cert: Path | None = None  # with ssl_key: HTTPS, so that the password does not cross the room in clear
    ssl_key: Path | None = None
    allow_root: bool = False

    @property
    def students_dir(self) -> Path:
        return self.state_dir / "students"

    @property
    def scheme(self) -> str:
        return "https" if self.ssl_cert else "http"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        """Read and check CLASSROOM_* variables; raise `SettingsError` on anything unsafe or malformed."""
        password = env.get("CLASSROOM_PASSWORD") or None
        roster = Path(env["CLASSROOM_ROSTER"]) if env.get("CLASSROOM_ROSTER") else None
        if password is None and roster is None:
            raise SettingsError(
                "no class password: set CLASSROOM_PASSWORD (or CLASSROOM_ROSTER for per-student "
                "accounts); the classroom server never starts with a default password"
            )
        if password is not None and roster is not None:
            raise SettingsError("set CLASSROOM_PASSWORD or CLASSROOM_ROSTER, not both")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise SettingsError(
                f"CLASSROOM_PASSWORD has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}"
            )
        if roster is not None and not roster.is_file():
            raise SettingsError(f"CLASSROOM_ROSTER={roster} is not a file")
        defaults = cls(password=None, roster=None)
        settings = cls(
            password=password,
            roster=roster,
            ip=env.get("CLASSROOM_IP", defaults.ip),
            port=_int(env, "CLASSROOM_PORT", defaults.port),
            state_dir=Path(env.get("CLASSROOM_STATE_DIR", defaults.state_dir)).resolve(),
            course_dir=Path(env.get("CLASSROOM_COURSE_DIR", defaults.course_dir)).resolve(),
            mem_limit=parse_size(env["CLASSROOM_MEM_LIMIT"]) if env.get("CLASSROOM_MEM_LIMIT") else defaults.mem_limit,
            cpu_limit=float(env.get("CLASSROOM_CPU_LIMIT", defaults.cpu_limit)),
            idle_timeout=_int(env, "CLASSROOM_IDLE_TIMEOUT", defaults.idle_timeout),
            kernel_idle_timeout=_int(env, "CLASSROOM_KERNEL_IDLE_TIMEOUT", defaults.kernel_idle_timeout),
            cull_every=_int(env, "CLASSROOM_CULL_EVERY", defaults.cull_every),
            proxy=Path(env.get("CLASSROOM_PROXY", defaults.proxy)),
            allow_root=env.get("CLASSROOM_ALLOW_ROOT") == "1",
            ssl_cert=Path(env["CLASSROOM_SSL_CERT"]).resolve() if env.get("CLASSROOM_SSL_CERT") else None,
            ssl_key=Path(env["CLASSROOM_SSL_KEY"]).resolve() if env.get("CLASSROOM_SSL_KEY") else None,
        )
        if (settings.ssl_cert is None) != (settings.ssl_key is None):
            raise SettingsError("set both CLASSROOM_SSL_CERT and CLASSROOM_SSL_KEY, or neither")
        for path in (settings.ssl_cert, settings.ssl_key):
            if path is not None and not path.is_file():
                raise SettingsError(f"{path} is not a file")
        if not 0 < settings.port < 65536:
            raise SettingsError(f"CLASSROOM_PORT={settings.port} is not a TCP port")
        if settings.cpu_limit <= 0 or settings.mem_limit < 256 * 2**20:
            raise SettingsError("CLASSROOM_CPU_LIMIT must be > 0 and CLASSROOM_MEM_LIMIT at least 256M")
        if not (settings.course_dir / "notebooks").is_dir():
            raise SettingsError(f"CLASSROOM_COURSE_DIR={settings.course_dir} has no notebooks/ folder")
        if os.geteuid() == 0 and not settings.allow_root:
            raise SettingsError(
                "refusing to run as root: every student's kernel would run as root. Start it as an "
                "ordinary user (CLASSROOM_ALLOW_ROOT=1 overrides, for throw-away machines and CI)"
            )
        return settings


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on `host` now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if value is None:
        return default
    if not value.strip().isdigit():
        raise SettingsError(f"{name}={value!r} is not a whole number")
    return int(value)
