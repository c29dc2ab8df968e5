"""The README's set-up commands exist and agree: make (Linux, macOS), course.py (Windows), the Makefile and CI."""

import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
_spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)


def first_shell_block() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.M))


def test_the_readme_opens_with_the_two_commands():
    assert first_shell_block() == ["make lab", "make test"]


def test_both_commands_are_makefile_targets_that_set_up_the_venv_first():
    text = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "execute"):
        assert target in makefile_targets()
        assert re.search(rf"^{target}: \$\(STAMP\)", text, re.M), f"make {target} does not depend on the set-up"


def test_ci_runs_the_readmes_test_command():
    ci = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    assert "make test" in ci


def test_ci_requires_the_browser_tests_instead_of_skipping_them():
    assert "INITVIZ_REQUIRE_BROWSER=1" in (ROOT / ".ci/run").read_text()


# ---------------------------------------------------------------- Windows: course.py, which the Makefile calls


def windows_block() -> list[str]:
    block = re.search(r"```powershell\n(.*?)```", README, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def makefile_variables() -> dict[str, str]:
    return dict(re.findall(r"^([A-Z_]+)\s*[:?]?=\s*(.*?)\s*$", (ROOT / "Makefile").read_text(), re.M))


def expand(value: str, variables: dict[str, str]) -> str:
    """A Makefile value with its $(VARIABLES) replaced, as make would (unset ones are empty)."""
    while match := re.search(r"\$\((\w+)\)", value):
        value = value.replace(match.group(0), variables.get(match.group(1), ""))
    return value


def test_the_windows_commands_are_the_make_commands_through_course_py():
    assert windows_block() == [line.replace("make ", "py course.py ") for line in first_shell_block()]


def test_every_command_the_readme_gives_for_windows_exists_in_course_py():
    for line in windows_block():
        done = subprocess.run([sys.executable, "course.py", line.split()[-1], "--help"], cwd=ROOT, capture_output=True)
        assert done.returncode == 0, line


def test_make_setup_lab_and_test_call_course_py():
    text = (ROOT / "Makefile").read_text()
    assert re.search(r"^\$\(STAMP\): pyproject.toml constraints.txt\n\t\$\(PYTHON\) course.py setup$", text, re.M)
    assert re.search(r"^lab: \$\(STAMP\)\n\t\$\(PYTHON\) course.py lab$", text, re.M)
    assert re.search(
        r"^test: \$\(STAMP\)\n\t\$\(PYTHON\) course.py test --workers \$\(WORKERS\) \$\(PYTEST_ARGS\)$", text, re.M
    )
    assert makefile_variables()["STAMP"] == "$(VENV)/" + course.STAMP_NAME


def test_make_nbval_and_make_browser_run_the_two_phases_of_make_test():
    variables = {**makefile_variables(), "WORKERS": "auto", "PYTEST_ARGS": "-x"}
    nbval, browser = course.pytest_commands(PurePosixPath(".venv/bin/python"), "auto", ["-x"])
    assert shlex.split(expand("$(NBVAL_RUN)", variables)) == nbval
    assert shlex.split(expand("$(BROWSER_RUN)", variables)) == browser


# ---------------------------------------------------------------- where it runs: the README's table, checked in CI


def test_ci_checks_the_platforms_before_the_tests():
    ci = [line.split("#")[0].strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    assert "platforms" in makefile_targets()
    assert ci.index("make platforms") < ci.index("make test")


def test_the_readmes_platform_table_promises_the_pythons_of_requires_python():
    header = re.search(r"^\| platform \| Python (.*) \| download \|$", README, re.M).group(1)
    pythons = [column.strip() for column in header.split("|")]
    clauses = course.requires_python((ROOT / "pyproject.toml").read_text())
    assert pythons == course.supported_minors(clauses)
    assert f"You need Python {', '.join(pythons[:-1])} or {pythons[-1]}" in README


def test_the_readmes_platform_table_has_a_row_per_checked_platform_and_every_cell_resolves():
    spec = importlib.util.spec_from_file_location("check_platforms", ROOT / "scripts" / "check_platforms.py")
    check = importlib.util.module_from_spec(spec)
    sys.modules["check_platforms"] = check  # dataclasses look their module up while the class is built
    spec.loader.exec_module(check)
    table = README[README.index("| platform | Python") :].split("\n\n")[0].splitlines()[2:]
    assert len(table) == sum(platform.supported for platform in check.PLATFORMS)
    for row in table:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1:-1] == ["yes"] * (len(cells) - 2), row
