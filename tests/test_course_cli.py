"""course.py: the course's setup, lab and test commands without make (Windows), which the Makefile also calls."""

import ast
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)

SERVER_START_TIMEOUT = 120


# --------------------------------------------------------------------------- paths per platform


def test_on_windows_the_venv_python_is_scripts_python_exe():
    venv = PureWindowsPath(r"C:\Users\student\initviz\.venv")
    assert course.venv_python(venv, "nt") == PureWindowsPath(r"C:\Users\student\initviz\.venv\Scripts\python.exe")


def test_on_macos_and_linux_the_venv_python_is_bin_python():
    assert course.venv_python(PurePosixPath("/home/student/initviz/.venv"), "posix") == PurePosixPath(
        "/home/student/initviz/.venv/bin/python"
    )


def test_commands_name_the_venv_python_of_the_platform():
    windows = course.venv_python(PureWindowsPath(r"D:\course\.venv"), "nt")
    lab = course.lab_command(windows)
    nbval, browser = course.pytest_commands(windows)
    assert lab[:3] == [r"D:\course\.venv\Scripts\python.exe", "-m", "jupyterlab"]
    assert nbval[:3] == browser[:3] == [r"D:\course\.venv\Scripts\python.exe", "-m", "pytest"]


# --------------------------------------------------------------------------- which Python


def test_requires_python_is_read_from_pyproject():
    clauses = course.requires_python((ROOT / "pyproject.toml").read_text())
    assert clauses == [(">=", (3, 11)), ("<", (3, 15))]


@pytest.mark.parametrize(
    ("version", "ok"),
    [((3, 10, 13), False), ((3, 11, 0), True), ((3, 12, 1), True), ((3, 14, 2), True), ((3, 15, 0), False)],
)
def test_a_python_outside_requires_python_is_refused(version, ok):
    assert course.python_is_supported(version, [(">=", (3, 11)), ("<", (3, 15))]) is ok


def test_the_supported_minor_versions_follow_requires_python():
    assert course.supported_minors([(">=", (3, 11)), ("<", (3, 15))]) == ["3.11", "3.12", "3.13", "3.14"]


def test_an_unsupported_python_is_told_which_ones_to_install_and_how_to_run_them():
    message = course.wrong_python_message([(">=", (3, 11)), ("<", (3, 15))])
    assert "3.11 to 3.14" in message and "py -3.14 course.py lab" in message and "python3.14 course.py lab" in message


def test_course_py_parses_as_python_3_8():
    """It must run on the Python a student happens to have, to say which one the course needs."""
    ast.parse((ROOT / "course.py").read_text(), feature_version=(3, 8))


@pytest.mark.parametrize("python", ["3.8", "3.10"])
def test_an_old_python_is_refused_before_any_venv_is_made(python, tmp_path):
    interpreters = sorted(Path.home().glob(f".pyenv/versions/{python}.*/bin/python"))
    if not interpreters:
        pytest.skip(f"no Python {python} under ~/.pyenv on this machine")
    for name in ("course.py", "pyproject.toml", "constraints.txt"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    done = subprocess.run([str(interpreters[-1]), "course.py", "setup"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert f"this is Python {python}." in done.stdout and "the course needs Python 3.11 to 3.14" in done.stdout
    assert not (tmp_path / ".venv").exists()


# --------------------------------------------------------------------------- when to (re)install


def _venv(tmp_path: Path) -> Path:
    venv = tmp_path / ".venv"
    python = Path(course.venv_python(venv))
    python.parent.mkdir(parents=True)
    python.touch()
    return venv


def _touch_at(path: Path, mtime: float) -> Path:
    path.touch()
    os.utime(path, (mtime, mtime))
    return path


def test_a_venv_without_the_stamp_needs_the_install(tmp_path):
    inputs = [_touch_at(tmp_path / "pyproject.toml", 1000)]
    assert course.needs_install(_venv(tmp_path), inputs)


def test_a_venv_stamped_after_its_inputs_is_up_to_date(tmp_path):
    venv = _venv(tmp_path)
    inputs = [_touch_at(tmp_path / "pyproject.toml", 1000), _touch_at(tmp_path / "constraints.txt", 1000)]
    _touch_at(venv / course.STAMP_NAME, 2000)
    assert not course.needs_install(venv, inputs)


def test_a_changed_constraints_file_needs_the_install_again(tmp_path):
    venv = _venv(tmp_path)
    inputs = [_touch_at(tmp_path / "pyproject.toml", 1000), _touch_at(tmp_path / "constraints.txt", 3000)]
    _touch_at(venv / course.STAMP_NAME, 2000)
    assert course.needs_install(venv, inputs)


def test_a_stamped_venv_without_its_python_needs_the_install(tmp_path):
    venv = tmp_path / ".venv"
    venv.mkdir()
    _touch_at(venv / course.STAMP_NAME, 2000)
    assert course.needs_install(venv, [_touch_at(tmp_path / "pyproject.toml", 1000)])


# --------------------------------------------------------------------------- the commands


def test_lab_serves_on_loopback_from_notebooks_opening_00_start_here():
    command = course.lab_command(PurePosixPath(".venv/bin/python"))
    assert "--ServerApp.ip=127.0.0.1" in command and "--ServerApp.root_dir=notebooks" in command
    assert "--LabApp.default_url=/lab/tree/00_start_here.ipynb" in command and "--allow-root" not in command


def test_lab_in_chinese_opens_the_chinese_edition_with_its_own_settings_folder():
    command = course.lab_command(PurePosixPath(".venv/bin/python"), lang="zh")
    assert "--LabApp.default_url=/lab/tree/zh/00_start_here.ipynb" in command
    assert course.lab_environment("zh") == {"JUPYTERLAB_SETTINGS_DIR": str(course.ZH_SETTINGS)}
    assert course.lab_environment("en") == {}


def test_lab_as_root_allows_root_and_passes_extra_arguments_last():
    command = course.lab_command(PurePosixPath(".venv/bin/python"), ["--ServerApp.port=9999"], as_root=True)
    assert command[-2:] == ["--allow-root", "--ServerApp.port=9999"]


def test_test_runs_nbval_then_the_browser_tests_with_the_workers_and_extra_arguments():
    nbval, browser = course.pytest_commands(PurePosixPath("python"), "0", ["-x"])
    assert nbval == ["python", "-m", "pytest", "-n", "0", "--maxprocesses", "4", "--nbval", "--nbval-current-env",
                     "-m", "not browser", "--ignore=tests/classroom", "-x", "tests", "notebooks"]  # fmt: skip
    assert browser == ["python", "-m", "pytest", "-n", "0", "--maxprocesses", "4", "-m", "browser", "-x",
                       "tests/browser"]  # fmt: skip


def test_setup_takes_no_extra_arguments(capsys):
    with pytest.raises(SystemExit):
        course.main(["setup", "--bogus"])
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


# --------------------------------------------------------------------------- for real


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str, bytes]:
    """Status, final URL and body of a GET, following redirects."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.url, response.read()


@pytest.mark.skipif(os.name != "posix", reason="stops the server as Ctrl+C does, with SIGINT to its process group")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_course_py_lab_starts_jupyterlab_at_the_first_notebook_and_ctrl_c_stops_it(tmp_path, lang):
    if course.needs_install(course.VENV, [ROOT / name for name in course.INSTALL_INPUTS]):
        pytest.skip("the repository's .venv is not set up (make setup): lab would install it first")
    port, token = _free_port(), "course-py-test"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"))  # fmt: skip
    log = (tmp_path / "lab.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "course.py"), "lab", "--lang", lang, f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0",
         "--ServerApp.open_browser=False", f"--IdentityProvider.token={token}"],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            assert process.poll() is None, (tmp_path / "lab.log").read_text()
            try:
                _get(f"{base}/api/status?token={token}")
                break
            except (urllib.error.URLError, OSError):
                assert time.monotonic() < deadline, (tmp_path / "lab.log").read_text()
                time.sleep(0.25)
        status, landed, _ = _get(f"{base}/?token={token}")
        assert status == 200 and landed.startswith(f"{base}/lab/tree/{course.FIRST_NOTEBOOK[lang]}")
        plugin = json.loads(_get(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}")[2])
        assert plugin["settings"].get("locale", "default") == ("zh_CN" if lang == "zh" else "default")
        if lang == "zh":  # the language pack is installed: JupyterLab's own strings in Chinese
            pack = json.loads(_get(f"{base}/lab/api/translations/zh_CN?token={token}")[2])
            assert pack["data"]["jupyterlab"]["Save"] == ["保存"]
        listing = json.loads(_get(f"{base}/api/contents?token={token}")[2])
        assert "00_start_here.ipynb" in {item["name"] for item in listing["content"]}  # served from notebooks/
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C reaches course.py and JupyterLab together
        try:
            try:
                code = process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # still shutting down: a second Ctrl+C, as JupyterLab's banner says
                os.killpg(process.pid, signal.SIGINT)
                code = process.wait(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()
    assert code == 0
    with pytest.raises(urllib.error.URLError):
        _get(f"{base}/api/status?token={token}")
