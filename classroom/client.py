"""A simulated student: logs in through the hub, starts their server, opens a notebook, runs it, moves a slider.

It speaks what a browser speaks: the hub's login form (with its XSRF cookie), the hub
REST API, the Jupyter server's REST API and the kernel websocket (the same messages
JupyterLab sends, a widget's `comm_msg` included). The tests use it to check the
refusals against a real hub; benchmarks/classroom.py runs many of them at once.
"""

from __future__ import annotations

import ast
import json
import struct
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests
import websocket

TIMEOUT = 300.0  # seconds; a bound on every wait, so that a broken server fails the run instead of hanging it


class KernelError(RuntimeError):
    """A cell raised in the kernel, or the kernel did not answer in time."""


@dataclass
class RunAll:
    """What one Run All of a notebook cost, measured in the kernel and at the student's end."""

    notebook: str
    seconds: float  # wall time from the first cell sent to the last cell's reply
    cpu_seconds: float  # the kernel's CPU time (user + system) over the Run All
    rss_bytes: int  # the kernel's resident memory after it
    peak_rss_bytes: int  # the kernel's highest resident memory so far (VmHWM)


@dataclass
class Student:
    """One student at a browser, as seen by the hub: a name, a password and a cookie jar."""

    hub_url: str  # e.g. http://127.0.0.1:8000 (no trailing slash)
    name: str
    password: str
    verify: bool | str = True  # for HTTPS with a certificate of the room's own: its path
    session: requests.Session = field(default_factory=requests.Session)
    token: str | None = None

    def url(self, path: str) -> str:
        return f"{self.hub_url}{path}"

    def log_in(self) -> requests.Response:
        """Post the login form as a browser does; the response is the page the hub then shows."""
        self.session.get(self.url("/hub/login"), timeout=30, verify=self.verify).raise_for_status()
        form = {"username": self.name, "password": self.password, "_xsrf": self.session.cookies.get("_xsrf", "")}
        return self.session.post(
            self.url("/hub/login"), data=form, timeout=60, allow_redirects=False, verify=self.verify
        )

    def logged_in(self) -> bool:
        return any(
            cookie.name.startswith("jupyterhub-session-id") or cookie.name == "jupyterhub-hub-login"
            for cookie in self.session.cookies
        )

    def request_token(self) -> str:
        """An API token of the student's own, asked for with the login cookie (what the hub's token page does)."""
        response = self.session.post(
            self.url(f"/hub/api/users/{self.name}/tokens"),
            json={"note": "classroom client"},
            headers={"X-XSRFToken": self.session.cookies.get("_xsrf", path="/hub/") or ""},
            timeout=30,
            verify=self.verify,
        )
        response.raise_for_status()
        self.token = response.json()["token"]
        return self.token

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A call with the student's token, to the hub (/hub/api/...) or to a server (/user/...)."""
        headers = {"Authorization": f"token {self.token}"} if self.token else {}
        return requests.request(
            method, self.url(path), headers=headers, timeout=kwargs.pop("timeout", 60), verify=self.verify, **kwargs
        )

    def start_server(self, timeout: float = TIMEOUT) -> float:
        """Ask the hub for the student's server and wait until it answers; returns the seconds it took."""
        start = time.perf_counter()
        response = self.api("POST", f"/hub/api/users/{self.name}/server")
        if response.status_code not in (201, 202, 400):  # 400: already running
            response.raise_for_status()
        while time.perf_counter() - start < timeout:
            model = self.api("GET", f"/hub/api/users/{self.name}").json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - start
            if not server or not server.get("pending"):
                if time.perf_counter() - start > 5:
                    raise RuntimeError(f"{self.name}'s server did not start: {model}")
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}'s server did not start in {timeout} s")

    def stop_server(self) -> None:
        self.api("DELETE", f"/hub/api/users/{self.name}/server").raise_for_status()

    def server_path(self, path: str) -> str:
        return f"/user/{self.name}/{path.lstrip('/')}"

    def read_notebook(self, path: str) -> dict:
        """The notebook's JSON from the student's own copy, through the server's contents API."""
        response = self.api("GET", self.server_path(f"api/contents/{path}"))
        response.raise_for_status()
        return response.json()["content"]

    def open_kernel(self, notebook_path: str) -> Kernel:
        """A session for the notebook (as JupyterLab opens one), with its kernel's websocket connected."""
        model = {"path": notebook_path, "type": "notebook", "name": "", "kernel": {"name": "python3"}}
        response = self.api("POST", self.server_path("api/sessions"), json=model)
        response.raise_for_status()
        kernel_id = response.json()["kernel"]["id"]
        ws_url = self.url(self.server_path(f"api/kernels/{kernel_id}/channels")).replace("http", "ws", 1)
        sslopt = {"ca_certs": self.verify} if isinstance(self.verify, str) else {}
        header = [f"Authorization: token {self.token}"]
        connection = websocket.create_connection(ws_url, header=header, timeout=TIMEOUT, sslopt=sslopt)
        kernel = Kernel(connection, kernel_id)
        kernel.execute("pass")  # the first reply: the kernel is up
        return kernel

    def run_all(self, kernel: Kernel, notebook_path: str) -> RunAll:
        """Run every code cell of the notebook in order, as Run All does; stops at the first error."""
        cells = [cell for cell in self.read_notebook(notebook_path)["cells"] if cell["cell_type"] == "code"]
        before = kernel.probe()
        start = time.perf_counter()
        for cell in cells:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            kernel.execute(source)
        seconds = time.perf_counter() - start
        after = kernel.probe()
        return RunAll(notebook_path, seconds, after["cpu"] - before["cpu"], int(after["rss"]), int(after["peak"]))


# Measured inside the kernel, by user_expressions (they print nothing and leave no output).
_PROBE = {
    "cpu": "sum(__import__('os').times()[:2])",
    "rss": "int(open('/proc/self/statm').read().split()[1]) * __import__('os').sysconf('SC_PAGE_SIZE')",
    "peak": "int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]) * 1024",
}


class Kernel:
    """A kernel reached through the server's websocket (Jupyter's JSON-over-websocket protocol)."""

    def __init__(self, connection: websocket.WebSocket, kernel_id: str) -> None:
        self.connection = connection
        self.id = kernel_id
        self.session = uuid.uuid4().hex

    def close(self) -> None:
        self.connection.close()

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self.session,
            "username": "student",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "version": "5.3",
        }
        self.connection.send(
            json.dumps(
                {
                    "header": header,
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def receive(self, deadline: float) -> dict:
        self.connection.settimeout(max(0.1, deadline - time.perf_counter()))
        frame = self.connection.recv()
        if isinstance(frame, bytes):  # a message with binary buffers: offsets, then the JSON, then the buffers
            count = struct.unpack("!I", frame[:4])[0]
            offsets = struct.unpack(f"!{count}I", frame[4 : 4 + 4 * count])
            end = offsets[1] if count > 1 else len(frame)
            return json.loads(frame[offsets[0] : end].decode())
        return json.loads(frame)

    def execute(self, code: str, user_expressions: dict | None = None, timeout: float = TIMEOUT) -> dict:
        """Run code; return the execute_reply's content once the kernel is idle again. Raises on an error."""
        msg_id = self.send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": user_expressions or {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        deadline = time.perf_counter() + timeout
        reply, idle = None, False
        while reply is None or not idle:
            if time.perf_counter() > deadline:
                raise KernelError(f"no reply in {timeout} s to {code[:60]!r}")
            message = self.receive(deadline)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "execute_reply":
                reply = message["content"]
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                idle = True
        if reply["status"] != "ok":
            raise KernelError(f"{reply.get('ename')}: {reply.get('evalue')} in {code[:60]!r}")
        return reply

    def evaluate(self, expressions: dict[str, str]) -> dict[str, Any]:
        """Python values of expressions evaluated in the kernel (via user_expressions: no output, no history)."""
        results = self.execute("", user_expressions=expressions)["user_expressions"]
        values = {}
        for key, result in results.items():
            if result["status"] != "ok":
                raise KernelError(f"{key}: {result.get('ename')}: {result.get('evalue')}")
            values[key] = ast.literal_eval(result["data"]["text/plain"])
        return values

    def probe(self) -> dict[str, float]:
        return self.evaluate(_PROBE)

    def set_widget(self, model_id: str, state: dict, image_id: str, timeout: float = 60.0) -> float:
        """Send a control's new state as the front end does; seconds until the image widget's new value arrives."""
        start = time.perf_counter()
        self.send("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}})
        deadline = start + timeout
        while time.perf_counter() < deadline:
            message = self.receive(deadline)
            if message["header"]["msg_type"] != "comm_msg" or message["content"].get("comm_id") != image_id:
                continue
            data = message["content"]["data"]
            if data.get("method") == "update" and (
                ["value"] in data.get("buffer_paths", []) or "value" in data.get("state", {})
            ):
                return time.perf_counter() - start
        raise KernelError(f"no new image within {timeout} s")
