"""The hub's login for per-student accounts: name and password must match a line of the roster file."""

from __future__ import annotations

from hmac import compare_digest
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode

from .roster import read_roster


class RosterAuthenticator(Authenticator):
    """Logs a student in when name and password match a line of the roster file."""

    roster_file = Unicode(config=True, help="Path of the roster: one `name password` per line.")

    def check_allow_config(self) -> None:
        read_roster(Path(self.roster_file))  # the roster is the allow list: fail at start-up if it is broken

    async def authenticate(self, handler, data: dict) -> str | None:
        roster = read_roster(Path(self.roster_file))  # read each time: the instructor may add a late student
        name = self.normalize_username(data.get("username", ""))
        password = roster.get(name)
        if password is None or not compare_digest(password.encode(), data.get("password", "").encode()):
            return None
        return name

    def check_allowed(self, username: str, authentication: dict | None = None) -> bool:
        return username in read_roster(Path(self.roster_file))
