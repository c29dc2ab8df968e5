"""`make classroom` installs what it needs, and CI installs it before the tests that need it."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_classroom_serves_on_port_8000_by_default_after_installing_its_pieces():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^classroom: PORT \?= 8000$", makefile, re.M)
    assert re.search(r"^classroom: classroom-setup$", makefile, re.M)
    assert "-e '.[dev,classroom]'" in makefile and "npm ci" in makefile


def test_make_test_installs_the_classroom_server_before_its_tests():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^classroom-test: classroom-setup$", makefile, re.M)
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "classroom-test" in test_recipe


def test_the_proxy_is_pinned_exactly_and_locked():
    wanted = json.loads((ROOT / "classroom" / "package.json").read_text())["dependencies"]["configurable-http-proxy"]
    locked = json.loads((ROOT / "classroom" / "package-lock.json").read_text())["packages"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted)
    assert locked["node_modules/configurable-http-proxy"]["version"] == wanted


def test_what_the_classroom_server_writes_is_not_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "classroom/node_modules/" in ignored and "classroom/.state/" in ignored
