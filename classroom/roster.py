"""Per-student accounts: a roster file of `name password` lines (classroom/auth.py logs students in with it).

With one class password anyone who knows it can log in under any name, another
student's included; with a roster each student has their own password, so a
student's server is theirs alone (as far as one machine can make it so: see the README).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from .settings import MIN_PASSWORD_LENGTH, USERNAME_PATTERN, SettingsError

_WORDS = (
    "amber basil cedar delta ember fjord garnet harbor indigo juniper kestrel lagoon maple nectar onyx pepper "
    "quartz raven saffron tundra umber violet walnut xenon yarrow zephyr".split()
)


def read_roster(path: Path) -> dict[str, str]:
    """{name: password} from a roster file; blank lines and `#` comments are skipped."""
    roster: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, password = line.partition(" ")
        password = password.strip()
        if not re.fullmatch(USERNAME_PATTERN, name):
            raise SettingsError(f"{path}:{number}: name {name!r} must match {USERNAME_PATTERN}")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise SettingsError(f"{path}:{number}: {name}'s password is shorter than {MIN_PASSWORD_LENGTH} characters")
        if name in roster:
            raise SettingsError(f"{path}:{number}: {name} appears twice")
        roster[name] = password
    if not roster:
        raise SettingsError(f"{path} names no student")
    return roster


def new_password() -> str:
    """A password a student can type from a slip of paper: two words and four digits (about 33 bits)."""
    return f"{secrets.choice(_WORDS)}-{secrets.choice(_WORDS)}-{secrets.randbelow(10_000):04d}"


def write_roster(path: Path, count: int, prefix: str = "student") -> dict[str, str]:
    """Write a roster of `count` new accounts (student01, student02, ...), readable by its owner only."""
    if path.exists():
        raise SettingsError(f"{path} exists; a new roster would change every student's password")
    roster = {f"{prefix}{i:02d}": new_password() for i in range(1, count + 1)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text("# name password (one student a line)\n" + "".join(f"{n} {p}\n" for n, p in roster.items()))
    return roster
