"""The department's path, checked as far as this machine allows: repo2docker's input, Z2JH values, nbgitpuller links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from classroom.links import nbgitpuller_link, repo_folder
from classroom.settings import parse_size

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "classroom" / "z2jh" / "values.yaml"

# Every key path values.yaml may set: each is in Zero to JupyterHub's values.schema.yaml (chart 4.x, JupyterHub
# 5.5), which forbids unknown keys; a typo here would make `helm upgrade` refuse the file.
Z2JH_KEYS = {
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.defaultUrl",
    "singleuser.lifecycleHooks.postStart",
    "singleuser.extraEnv",
    "singleuser.memory.guarantee",
    "singleuser.memory.limit",
    "singleuser.cpu.guarantee",
    "singleuser.cpu.limit",
    "singleuser.storage.capacity",
    "singleuser.startTimeout",
    "hub.config",
    "cull.enabled",
    "cull.users",
    "cull.timeout",
    "cull.every",
    "cull.maxAge",
    "prePuller.hook.enabled",
    "scheduling.userScheduler.enabled",
}
# Free-form below these: Kubernetes' lifecycle hook, environment variables, traitlets configuration.
FREE_FORM = ("singleuser.lifecycleHooks.postStart", "singleuser.extraEnv", "hub.config")


def leaf_paths(tree: dict, prefix: str = "") -> set[str]:
    paths = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in FREE_FORM:
            paths |= leaf_paths(value, f"{path}.")
        else:
            paths.add(path)
    return paths


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text())


def test_z2jh_values_set_only_keys_of_the_charts_schema(values: dict):
    assert leaf_paths(values) <= Z2JH_KEYS


def test_z2jh_values_guarantee_no_more_than_they_limit(values: dict):
    memory, cpu = values["singleuser"]["memory"], values["singleuser"]["cpu"]
    assert 0 < parse_size(memory["guarantee"]) <= parse_size(memory["limit"])
    assert 0 < cpu["guarantee"] <= cpu["limit"]


def test_z2jh_values_cull_idle_servers_but_keep_the_students(values: dict):
    assert values["cull"]["enabled"] is True and values["cull"]["users"] is False
    assert 0 < values["cull"]["every"] <= values["cull"]["timeout"]


def test_z2jh_values_open_the_copy_that_the_start_hook_makes(values: dict):
    copy = " ".join(values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"])
    made = re.search(r"mkdir -p ~/(\S+)", copy)
    assert made, copy
    folder = made.group(1)
    assert "cp -rn" in copy  # -n: a student's own changes are never overwritten
    assert values["singleuser"]["defaultUrl"] == f"/lab/tree/{folder}/notebooks/00_start_here.ipynb"


def test_z2jh_values_turn_terminals_off_and_give_no_default_password(values: dict):
    config = values["hub"]["config"]
    assert config["KubeSpawner"]["args"] == ["--ServerApp.terminals_enabled=False"]
    assert "SharedPasswordAuthenticator" not in config  # given at install time with --set, never in the file


def test_repo2docker_finds_environment_yml_at_the_root_and_nothing_that_overrides_it():
    assert (ROOT / "environment.yml").is_file()
    # binder/ or .binder/ would hide the root's files, a Dockerfile would replace the conda build pack
    assert not any((ROOT / name).exists() for name in ("binder", ".binder", "Dockerfile"))


def test_repo2docker_can_read_the_python_version_and_the_pip_section():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert re.fullmatch(r"python=3\.\d+", next(d for d in conda if d.startswith("python")))
    assert "pip" in conda  # conda installs the pip section only with pip itself listed
    # relative references resolve from the repository's root, where repo2docker runs `mamba env update`
    assert "-c constraints.txt" in pip and (ROOT / "constraints.txt").is_file()
    assert "-e ." in pip and (ROOT / "pyproject.toml").is_file()
    assert any(d.startswith("jupyterhub==") for d in pip)  # jupyterhub-singleuser, for a hub's image


def test_an_nbgitpuller_link_pulls_the_repository_and_opens_00():
    link = nbgitpuller_link("hub.example.edu", "https://github.com/example/initviz-course")
    assert link == (
        "https://hub.example.edu/hub/user-redirect/git-pull?"
        "repo=https%3A%2F%2Fgithub.com%2Fexample%2Finitviz-course"
        "&urlpath=lab/tree/initviz-course/notebooks/00_start_here.ipynb&branch=main"
    )


def test_an_nbgitpuller_link_round_trips_through_a_url_parser():
    link = nbgitpuller_link("https://hub.example.edu/", "https://gitlab.example.edu/teach/course.git", branch="fall")
    parsed = urlparse(link)
    assert (parsed.netloc, parsed.path) == ("hub.example.edu", "/hub/user-redirect/git-pull")
    assert parse_qs(parsed.query) == {
        "repo": ["https://gitlab.example.edu/teach/course.git"],
        "urlpath": ["lab/tree/course/notebooks/00_start_here.ipynb"],
        "branch": ["fall"],
    }
    assert repo_folder("https://gitlab.example.edu/teach/course.git") == "course"


def test_an_nbgitpuller_link_refuses_what_is_not_a_git_url():
    with pytest.raises(ValueError, match="repo='initviz-course'"):
        nbgitpuller_link("hub.example.edu", "initviz-course")
