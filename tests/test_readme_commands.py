"""The README's two set-up commands exist, and CI runs the README's test command."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
