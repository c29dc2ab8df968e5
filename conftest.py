"""How `make test` shares the suite between pytest-xdist workers.

What must stay together goes to one worker as one group: a notebook's cells (nbval runs
them in order in one kernel), one notebook's browser tests (they share its Run All), a test
module (its module fixtures). Groups are queued longest first, so that the two cores finish
together instead of one waiting on a late long group. Without xdist this only sets the order,
which no test depends on.

The groups are computed from node ids by our own scheduler: xdist's `--dist loadgroup` writes
`xdist_group` marks into `item._nodeid`, which pytest 9.2 no longer reads, so the marks are
silently lost and a notebook's cells land on both workers (pytest-xdist issue #1386).
"""

from __future__ import annotations

import re

import pytest

# Rough cost of a group in seconds on the 2-core machine (benchmarks/ measures the real ones).
# Only the order matters; a group not named here is a small unit-test module.
BROWSER_NOTEBOOK_COST = 12.0
NOTEBOOK_COST = 8.0
MODULE_COSTS = {
    # every explorer's Run All, then each dragged for 2.5 s and checked (a group without parameter)
    "tests/browser/test_explorers_in_browser.py": 45.0,
    "tests/test_site.py": 18.0,
    "tests/test_figures_perf_behaviour.py": 8.0,
    "tests/test_course_cli.py": 6.0,  # starts JupyterLab through course.py lab
    # the classroom tests each start a real JupyterHub and students' servers
    "tests/classroom/test_hub_refusals.py": 25.0,
    "tests/classroom/test_hub_culler.py": 18.0,
    "tests/classroom/test_hub_roster.py": 8.0,
    "tests/classroom/test_hub_https.py": 6.0,
}
# Modules whose every parameter (a notebook, run in a kernel of its own) is a group of its own.
PER_PARAMETER_MODULES = {"tests/test_student_notebooks_run.py": 5.0}
SMALL_MODULE_COST = 1.0

_PARAMETER = re.compile(r"\[(?P<id>[^\]]*)\]$")


def group_of(nodeid: str) -> str:
    """The group a test runs in: its file, or for a browser test (or a module of PER_PARAMETER_MODULES)
    its file and parameter."""
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/") or path in PER_PARAMETER_MODULES:
        parameter = _PARAMETER.search(nodeid)
        return f"{path}[{parameter['id']}]" if parameter else path
    return path


def cost_of(group: str) -> float:
    if group in MODULE_COSTS:
        return MODULE_COSTS[group]
    if group.endswith(".ipynb"):
        return NOTEBOOK_COST
    if group.startswith("tests/browser/"):
        return BROWSER_NOTEBOOK_COST
    if group.split("[", 1)[0] in PER_PARAMETER_MODULES:
        return PER_PARAMETER_MODULES[group.split("[", 1)[0]]
    return MODULE_COSTS.get(group, SMALL_MODULE_COST)


@pytest.hookimpl(trylast=True)  # after pytest has put the items of each fixture parameter together
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first_seen.setdefault(group_of(item.nodeid), index)

    def longest_first(item: pytest.Item) -> tuple[float, int]:
        group = group_of(item.nodeid)
        return -cost_of(group), first_seen[group]

    items.sort(key=longest_first)  # stable: the order within a group stays


@pytest.hookimpl(optionalhook=True)  # the hook exists only where pytest-xdist is installed
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Send whole groups (see `group_of`) to workers, in the collected order."""
    if config.getvalue("dist") == "each":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    config.option.loadscopereorder = False  # keep our longest-first order, not xdist's by test count
    return GroupScheduling(config, log)
