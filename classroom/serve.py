"""Start the classroom server (what `make classroom` runs): check the settings, say how to connect, run JupyterHub.

    CLASSROOM_PASSWORD=... python classroom/serve.py --port 8000
    python classroom/serve.py --new-roster 30     # writes 30 per-student accounts to classroom/.state/roster.txt
    CLASSROOM_ROSTER=classroom/.state/roster.txt python classroom/serve.py

Without CLASSROOM_PASSWORD or CLASSROOM_ROSTER it asks for a class password when run at
a terminal, and refuses to start otherwise: there is no default password.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classroom.roster import read_roster, write_roster
from classroom.settings import MIN_PASSWORD_LENGTH, Settings, SettingsError

CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"


def room_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback: where the students' browsers can reach it."""
    import psutil

    return sorted(
        {
            a.address
            for addrs in psutil.net_if_addrs().values()
            for a in addrs
            if a.family.name == "AF_INET" and not a.address.startswith("127.")
        }
    )


def ask_password() -> str:
    while True:
        first = getpass.getpass(f"Class password for the students (at least {MIN_PASSWORD_LENGTH} characters): ")
        if len(first) < MIN_PASSWORD_LENGTH:
            print(f"Too short: {len(first)} characters.")
            continue
        if getpass.getpass("Once more: ") == first:
            return first
        print("The two differ; again.")


def instructions(settings: Settings, addresses: list[str]) -> str:
    urls = [f"{settings.scheme}://{a}:{settings.port}/" for a in (addresses if not settings.ip else [settings.ip])]
    if not urls:
        urls = [f"{settings.scheme}://127.0.0.1:{settings.port}/ (no network interface found: only this machine)"]
    if settings.roster is not None:
        count = len(read_roster(settings.roster))
        login = f"with the name and password you gave them ({count} accounts in {settings.roster})"
    else:
        login = "with a name of their choice (lowercase letters, digits, - or _) and the class password"
    return "\n".join(
        [
            "",
            "Classroom server starting. Students open, in a browser on the room's network:",
            *(f"    {url}" for url in urls),
            f"and log in {login}.",
            "Each gets their own JupyterLab and their own copy of the course, opened at notebooks/00_start_here.ipynb.",
            f"Their work is kept in {settings.students_dir}/<name>/. Stop the server with Ctrl-C.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLASSROOM_PORT", "8000")))
    parser.add_argument("--ip", default=os.environ.get("CLASSROOM_IP", ""), help="listen on this address only")
    parser.add_argument("--new-roster", type=int, metavar="N", help="write N per-student accounts, and stop")
    args = parser.parse_args(argv)
    env = dict(os.environ, CLASSROOM_PORT=str(args.port), CLASSROOM_IP=args.ip)
    if args.new_roster:
        path = Path(env.get("CLASSROOM_STATE_DIR", Path(__file__).resolve().parent / ".state")) / "roster.txt"
        try:
            write_roster(path, args.new_roster)
        except SettingsError as error:
            print(f"classroom: {error}", file=sys.stderr)
            return 2
        print(
            f"Wrote {args.new_roster} accounts to {path}: print it and hand each student their line.\n"
            f"Start the server with them: CLASSROOM_ROSTER={path} make classroom"
        )
        return 0
    if not env.get("CLASSROOM_PASSWORD") and not env.get("CLASSROOM_ROSTER"):
        if not sys.stdin.isatty():
            print(
                "classroom: no class password. Set CLASSROOM_PASSWORD (or CLASSROOM_ROSTER); "
                "there is no default password.",
                file=sys.stderr,
            )
            return 2
        env["CLASSROOM_PASSWORD"] = ask_password()
    try:
        settings = Settings.from_env(env)
    except SettingsError as error:
        print(f"classroom: {error}", file=sys.stderr)
        return 2
    if not settings.proxy.exists():
        print(
            f"classroom: {settings.proxy} is missing; `make classroom` installs it (npm ci in classroom/)",
            file=sys.stderr,
        )
        return 2
    print(instructions(settings, room_addresses()), flush=True)
    settings.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chdir(settings.state_dir)
    hub = str(Path(sys.executable).parent / "jupyterhub")
    os.execve(hub, [hub, "-f", str(CONFIG)], env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
