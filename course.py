"""The course's commands on any laptop, Windows included: no make, no bash, only the Python you install.

    python course.py setup   # create .venv and install the course with the exact versions of constraints.txt
    python course.py lab     # set up if needed, then open the course in JupyterLab (Ctrl+C stops it)
    python course.py lab --lang zh   # the Chinese edition (中文版), with JupyterLab's menus in Chinese
    python course.py test    # set up if needed, then the tests: pytest --nbval, then the real-browser tests

`make setup`, `make lab` and `make test` call it. Extra arguments go to JupyterLab (lab) or pytest (test).
Standard library only, and runs on old Pythons too, so that a wrong Python gets a clear message.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = ".installed"  # written after a successful install; the Makefile's $(STAMP) too
INSTALL_INPUTS = ("pyproject.toml", "constraints.txt")
LAB_ARGS = ("--ServerApp.ip=127.0.0.1", "--ServerApp.root_dir=notebooks")
# The first notebook of each edition, and where JupyterLab keeps the Chinese edition's own settings
# (its menus in Chinese: JupyterLab's locale is a user setting, so that edition gets a settings folder of its own).
FIRST_NOTEBOOK = {"en": "00_start_here.ipynb", "zh": "zh/00_start_here.ipynb"}
ZH_SETTINGS = ROOT / ".jupyter-zh" / "user-settings"
# The two phases of `test`, as the Makefile's NBVAL_RUN and BROWSER_RUN run them (a test keeps them equal).
# The classroom server's tests (tests/classroom: JupyterHub and npm) are make test's third phase, not course.py's.
NBVAL_ARGS = ("--nbval", "--nbval-current-env", "-m", "not browser", "--ignore=tests/classroom")
NBVAL_PATHS = ("tests", "notebooks")
BROWSER_ARGS = ("-m", "browser")
BROWSER_PATHS = ("tests/browser",)


def venv_python(venv: PurePath, system: str = os.name) -> PurePath:
    """The interpreter of a virtual environment: Scripts\\python.exe on Windows ("nt"), bin/python elsewhere."""
    if system == "nt":
        return PureWindowsPath(venv, "Scripts", "python.exe")
    return PurePosixPath(venv, "bin", "python")


def requires_python(pyproject: str) -> list[tuple[str, tuple[int, ...]]]:
    """The clauses of `requires-python`, e.g. '>=3.11,<3.15' -> [('>=', (3, 11)), ('<', (3, 15))]."""
    match = re.search(r'^requires-python\s*=\s*"([^"]*)"', pyproject, re.M)
    clauses = []
    for clause in (match.group(1) if match else "").split(","):
        op_version = re.fullmatch(r"\s*(>=|<=|==|!=|>|<)\s*([\d.]+)\s*", clause)
        if op_version:
            clauses.append((op_version.group(1), tuple(int(n) for n in op_version.group(2).split("."))))
    return clauses


def python_is_supported(version: Sequence[int], clauses: list[tuple[str, tuple[int, ...]]]) -> bool:
    """Whether a Python version (major, minor, micro) meets every clause of `requires-python`."""
    compare = {
        ">=": lambda a, b: a >= b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        "<": lambda a, b: a < b,
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
    }
    return all(compare[op](tuple(version[: len(bound)]), bound) for op, bound in clauses)


def supported_minors(clauses: list[tuple[str, tuple[int, ...]]]) -> list[str]:
    """The Python 3 minor versions whose 3.X.0 `requires-python` admits, e.g. ['3.11', '3.12', '3.13', '3.14']."""
    return [f"3.{minor}" for minor in range(6, 30) if python_is_supported((3, minor, 0), clauses)]


def needs_install(venv: Path, inputs: Sequence[Path], system: str = os.name) -> bool:
    """True when the venv has no interpreter or no stamp, or the stamp is older than pyproject / constraints."""
    stamp = venv / STAMP_NAME
    if not Path(venv_python(venv, system)).exists() or not stamp.exists():
        return True
    return any(path.stat().st_mtime > stamp.stat().st_mtime for path in inputs)


def lab_command(python: PurePath, extra: Sequence[str] = (), as_root: bool = False, lang: str = "en") -> list[str]:
    """JupyterLab on 127.0.0.1 in notebooks/, opening 00_start_here of edition `lang` (root needs --allow-root)."""
    first = f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK[lang]}"
    return [str(python), "-m", "jupyterlab", *LAB_ARGS, first, *(["--allow-root"] if as_root else []), *extra]


def lab_environment(lang: str = "en") -> dict:
    """Environment variables for JupyterLab: the Chinese edition reads its settings (locale zh_CN) from ZH_SETTINGS."""
    return {"JUPYTERLAB_SETTINGS_DIR": str(ZH_SETTINGS)} if lang == "zh" else {}


def pytest_commands(python: PurePath, workers: str = "auto", extra: Sequence[str] = ()) -> list[list[str]]:
    """The two phases of the tests: every unit test and notebook cell under nbval, then the browser tests."""
    pytest = [str(python), "-m", "pytest", "-n", workers, "--maxprocesses", "4"]
    return [
        [*pytest, *NBVAL_ARGS, *extra, *NBVAL_PATHS],
        [*pytest, *BROWSER_ARGS, *extra, *BROWSER_PATHS],
    ]


def say(message: str) -> None:
    print(f"course.py: {message}", flush=True)


def run(command: Sequence[str], extra_env: dict | None = None) -> int:
    """Run a command in the repository and return its exit code; Ctrl+C goes to the command, which decides."""
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")  # else the kernel's debugger warns on stderr
    env.update(extra_env or {})
    process = subprocess.Popen(list(command), cwd=ROOT, env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:  # JupyterLab asks, or stops on a second Ctrl+C; wait for it
            continue


def wrong_python_message(clauses: list[tuple[str, tuple[int, ...]]]) -> str:
    minors = supported_minors(clauses)
    here = ".".join(str(n) for n in sys.version_info[:3])
    first, last = (minors[0], minors[-1]) if minors else ("?", "?")
    return (
        f"this is Python {here}; the course needs Python {first} to {last} (requires-python in pyproject.toml).\n"
        f"Install one of {', '.join(minors)} and run this file with it, e.g. `py -{last} course.py lab` on Windows "
        f"or `python{last} course.py lab` (`make lab PYTHON=python{last}`) on macOS and Linux."
    )


def setup(venv: Path = VENV) -> int:
    """Create the venv if it has no interpreter, then install the course into it if anything changed."""
    inputs = [ROOT / name for name in INSTALL_INPUTS]
    if not needs_install(venv, inputs):
        return 0
    python = Path(venv_python(venv))
    if not python.exists():
        clauses = requires_python((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        if not python_is_supported(sys.version_info[:3], clauses):
            say(wrong_python_message(clauses))
            return 1
        say(f"creating {venv.name} with Python {sys.version.split()[0]} ({sys.executable})")
        if run([sys.executable, "-m", "venv", str(venv)]) != 0:
            shutil.rmtree(venv, ignore_errors=True)  # half a venv (no pip) would look set up next time
            say("could not create the virtual environment (on Debian/Ubuntu: apt install python3-venv)")
            return 1
    say("installing the course and its exact versions (the first time takes a few minutes)")
    code = run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            "constraints.txt",
            "-e",
            ".[dev]",
        ]
    )
    if code == 0:
        (venv / STAMP_NAME).touch()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("setup", help="create .venv and install the course with the exact pins")
    lab = commands.add_parser("lab", help="open the course in JupyterLab; further arguments go to JupyterLab")
    lab.add_argument(
        "--lang", choices=sorted(FIRST_NOTEBOOK), default="en", help="edition: en (default) or zh (中文版)"
    )
    test = commands.add_parser("test", help="every test; further arguments go to pytest")
    test.add_argument("--workers", default="auto", help="pytest-xdist workers (0: one process; default auto)")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "setup":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")

    code = setup()
    if code != 0 or args.command == "setup":
        return code
    python = venv_python(VENV)
    if args.command == "lab":
        # JupyterLab's defaults for the course: no news prompt or update check over the first notebook
        settings = [str(python), str(ROOT / "scripts" / "lab_settings.py")]
        if args.lang == "zh":  # and its menus in Chinese (the language pack is installed with the course)
            settings += ["--locale", "zh_CN", "--user-settings", str(ZH_SETTINGS)]
        code = run(settings)
        if code != 0:
            return code
        as_root = os.name == "posix" and os.geteuid() == 0
        return run(lab_command(python, extra, as_root, args.lang), lab_environment(args.lang))
    for command in pytest_commands(python, args.workers, extra):
        code = run(command)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
