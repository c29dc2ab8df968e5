"""A real classroom hub on loopback refuses whoever and whatever does not belong (see classroom/README.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from classroom_hubs import MEM_LIMIT, Hub, logged_in_with_server

from classroom.client import Kernel, KernelError, Student
from classroom.settings import DEFAULT_URL

pytestmark = pytest.mark.usefixtures("classroom_installed")


@pytest.fixture(scope="module")
def alice(hub: Hub) -> Student:
    return logged_in_with_server(hub, "alice")


@pytest.fixture(scope="module")
def bob(hub: Hub) -> Student:
    return logged_in_with_server(hub, "bob")


@pytest.fixture(scope="module")
def alices_kernel(alice: Student) -> Iterator[Kernel]:
    kernel = alice.open_kernel("notebooks/00_start_here.ipynb")
    yield kernel
    kernel.close()


def test_a_wrong_class_password_does_not_log_in(hub: Hub):
    intruder = hub.student("mallory", password="not-the-class-password")
    response = intruder.log_in()
    assert response.status_code == 403
    assert not intruder.logged_in()


def test_pages_send_a_visitor_without_a_login_to_the_login_page(hub: Hub):
    response = requests.get(f"{hub.url}/hub/home", allow_redirects=False, timeout=30)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/hub/login")


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/hub/api/users"),
        ("GET", "/hub/api/users/alice"),
        ("POST", "/hub/api/users/alice/server"),
        ("POST", "/hub/api/users"),
        ("GET", "/hub/api/services"),
    ],
)
def test_the_hub_api_refuses_calls_without_credentials(hub: Hub, method: str, path: str):
    response = requests.request(method, f"{hub.url}{path}", timeout=30)
    assert response.status_code in (401, 403)


def test_a_students_server_opens_their_own_copy_of_the_course_at_00(hub: Hub, alice: Student):
    response = alice.session.get(f"{hub.url}/user/alice/", timeout=60)
    assert response.status_code == 200
    assert response.url.endswith(f"/user/alice{DEFAULT_URL}")
    copy = hub.state / "students" / "alice" / "notebooks" / "00_start_here.ipynb"
    assert copy.is_file()
    assert alice.read_notebook("notebooks/00_start_here.ipynb")["cells"]


def test_a_students_changes_stay_in_their_own_copy(hub: Hub, alice: Student, bob: Student):
    note = {"type": "file", "format": "text", "content": "alice's notes"}
    assert alice.api("PUT", "/user/alice/api/contents/notebooks/notes.txt", json=note).status_code in (200, 201)
    assert (hub.state / "students" / "alice" / "notebooks" / "notes.txt").read_text() == "alice's notes"
    assert bob.api("GET", "/user/bob/api/contents/notebooks/notes.txt").status_code == 404


def test_a_student_cannot_open_another_students_server_in_the_browser(hub: Hub, alice: Student, bob: Student):
    response = alice.session.get(f"{hub.url}/user/bob/lab", timeout=60)
    assert response.status_code == 403


def test_a_student_cannot_reach_another_students_files_or_kernels_by_api(hub: Hub, alice: Student, bob: Student):
    for path in ("/user/bob/api/contents/notebooks", "/user/bob/api/kernels", "/user/bob/api/sessions"):
        assert alice.api("GET", path).status_code in (403, 404), path


def test_a_student_cannot_start_or_stop_another_students_server(hub: Hub, alice: Student, bob: Student):
    assert alice.api("DELETE", "/hub/api/users/bob/server").status_code in (403, 404)
    assert alice.api("POST", "/hub/api/users/carol/server").status_code in (403, 404)
    assert alice.api("GET", "/hub/api/users").status_code == 403


def test_terminals_are_off(alice: Student):
    assert alice.api("POST", "/user/alice/api/terminals").status_code == 404
    assert alice.api("GET", "/user/alice/api/terminals").status_code == 404
    assert alice.session.get(f"{alice.hub_url}/user/alice/terminals/1", timeout=30).status_code == 404


def test_each_kernel_has_the_memory_cap(alices_kernel: Kernel):
    limit = alices_kernel.evaluate({"data": "__import__('resource').getrlimit(__import__('resource').RLIMIT_DATA)"})
    assert limit["data"] == (MEM_LIMIT, MEM_LIMIT)


def test_an_allocation_beyond_the_cap_fails_and_the_kernel_lives_on(alices_kernel: Kernel):
    with pytest.raises(KernelError, match="MemoryError"):
        alices_kernel.execute(f"too_big = bytearray({MEM_LIMIT})")
    assert alices_kernel.evaluate({"alive": "1 + 1"})["alive"] == 2


def test_a_student_is_pinned_to_their_share_of_the_cores_at_lower_priority(alices_kernel: Kernel):
    facts = alices_kernel.evaluate(
        {
            "cores": "len(__import__('os').sched_getaffinity(0))",
            "niceness": "__import__('os').nice(0)",
            "threads": "__import__('os').environ['OMP_NUM_THREADS']",
        }
    )
    assert facts == {"cores": 1, "niceness": 5, "threads": "1"}
