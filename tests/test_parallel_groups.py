"""How the suite is shared between pytest-xdist workers (the root conftest.py)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
groups = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(groups)


def test_every_cell_of_a_notebook_is_in_the_notebooks_group():
    cells = [f"notebooks/03_xavier_glorot.ipynb::Cell {i}" for i in range(30)]
    assert {groups.group_of(c) for c in cells} == {"notebooks/03_xavier_glorot.ipynb"}


def test_the_browser_tests_of_one_notebook_share_a_group_and_notebooks_do_not():
    module = "tests/browser/test_notebooks_in_browser.py"
    ids = [
        f"{module}::{test}[{nb}]"
        for test in ("test_run_all_shows_no_error_and_no_stderr_output", "test_no_javascript_console_errors")
        for nb in ("00_start_here", "04_he_kaiming")
    ]
    assert sorted({groups.group_of(i) for i in ids}) == [f"{module}[00_start_here]", f"{module}[04_he_kaiming]"]


def test_a_unit_test_module_is_one_group_whatever_its_parameters():
    ids = [
        "tests/test_data.py::test_shapes_and_dtypes[circles]",
        "tests/test_data.py::test_shapes_and_dtypes[xor]",
        "tests/test_data.py::test_same_seed_same_data_other_seed_other_data[moons]",
    ]
    assert {groups.group_of(i) for i in ids} == {"tests/test_data.py"}


def test_the_queue_starts_with_the_longest_groups():
    queue = sorted(
        [
            "tests/test_data.py",
            "notebooks/00_start_here.ipynb",
            "tests/test_site.py",
            "tests/browser/test_notebooks_in_browser.py[00_start_here]",
        ],
        key=lambda g: -groups.cost_of(g),
    )
    assert queue[0] == "tests/test_site.py"
    assert queue[-1] == "tests/test_data.py"


def test_each_student_notebook_runs_in_a_group_of_its_own():
    module = "tests/test_student_notebooks_run.py"
    test = "test_the_student_notebook_runs_top_to_bottom_in_a_fresh_kernel"
    ids = [f"{module}::{test}[{nb}]" for nb in ("00_start_here", "07_putting_it_together")]
    assert sorted(groups.group_of(i) for i in ids) == [f"{module}[00_start_here]", f"{module}[07_putting_it_together]"]
    assert groups.cost_of(f"{module}[00_start_here]") > groups.SMALL_MODULE_COST


def test_the_explorers_browser_module_is_queued_before_any_notebook():
    explorers = groups.cost_of("tests/browser/test_explorers_in_browser.py")
    assert explorers > groups.cost_of("tests/browser/test_notebooks_in_browser.py[00_start_here]")
    assert explorers > groups.cost_of("notebooks/00_start_here.ipynb")
