"""The classroom server refuses to start without a class password, and checks what it is started with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from classroom.roster import read_roster, write_roster
from classroom.settings import Settings, SettingsError, parse_size
from classroom.students import copy_course, cores_for

ROOT = Path(__file__).resolve().parents[2]
SERVE = ROOT / "classroom" / "serve.py"
GOOD = {"CLASSROOM_PASSWORD": "long-enough", "CLASSROOM_ALLOW_ROOT": "1"}


def serve(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The launcher as `make classroom` runs it, without a terminal on stdin (as in CI)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CLASSROOM_")}
    return subprocess.run(
        [sys.executable, str(SERVE), *args],
        env={**clean, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_launcher_refuses_to_start_without_a_password_when_nobody_can_type_one(tmp_path: Path):
    result = serve({"CLASSROOM_STATE_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "no class password" in result.stderr and "no default password" in result.stderr
    assert not (tmp_path / "jupyterhub.sqlite").exists()


def test_the_launcher_refuses_a_short_password(tmp_path: Path):
    result = serve({"CLASSROOM_PASSWORD": "1234567", "CLASSROOM_STATE_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "at least 8" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="only root is refused")
def test_the_launcher_refuses_to_run_as_root_unless_told_to(tmp_path: Path):
    result = serve({"CLASSROOM_PASSWORD": "long-enough", "CLASSROOM_STATE_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "refusing to run as root" in result.stderr


def test_settings_need_a_password_or_a_roster_but_not_both(tmp_path: Path):
    with pytest.raises(SettingsError, match="no class password"):
        Settings.from_env({"CLASSROOM_ALLOW_ROOT": "1"})
    roster = tmp_path / "roster.txt"
    write_roster(roster, 1)
    with pytest.raises(SettingsError, match="not both"):
        Settings.from_env({**GOOD, "CLASSROOM_ROSTER": str(roster)})


def test_settings_need_both_halves_of_a_certificate(tmp_path: Path):
    cert = tmp_path / "room.crt"
    cert.write_text("not checked here")
    with pytest.raises(SettingsError, match="both CLASSROOM_SSL_CERT and CLASSROOM_SSL_KEY"):
        Settings.from_env({**GOOD, "CLASSROOM_SSL_CERT": str(cert)})
    with pytest.raises(SettingsError, match="is not a file"):
        Settings.from_env({**GOOD, "CLASSROOM_SSL_CERT": str(cert), "CLASSROOM_SSL_KEY": str(tmp_path / "none")})


def test_settings_read_the_limits_and_the_port():
    settings = Settings.from_env(
        {**GOOD, "CLASSROOM_PORT": "9000", "CLASSROOM_MEM_LIMIT": "1.5G", "CLASSROOM_CPU_LIMIT": "2"}
    )
    assert (settings.port, settings.mem_limit, settings.cpu_limit) == (9000, 3 * 2**29, 2.0)


@pytest.mark.parametrize(
    "name, value",
    [
        ("CLASSROOM_PORT", "70000"),
        ("CLASSROOM_PORT", "80a"),
        ("CLASSROOM_MEM_LIMIT", "lots"),
        ("CLASSROOM_MEM_LIMIT", "100M"),
        ("CLASSROOM_CPU_LIMIT", "0"),
    ],
)
def test_settings_refuse_malformed_values_naming_them(name: str, value: str):
    with pytest.raises(SettingsError, match="CLASSROOM_|memory size"):
        Settings.from_env({**GOOD, name: value})


def test_sizes_read_as_binary_units():
    assert [parse_size(s) for s in ("512M", "2G", "2GiB", "1.5g", "1024")] == [2**29, 2**31, 2**31, 3 * 2**29, 1024]


def test_a_new_roster_gives_each_student_a_distinct_password_readable_by_its_owner_only(tmp_path: Path):
    path = tmp_path / "roster.txt"
    roster = write_roster(path, 30)
    assert read_roster(path) == roster
    assert list(roster)[:2] == ["student01", "student02"] and len(set(roster.values())) == 30
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(SettingsError, match="exists"):
        write_roster(path, 3)


@pytest.mark.parametrize(
    "line, problem",
    [
        ("../etc secret-password", "must match"),
        ("amy short", "shorter"),
        ("amy long-password\namy long-password", "twice"),
    ],
)
def test_a_roster_line_that_could_harm_is_refused(tmp_path: Path, line: str, problem: str):
    path = tmp_path / "roster.txt"
    path.write_text(line + "\n")
    with pytest.raises(SettingsError, match=problem):
        read_roster(path)


def test_the_course_is_copied_once_and_a_students_changes_are_kept(tmp_path: Path):
    home = tmp_path / "amy"
    copied = copy_course(ROOT, home)
    assert home / "notebooks" / "00_start_here.ipynb" in copied and (home / "constraints.txt").is_file()
    assert not (home / "notebooks" / "ruff.toml").exists()  # the maintainers' files stay out
    (home / "notebooks" / "00_start_here.ipynb").write_text("amy's edits")
    assert copy_course(ROOT, home) == []
    assert (home / "notebooks" / "00_start_here.ipynb").read_text() == "amy's edits"


def test_students_are_spread_over_the_cores_round_robin():
    assert [cores_for(slot, [0, 1], 1.0) for slot in range(4)] == [[0], [1], [0], [1]]
    assert cores_for(0, [0, 1, 2, 3], 1.5) == [0, 1] and cores_for(1, [0, 1, 2, 3], 1.5) == [2, 3]
    assert cores_for(5, [0, 1], 4.0) == [0, 1]
