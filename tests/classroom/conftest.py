"""Fixtures of the classroom tests: real hubs on loopback.

The hub needs the `classroom` extra (JupyterHub, the idle culler) and the proxy from npm:
`make classroom-setup` installs both (CI runs it). Where they are missing the tests are
skipped with that advice, except in CI (CI=true), where a missing piece fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from classroom_hubs import MEM_LIMIT, PASSWORD, Hub, missing_pieces, start_hub


@pytest.fixture(scope="session")
def classroom_installed() -> None:
    missing = missing_pieces()
    if missing:
        message = f"the classroom server needs {', '.join(missing)}: run `make classroom-setup`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def hub(classroom_installed: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A hub with a class password, small per-student caps and the default idle timeout."""
    yield from start_hub(
        tmp_path_factory,
        {"CLASSROOM_PASSWORD": PASSWORD, "CLASSROOM_MEM_LIMIT": str(MEM_LIMIT), "CLASSROOM_CPU_LIMIT": "1"},
    )
