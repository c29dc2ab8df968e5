"""With per-student accounts (a roster), each student logs in with their own password and nobody else's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from classroom_hubs import Hub, start_hub

from classroom.roster import read_roster, write_roster

pytestmark = pytest.mark.usefixtures("classroom_installed")


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    path = tmp_path_factory.mktemp("roster") / "roster.txt"
    write_roster(path, 2)
    return read_roster(path) | {"path": str(path)}


@pytest.fixture(scope="module")
def roster_hub(
    classroom_installed: None, tmp_path_factory: pytest.TempPathFactory, roster: dict[str, str]
) -> Iterator[Hub]:
    yield from start_hub(tmp_path_factory, {"CLASSROOM_ROSTER": roster["path"], "CLASSROOM_PASSWORD": ""})


def test_a_student_on_the_roster_logs_in_with_their_own_password(roster_hub: Hub, roster: dict):
    student = roster_hub.student("student01", roster["student01"])
    assert student.log_in().status_code == 302
    assert student.logged_in()
    student.request_token()
    assert student.api("GET", "/hub/api/users/student01").json()["name"] == "student01"


def test_another_students_password_does_not_log_in(roster_hub: Hub, roster: dict):
    impostor = roster_hub.student("student01", roster["student02"])
    assert impostor.log_in().status_code == 403
    assert not impostor.logged_in()


def test_a_name_not_on_the_roster_does_not_log_in(roster_hub: Hub, roster: dict):
    stranger = roster_hub.student("student03", roster["student01"])
    assert stranger.log_in().status_code == 403
    assert not stranger.logged_in()
