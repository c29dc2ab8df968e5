"""environment.yml, pyproject.toml and constraints.txt name the same packages, at agreeing versions."""

import importlib.util
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {canonical(r.name): r for r in map(Requirement, reqs)}


def environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"\s*-\s+([A-Za-z0-9_.\-]+)==([^\s#]+)", line)
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


def constraint_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonical(name)] = version
    return pins


def test_environment_yml_lists_exactly_the_packages_of_pyproject():
    assert set(environment_pins()) == set(pyproject_requirements())


def test_environment_yml_pins_what_constraints_txt_pins():
    constraints = constraint_pins()
    assert {n: constraints.get(n) for n in environment_pins()} == environment_pins()


def test_every_pyproject_range_admits_the_constrained_version():
    constraints = constraint_pins()
    for name, req in pyproject_requirements().items():
        assert name in constraints, f"{name} is a dependency but has no exact pin in constraints.txt"
        assert req.specifier.contains(constraints[name], prereleases=True), (name, str(req.specifier))


def test_every_constraint_is_an_exact_pin():
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        assert not line or re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][^\s]*", line), line


def test_torch_is_pinned_exactly_everywhere():
    assert str(pyproject_requirements()["torch"].specifier) == "==2.13.0"
    assert constraint_pins()["torch"] == "2.13.0"
    assert environment_pins()["torch"] == "2.13.0"


def test_environment_yml_installs_the_course_package_with_the_constraints():
    text = (ROOT / "environment.yml").read_text()
    assert "- pip\n" in text and "-c constraints.txt" in text and "- -e ." in text


# ---------------------------------------------------------------- the Pythons: one range, everywhere


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def promised_pythons() -> list[str]:
    """The minor versions requires-python admits, as make platforms checks them."""
    check = _load("check_platforms", ROOT / "scripts" / "check_platforms.py")
    return check.supported_pythons(check.requires_python())


def test_requires_python_promises_3_11_to_3_14():
    assert promised_pythons() == ["3.11", "3.12", "3.13", "3.14"]


def test_course_py_reads_requires_python_as_the_platform_check_does():
    course = _load("course", ROOT / "course.py")
    assert course.supported_minors(course.requires_python((ROOT / "pyproject.toml").read_text())) == promised_pythons()


def test_environment_yml_python_is_one_the_platform_check_covers():
    python = re.search(r"^\s*-\s+python\s*=\s*([\d.]+)\s*$", (ROOT / "environment.yml").read_text(), re.M).group(1)
    assert python in promised_pythons()


def test_ruff_and_mypy_check_the_code_against_the_oldest_promised_python():
    tools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    oldest = promised_pythons()[0]
    assert tools["ruff"]["target-version"] == "py" + oldest.replace(".", "")
    assert tools["mypy"]["python_version"] == oldest
