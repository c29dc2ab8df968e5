"""Fixtures of the real-browser tests: one JupyterLab server, one Chromium, one JupyterLab page.

The session starts JupyterLab (the venv's, on a free loopback port, no token, temporary
settings and workspaces, the course's defaults of scripts/lab_settings.py) on copies of the course notebooks with their outputs
stripped (both editions: notebooks/ and notebooks/zh/), so that nothing in the repository
is run, changed or saved, and beside them a notebook that shows every explorer
(`every_explorer.ipynb`, written here from `initviz.explorers.names()`). Each notebook is
then opened in the same page, run (Run All), checked by the tests of
`test_notebooks_in_browser.py` or `test_explorers_in_browser.py`, and closed, its kernel
shut down. The page is a classroom projector's: 1024x768 CSS pixels, file browser closed
while a notebook is open.

Where Playwright or Chromium is missing the tests skip, unless INITVIZ_REQUIRE_BROWSER=1
(as in CI): then they fail.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import lab_settings  # noqa: E402  (scripts/ is no package)

NOTEBOOK_DIR = REPO / "notebooks"
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = "/usr/bin/chromium"  # Debian's package; never a downloaded browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A classroom projector: 1024x768, or 1280x720 zoomed to 125% (the same 1024 CSS pixels wide).
VIEWPORT = {"width": 1024, "height": 768}
EXPLORER_NOTEBOOK = "every_explorer.ipynb"
REQUIRE_BROWSER = os.environ.get("INITVIZ_REQUIRE_BROWSER") == "1"
# Pictures of every notebook and explorer cost 1-7 s a notebook, so they are taken on request
# (`make browser` asks); a failure is always pictured.
SCREENSHOTS_WANTED = os.environ.get("INITVIZ_SCREENSHOTS") == "1"

# Seconds. Generous where a slow, shared 2-core CI machine needs it; strict where a person waits.
SERVER_START_TIMEOUT = 90
PAGE_LOAD_TIMEOUT = 120
KERNEL_START_TIMEOUT = 120
RUN_ALL_TIMEOUT = 300
WIDGET_RENDER_TIMEOUT = 30
IMAGE_UPDATE_TIMEOUT = 5  # a moved control must redraw its image "within a few seconds"
DRAG_SECONDS = 2.5  # a slider dragged across its track, as a person does it
SETTLE_TIMEOUT = 15  # after a drag: the kernel's last (full) image reaches the page

# An explorer's output: a widget view (ipywidgets marks its root `.jupyter-widgets`; a view
# that failed to render carries the class on the output itself, with the error text).
WIDGET_OUTPUT = ".jp-OutputArea-output.jupyter-widgets, .jp-OutputArea-output:has(> .jupyter-widgets)"
CONTROL = ".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, .widget-checkbox, .widget-text"
IMAGE = "img.widget-image"
ERROR_MIME_TYPES = ("application/vnd.jupyter.error", "application/vnd.jupyter.stderr")


def course_notebooks() -> list[Path]:
    """The course notebooks present now (at collection time), in order: the English edition, then
    the Chinese one (notebooks/zh/) where it exists."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")) + sorted((NOTEBOOK_DIR / "zh").glob("[0-9][0-9]_*.ipynb"))


def notebook_id(path: Path) -> str:
    """`03_xavier_glorot`, or `zh-03_xavier_glorot` for the Chinese edition: test ids and screenshot names."""
    relative = path.relative_to(NOTEBOOK_DIR) if path.is_relative_to(NOTEBOOK_DIR) else Path(path.name)
    return "-".join(relative.with_suffix("").parts)


def _missing_requirement() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The Chromium to drive; skips (or, with INITVIZ_REQUIRE_BROWSER=1, fails) when it or Playwright is missing."""
    missing = _missing_requirement()
    if missing:
        if REQUIRE_BROWSER:
            pytest.fail(f"INITVIZ_REQUIRE_BROWSER=1 but {missing}", pytrace=False)
        pytest.skip(f"browser tests need Playwright and Chromium: {missing}")
    return CHROMIUM


# --------------------------------------------------------------------------- server


class LabServer:
    """A JupyterLab server on loopback serving `root`; `api` calls its REST API."""

    def __init__(self, url: str, root: Path, log: Path, runtime_dir: Path) -> None:
        self.url, self.root, self.log, self.runtime_dir = url, root, log, runtime_dir

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_all_kernels(self) -> None:
        for kind in ("sessions", "kernels"):
            for item in self.api("GET", kind):
                try:
                    self.api("DELETE", f"{kind}/{item['id']}")
                except urllib.error.HTTPError as error:
                    if error.code != 404:  # 404: it was already going (closing the tab shuts its kernel down)
                        raise

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _copy_without_outputs(source: Path, target: Path) -> None:
    """Copy a notebook with outputs, execution counts and saved widget state removed: a fresh start."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb.get("metadata", {}).pop("widgets", None)
    target.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_explorer_notebook(target: Path) -> None:
    """A notebook that shows every explorer at its defaults, each kept in `explorers[name]` for the tests."""
    from initviz import explorers

    def cell(source: str) -> dict:
        return {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}

    cells = [cell("import initviz\n\ninitviz.setup()\nexplorers = {}")]
    cells += [cell(f'explorers["{name}"] = initviz.{name}()\nexplorers["{name}"]') for name in explorers.names()]
    kernel = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook = {"cells": cells, "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}
    target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _free_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def jupyterlab(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory):
    """A JupyterLab server of this venv on copies of the course notebooks; stopped at the end."""
    course, base = tmp_path_factory.mktemp("course"), tmp_path_factory.mktemp("jupyterlab")
    root = course / NOTEBOOK_DIR.name
    root.mkdir()
    for nb in course_notebooks():
        target = root / nb.relative_to(NOTEBOOK_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_without_outputs(nb, target)
    _write_explorer_notebook(root / EXPLORER_NOTEBOOK)
    for entry in REPO.iterdir():  # the rest of the repository beside them, for paths like ../constraints.txt
        if entry.name not in (NOTEBOOK_DIR.name, ".git", ".venv"):
            (course / entry.name).symlink_to(entry)
    # The course's own defaults, as `make lab` writes them for the venv's JupyterLab: no news or update pop-up.
    app_settings = lab_settings.write_overrides(base / "app-settings").parent
    settings = base / "settings" / "@jupyterlab"
    # Every cell in the DOM (the default windowing leaves off-screen cells out or unpainted), no blank
    # space after the last cell (screenshots end with the notebook), kernel shut down on closing.
    _write_json(
        settings / "notebook-extension" / "tracker.jupyterlab-settings",
        {"windowingMode": "none", "scrollPastEnd": False, "kernelShutdown": True},
    )
    # Never write the copies back, not even by autosave.
    _write_json(settings / "docmanager-extension" / "plugin.jupyterlab-settings", {"autosave": False})
    config = base / "config"
    _write_json(
        config / "jupyter_server_config.json",
        {
            "ServerApp": {
                "ip": "127.0.0.1",
                "open_browser": False,
                "port_retries": 0,
                "root_dir": str(root),
                "allow_root": os.geteuid() == 0,
                "terminals_enabled": False,
                # no token (loopback, temporary); kernels are shut down through the REST API
                "disable_check_xsrf": True,
            },
            "IdentityProvider": {"token": ""},
            "LabApp": {
                "app_settings_dir": str(app_settings),
                "user_settings_dir": str(base / "settings"),
                "workspaces_dir": str(base / "workspaces"),
                "extension_manager": "readonly",
            },
        },
    )

    bin_dir = Path(sys.executable).parent
    jupyter = bin_dir / "jupyter"
    assert jupyter.exists(), f"{jupyter} not found: install the dev extras (pip install -e '.[dev]')"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_TOKEN", "JUPYTER_PASSWORD")
    }
    env.update(
        {
            "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",  # kernel "python3" = this venv's python
            "JUPYTER_CONFIG_DIR": str(config),  # no user config, user kernelspecs or lab settings leak in
            "JUPYTER_DATA_DIR": str(base / "data"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "IPYTHONDIR": str(base / "ipython"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # else the kernel's debugger warns about frozen modules
        }
    )
    env.setdefault("OMP_NUM_THREADS", "1")
    # A first matplotlib import builds the font cache and says so on stderr: do it here, not in a notebook.
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True, timeout=600, capture_output=True
    )

    port = _free_loopback_port()
    log = base / "server.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(jupyter), "lab", f"--ServerApp.port={port}"],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = LabServer(f"http://127.0.0.1:{port}", root, log, base / "runtime")
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {process.returncode}:\n{server.log_tail()}", pytrace=False)
            try:
                server.api("GET", "status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{server.log_tail()}",
                        pytrace=False,
                    )
                time.sleep(0.25)
        yield server
    finally:
        process.terminate()  # the server shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------- browser and page


@pytest.fixture(scope="session")
def chromium(chromium_executable: str):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class JupyterLabPage:
    """The JupyterLab page of the session; records every console error and uncaught exception."""

    def __init__(self, page, server: LabServer) -> None:
        self.page, self.server = page, server
        self.console: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console.append(f"uncaught {error.name}: {error.message}"))
        page.set_default_timeout(30_000)

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location or {}
            self.console.append(
                f"console.error: {message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})"
            )

    def load(self) -> None:
        """(Re)load JupyterLab with an empty workspace: no notebook left open from before."""
        self.page.goto(f"{self.server.url}/lab?reset", timeout=PAGE_LOAD_TIMEOUT * 1000)
        self.page.locator(".jp-DirListing-item").first.wait_for(timeout=PAGE_LOAD_TIMEOUT * 1000)

    def dismiss_dialogs(self) -> None:
        for _ in range(3):
            if not self.page.locator(".jp-Dialog").count():
                return
            self.page.keyboard.press("Escape")
            self.page.wait_for_timeout(200)

    def show_file_browser(self, visible: bool) -> None:
        """Open or close the file browser (the left side bar), as a click on its icon does."""
        browser = self.page.locator("#filebrowser")
        if browser.is_visible() != visible:
            self.page.locator(".jp-SideBar .lm-TabBar-tab[data-id='filebrowser']").click()
            browser.wait_for(state="visible" if visible else "hidden")

    def open_in_file_browser(self, path: Path) -> None:
        """Double-click `path` (relative to the server's root) in the file browser, folder by folder."""
        self.show_file_browser(True)
        self.page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
        for i, part in enumerate(path.parts):
            item = self.page.locator(".jp-DirListing-item").filter(
                has=self.page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(part)}$"))
            )
            item.dblclick()
            if i < len(path.parts) - 1:
                # into a folder: wait until its listing replaced the old one, or the next double-click lands on
                # whatever item now sits where the old listing had the next name (zh/01 opened zh/02)
                self.page.locator(".jp-FileBrowser .jp-BreadCrumbs-item", has_text=part).wait_for()
                item.wait_for(state="detached")


@pytest.fixture(scope="session")
def lab(jupyterlab: LabServer, chromium):
    """JupyterLab open in one Chromium page for the whole session."""
    context = chromium.new_context(viewport=VIEWPORT)
    lab_page = JupyterLabPage(context.new_page(), jupyterlab)
    lab_page.load()
    yield lab_page
    context.close()


# --------------------------------------------------------------------------- one notebook


class Kernel:
    """A second client of a notebook's kernel (beside JupyterLab's): evaluates expressions in its namespace.

    Connected through the connection file the server wrote; what it runs shows nowhere in the page.
    """

    def __init__(self, connection_file: Path) -> None:
        from jupyter_client import BlockingKernelClient

        self.client = BlockingKernelClient(connection_file=str(connection_file))
        self.client.load_connection_file()
        self.client.start_channels()

    def run(self, code: str, timeout: float = 30) -> dict:
        msg_id = self.client.execute(code, silent=True, store_history=False)
        return self._reply(msg_id, timeout)

    def evaluate(self, expression: str, timeout: float = 30) -> Any:
        """The value of `expression` (anything `json.dumps` takes), evaluated in the notebook's namespace."""
        msg_id = self.client.execute(
            "", silent=True, store_history=False, user_expressions={"v": f"__import__('json').dumps({expression})"}
        )
        value = self._reply(msg_id, timeout)["user_expressions"]["v"]
        if value["status"] != "ok":
            raise AssertionError(f"{expression}: {value['ename']}: {value['evalue']}")
        return json.loads(ast.literal_eval(value["data"]["text/plain"]))

    def _reply(self, msg_id: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            reply = self.client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                if reply["content"]["status"] != "ok":
                    raise AssertionError(f"the kernel says: {reply['content'].get('evalue', reply['content'])}")
                return reply["content"]

    def close(self) -> None:
        self.client.stop_channels()


@dataclass
class Drag:
    """What a slider dragged across its track showed: times in ms of the page's clock."""

    control: str  # its label
    readout_before: str
    down_ms: float = 0.0  # mouse down
    origin_ms: float = 0.0  # the page clock's zero (performance.timeOrigin), in ms since the epoch
    up_ms: float = 0.0  # mouse up
    moves: int = 0
    image_ms: list[float] = field(default_factory=list)  # every new image (src change), until read
    value_ms: list[float] = field(default_factory=list)  # every change of the slider's readout, until read
    value_texts: list[str] = field(default_factory=list)  # what the readout showed after each of those changes
    readout: Any = None  # the slider's readout (a Playwright locator)

    @property
    def seconds(self) -> float:
        return (self.up_ms - self.down_ms) / 1000

    @property
    def images_during(self) -> int:
        return sum(self.down_ms < t <= self.up_ms for t in self.image_ms)

    @property
    def images_after(self) -> list[float]:
        """ms after mouse up of each new image that came after it."""
        return [t - self.up_ms for t in self.image_ms if t > self.up_ms]

    @property
    def frames_per_second(self) -> float:
        return self.images_during / self.seconds if self.seconds > 0 else 0.0

    @property
    def values_during(self) -> int:
        """How many values the slider passed through while the pointer moved (a bound on the new images)."""
        return len(self.values_passed)

    @property
    def values_passed(self) -> list[str]:
        """The readouts of the values the slider passed through while the pointer moved, in order
        (the start value left out, a value passed again counted again)."""
        passed = [self.readout_before]
        for t, text in zip(self.value_ms, self.value_texts):
            if self.down_ms < t <= self.up_ms and text != passed[-1]:
                passed.append(text)
        return passed[1:]

    def values_held(self) -> list[tuple[str, float]]:
        """`values_passed` with the seconds the readout showed each (the last: until the pointer let go)."""
        changes = [self.readout_before]
        times = [self.down_ms]
        for t, text in zip(self.value_ms, self.value_texts):
            if self.down_ms < t <= self.up_ms and text != changes[-1]:
                changes.append(text)
                times.append(t)
        times.append(self.up_ms)
        return [(text, (times[i + 1] - times[i]) / 1000) for i, text in enumerate(changes) if i > 0]


def _stored_explorer_count(path: Path) -> int | None:
    """How many explorers the committed outputs show (their fixed text), or None if the notebook is unexecuted."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    outputs = [o for c in nb.get("cells", []) if c.get("cell_type") == "code" for o in c.get("outputs", [])]
    if not outputs:
        return None
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in outputs]
    return sum(t.startswith("<Explorer:") for t in texts)


class LabNotebook:
    """One notebook open in JupyterLab, driven as a person would: menus, keyboard, mouse, selects.

    `source` is a course notebook (its copy is opened) or a notebook at `relative` in the server's root.
    """

    def __init__(self, lab: JupyterLabPage, source: Path, relative: Path | None = None) -> None:
        self.lab, self.page, self.name = lab, lab.page, source.name
        self.relative = relative or source.relative_to(NOTEBOOK_DIR)
        self.label = notebook_id(source)
        self.expected_explorers = _stored_explorer_count(source)
        self.panel = self.page.locator(".jp-NotebookPanel")
        self._console_start = len(lab.console)
        self._kernel: Kernel | None = None

    # -- lifecycle ----------------------------------------------------------------------
    def open(self) -> None:
        """Open it from the file browser, then close the file browser: the whole width for the notebook."""
        self.lab.open_in_file_browser(self.relative)
        self.panel.locator(".jp-Cell").first.wait_for(timeout=PAGE_LOAD_TIMEOUT * 1000)
        self.lab.show_file_browser(False)

    def wait_for_kernel(self) -> None:
        """Wait until the notebook's kernel is idle (accepting the default kernel if JupyterLab asks)."""
        deadline = time.monotonic() + KERNEL_START_TIMEOUT
        while not self.panel.evaluate("""panel => {
                const name = panel.querySelector('.jp-Toolbar-kernelName')?.textContent.trim();
                const status = panel.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status;
                return !!name && name !== 'No Kernel' && status === 'idle';
            }"""):
            select_kernel = self.page.locator(".jp-Dialog .jp-mod-accept")
            if select_kernel.count():
                select_kernel.click()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: no idle kernel after {KERNEL_START_TIMEOUT} s")
            self.page.wait_for_timeout(250)

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until every queued cell has run (or Run All stopped at an error)."""
        self.page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        self.page.wait_for_function(
            """panel => {
                const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
                const status = panel.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status;
                return status === 'idle' && !prompts.includes('[*]:') && prompts.some(p => /^\\[\\d+\\]:$/.test(p));
            }""",
            arg=self.panel.element_handle(),
            timeout=RUN_ALL_TIMEOUT * 1000,
            polling=250,
        )

    def wait_for_widgets(self) -> None:
        """Give the widget views time to render and load their images (no failure here: the tests judge)."""
        try:
            self.page.wait_for_function(
                """([panel, selector, expected]) => {
                    const outputs = [...panel.querySelectorAll(selector)];
                    if (expected !== null && outputs.length < expected) return false;
                    return outputs.every(o => { const img = o.querySelector('img.widget-image');
                                                return img && img.complete && img.naturalWidth > 0; });
                }""",
                arg=[self.panel.element_handle(), WIDGET_OUTPUT, self.expected_explorers],
                timeout=WIDGET_RENDER_TIMEOUT * 1000,
                polling=250,
            )
        except Exception:
            pass

    def close(self) -> None:
        """Close the tab without saving; the server shuts the kernel down."""
        if self._kernel is not None:
            self._kernel.close()
            self._kernel = None
        self.lab.dismiss_dialogs()
        tab = self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=self.name)
        if tab.count():
            tab.locator(".lm-TabBar-tabCloseIcon").click()
            discard = self.page.locator(".jp-Dialog button", has_text=re.compile(r"^(Discard|Don't Save)$"))
            try:
                discard.wait_for(timeout=5_000)
                discard.click()
            except Exception:
                pass
            self.panel.wait_for(state="detached", timeout=30_000)
        self.lab.server.shut_down_all_kernels()

    # -- what the tests look at ---------------------------------------------------------
    def error_and_stderr_outputs(self) -> list[str]:
        """'cell N, <mime type>: <text>' for every error or stderr output shown (tracebacks show as stderr)."""
        return self.panel.evaluate(
            """(panel, mimeTypes) => {
                const found = [];
                panel.querySelectorAll('.jp-Cell').forEach((cell, i) => {
                    for (const output of cell.querySelectorAll('.jp-OutputArea-output')) {
                        if (mimeTypes.includes(output.dataset.mimeType))
                            found.push(`cell ${i + 1}, ${output.dataset.mimeType}: ${output.textContent.slice(0, 500)}`);
                    }
                });
                return found;
            }""",
            list(ERROR_MIME_TYPES),
        )

    def chinese_without_glyphs(self) -> list[str]:
        """'cell N: ...' for every rendered text cell whose Chinese characters all draw alike: the
        missing-glyph box (the font has no Chinese), not the characters. Checked by drawing up to eight
        distinct characters of the cell in its own computed font on a canvas and comparing the pixels."""
        return self.panel.evaluate("""panel => {
                const found = [];
                const canvas = document.createElement('canvas');
                canvas.width = canvas.height = 48;
                const ctx = canvas.getContext('2d', {willReadFrequently: true});
                panel.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown').forEach((cell, i) => {
                    const chars = [...new Set(cell.innerText.match(/[\\u4e00-\\u9fff]/g) || [])].slice(0, 8);
                    if (chars.length < 2) return;
                    const style = getComputedStyle(cell);
                    ctx.font = `32px ${style.fontFamily}`;
                    const drawn = new Set(chars.map(c => {
                        ctx.clearRect(0, 0, 48, 48);
                        ctx.fillText(c, 4, 36);
                        return ctx.getImageData(0, 0, 48, 48).data.join(',');
                    }));
                    if (drawn.size < chars.length) found.push(`cell ${i + 1}: ${chars.join('')} in ${style.fontFamily}`);
                });
                return found;
            }""")

    def pop_ups(self) -> list[str]:
        """The text of every dialog and notification (toast) on the page."""
        return [
            " ".join(element.inner_text().split())[:200]
            for element in self.page.locator(".jp-Dialog, .Toastify__toast").all()
            if element.is_visible()
        ]

    def sideways_outputs(self) -> list[str]:
        """'cell N (kind): ...' for every output that scrolls sideways, or holds something wider than its column
        (the outermost such element is named)."""
        return self.panel.evaluate("""panel => {
                const found = [];
                panel.querySelectorAll('.jp-Cell').forEach((cell, i) => {
                    for (const output of cell.querySelectorAll('.jp-OutputArea-output')) {
                        const right = output.getBoundingClientRect().right + 1;
                        const kind = output.dataset.mimeType || 'widget';
                        const name = el => `<${el.tagName.toLowerCase()} class="${el.className}">`;
                        for (const el of [output, ...output.querySelectorAll('*')]) {
                            const overflow = getComputedStyle(el).overflowX;
                            if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(overflow))
                                found.push(`cell ${i + 1} (${kind}): ${name(el)} scrolls`
                                           + ` ${el.scrollWidth - el.clientWidth} px sideways`);
                            const box = el.getBoundingClientRect();
                            const parent = el === output ? null : el.parentElement.getBoundingClientRect();
                            if (box.width > 0 && box.right > right && !(parent && parent.right > right))
                                found.push(`cell ${i + 1} (${kind}): ${name(el)} ends`
                                           + ` ${Math.round(box.right - right)} px beyond the column`);
                        }
                    }
                });
                return found;
            }""")

    def sideways_code(self) -> list[str]:
        """'cell N, line K (C characters): text' for every line of code wider than its editor (which then scrolls)."""
        return self.panel.evaluate("""async panel => {
                const found = [];
                const cells = [...panel.querySelectorAll('.jp-Cell')];
                for (const [i, cell] of cells.entries()) {
                    const scroller = cell.querySelector('.jp-CodeCell .jp-InputArea-editor .cm-scroller');
                    if (!scroller || scroller.scrollWidth <= scroller.clientWidth + 1) continue;
                    cell.scrollIntoView();  // CodeMirror draws the lines of an editor near the screen
                    await new Promise(requestAnimationFrame);
                    const right = scroller.getBoundingClientRect().left + scroller.clientWidth;
                    const range = document.createRange();
                    cell.querySelectorAll('.cm-line').forEach((line, k) => {
                        range.selectNodeContents(line);
                        if (range.getBoundingClientRect().right > right + 1)
                            found.push(`cell ${i + 1}, line ${k + 1} (${line.textContent.length} characters): `
                                       + line.textContent.trim().slice(0, 70));
                    });
                }
                return found;
            }""")

    def explorers(self):
        """The explorer outputs (widget views), in notebook order, as Playwright locators."""
        outputs = self.panel.locator(WIDGET_OUTPUT)
        return [outputs.nth(i) for i in range(outputs.count())]

    image_update_timeout = IMAGE_UPDATE_TIMEOUT

    @staticmethod
    def image(explorer):
        return explorer.locator(IMAGE).first

    @staticmethod
    def explorer_title(explorer) -> str:
        header = explorer.locator(".widget-html").first
        return header.inner_text().strip() if header.count() else explorer.inner_text()[:80].strip()

    def image_digest(self, image) -> str:
        """SHA-256 of the bytes behind the image's current src (a blob: URL)."""
        return image.evaluate("""async img => {
                const bytes = await (await fetch(img.src)).arrayBuffer();
                const digest = await crypto.subtle.digest('SHA-256', bytes);
                return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
            }""")

    def move_first_control(self, explorer) -> str:
        """Move the explorer's first control one step by keyboard (a slider) or pick the next option
        (a drop-down); returns what was done, e.g. 'depth: 20 -> 21'."""
        control = explorer.locator(CONTROL).first
        classes = control.get_attribute("class") or ""
        label = control.locator(".widget-label").first.inner_text().strip()
        if "widget-slider" in classes:
            handle = control.locator(".noUi-handle").first
            readout = control.locator(".widget-readout")

            def shown() -> str:
                return readout.inner_text() if readout.count() else handle.get_attribute("aria-valuetext") or "?"

            before, before_position = shown(), handle.get_attribute("aria-valuenow")
            handle.focus()
            self.page.keyboard.press("ArrowRight")
            if handle.get_attribute("aria-valuenow") == before_position:  # already at the maximum
                self.page.keyboard.press("ArrowLeft")
            return f"{label}: {before} -> {shown()} (keyboard)"
        if "widget-dropdown" in classes:
            select = control.locator("select")
            options = select.locator("option").all_inner_texts()
            index = select.evaluate("s => s.selectedIndex")
            select.select_option(index=(index + 1) % len(options))
            return f"{label}: {options[index]} -> {options[(index + 1) % len(options)]} (select)"
        raise AssertionError(f"don't know how to move a control of class {classes!r}; teach tests/browser/conftest.py")

    def wait_for_new_image(self, image, old_src: str, timeout: float = IMAGE_UPDATE_TIMEOUT) -> bool:
        try:
            self.page.wait_for_function(
                "([img, old]) => img.src !== old && img.complete && img.naturalWidth > 0",
                arg=[image.element_handle(), old_src],
                timeout=timeout * 1000,
                polling=50,
            )
            return True
        except Exception:
            return False

    def kernel(self) -> Kernel:
        """A client of this notebook's kernel (see `Kernel`), connected on first use."""
        if self._kernel is None:
            path = self.relative.as_posix()
            sessions = [s for s in self.lab.server.api("GET", "sessions") if s.get("path") == path]
            assert sessions, f"no kernel session for {path}"
            self._kernel = Kernel(self.lab.server.runtime_dir / f"kernel-{sessions[0]['kernel']['id']}.json")
        return self._kernel

    @staticmethod
    def first_slider(explorer):
        """The explorer's first slider (a drop-down is not dragged), or None."""
        sliders = explorer.locator(".widget-slider")
        return sliders.first if sliders.count() else None

    def drag_slider(self, explorer, slider, seconds: float = DRAG_SECONDS) -> Drag:
        """Drag `slider` as a person does: press its handle, sweep to the left end, to the right end and
        back to 40% of the track in small moves over `seconds`, let go. New images are counted in the
        page (every change of the image's src) from just before the press until `read_images`."""
        handle = slider.locator(".noUi-handle").first
        readout = slider.locator(".widget-readout").first
        drag = Drag(slider.locator(".widget-label").first.inner_text().strip(), readout.inner_text().strip())
        handle.scroll_into_view_if_needed()
        box, track = handle.bounding_box(), slider.locator(".noUi-base").first.bounding_box()
        assert box and track, f"{drag.control}: the slider is not on the page"
        y, start = box["y"] + box["height"] / 2, box["x"] + box["width"] / 2
        left, right = track["x"] + 1, track["x"] + track["width"] - 1
        legs = [(start, left), (left, right), (right, left + 0.4 * (right - left))]
        lengths = [abs(b - a) for a, b in legs]
        self.image(explorer).evaluate("""img => {
                img.__newImages = [];
                img.__observer?.disconnect();
                img.__observer = new MutationObserver(records => {
                    for (const record of records) img.__newImages.push(performance.now());
                });
                img.__observer.observe(img, {attributes: true, attributeFilter: ['src']});
            }""")
        readout.evaluate("""readout => {
                readout.__values = [];
                readout.__observer?.disconnect();
                readout.__texts = [];
                readout.__observer = new MutationObserver(() => {
                    readout.__values.push(performance.now());
                    readout.__texts.push(readout.textContent.trim());
                });
                readout.__observer.observe(readout, {characterData: true, childList: true, subtree: true});
            }""")
        drag.readout = readout
        moves = max(20, int(seconds / 0.04))  # a pointer event every ~40 ms, as a hand's drag sends them
        self.page.mouse.move(start, y)
        self.page.mouse.down()
        drag.down_ms = self.page.evaluate("performance.now()")
        drag.origin_ms = self.page.evaluate("performance.timeOrigin")
        began = time.monotonic()
        for k in range(1, moves + 1):
            along, leg = k / moves * sum(lengths), 0
            while leg < len(legs) - 1 and along > lengths[leg]:
                along -= lengths[leg]
                leg += 1
            a, b = legs[leg]
            self.page.mouse.move(a + (b - a) * min(1.0, along / max(lengths[leg], 1e-9)), y)
            wait = began + k / moves * seconds - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        drag.up_ms = self.page.evaluate("performance.now()")
        self.page.mouse.up()
        drag.moves = moves
        return drag

    def read_images(self, explorer, drag: Drag) -> Drag:
        """Fill in `drag`'s new images and readout changes so far."""
        drag.image_ms = self.image(explorer).evaluate("img => img.__newImages || []")
        drag.value_ms = drag.readout.evaluate("readout => readout.__values || []") if drag.readout else []
        drag.value_texts = drag.readout.evaluate("readout => readout.__texts || []") if drag.readout else []
        return drag

    def console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions since this notebook was opened."""
        return self.lab.console[self._console_start :]

    def screenshot(self, label: str) -> Path | None:
        """The whole notebook, top to bottom, in one picture: screenshots/<notebook>.<label>.png
        (only with INITVIZ_SCREENSHOTS=1)."""
        if not SCREENSHOTS_WANTED:
            return None
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{self.label}.{label}.png"
        scroller = self.panel.locator(".jp-WindowedPanel-outer")
        hidden = scroller.evaluate("s => s.scrollHeight - s.clientHeight")
        viewport = self.page.viewport_size
        self.page.set_viewport_size({"width": viewport["width"], "height": min(viewport["height"] + hidden, 30_000)})
        try:
            self.page.wait_for_function(
                "s => s.scrollHeight - s.clientHeight <= 1", arg=scroller.element_handle(), timeout=5_000
            )
        except Exception:
            pass
        self.panel.screenshot(path=path)
        self.page.set_viewport_size(viewport)
        return path

    def screenshot_explorer(self, explorer, number: int, label: str) -> Path | None:
        """One explorer: screenshots/<notebook>.<label>.explorer-<number>.png (only with INITVIZ_SCREENSHOTS=1)."""
        if not SCREENSHOTS_WANTED:
            return None
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{self.label}.{label}.explorer-{number}.png"
        explorer.scroll_into_view_if_needed()
        box = explorer.bounding_box()
        pad = 8  # a little of the page around it: a label that touches the edge shows whole, a clipped one clipped
        self.page.screenshot(
            path=path,
            full_page=True,
            clip={
                "x": box["x"] - pad,
                "y": box["y"] - pad,
                "width": box["width"] + 2 * pad,
                "height": box["height"] + 2 * pad,
            },
        )
        return path


@pytest.fixture(scope="module", params=course_notebooks(), ids=notebook_id)
def notebook(request: pytest.FixtureRequest, lab: JupyterLabPage):
    """A course notebook after Run All in a fresh kernel (screenshot: <name>.1-after-run-all.png)."""
    yield from _run_all(LabNotebook(lab, request.param))


@pytest.fixture(scope="module")
def explorer_notebook(lab: JupyterLabPage, jupyterlab: LabServer):
    """`every_explorer.ipynb` after Run All: every explorer at its defaults, `explorers[name]` in the kernel."""
    yield from _run_all(LabNotebook(lab, jupyterlab.root / EXPLORER_NOTEBOOK, Path(EXPLORER_NOTEBOOK)))


def _run_all(nb: LabNotebook):
    for old in SCREENSHOTS.glob(f"{nb.label}.*.png"):  # no stale picture of an earlier run
        old.unlink()
    try:
        nb.open()
        nb.wait_for_kernel()
        nb.run_all()
        nb.wait_for_widgets()
        nb.screenshot("1-after-run-all")
    except Exception:
        _save_failure_screenshot(nb)
        _close_or_reload(nb)
        raise
    yield nb
    _close_or_reload(nb)


def _save_failure_screenshot(nb: LabNotebook, label: str = "failed") -> None:
    try:
        SCREENSHOTS.mkdir(exist_ok=True)
        nb.page.screenshot(path=SCREENSHOTS / f"{nb.label}.{label}.png")
    except Exception:
        pass


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed browser test leaves a picture of the page: screenshots/<notebook>.failed-<test>.png."""
    report = yield
    nb = getattr(item, "funcargs", {}).get("notebook")
    if report.when == "call" and report.failed and isinstance(nb, LabNotebook):
        _save_failure_screenshot(nb, f"failed-{item.originalname}")
    return report


def _close_or_reload(nb: LabNotebook) -> None:
    """Close the notebook; if the page is stuck, shut the kernels down and reload JupyterLab."""
    try:
        nb.close()
    except Exception:
        nb.lab.server.shut_down_all_kernels()
        nb.lab.load()
