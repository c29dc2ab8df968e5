"""The layers of initviz: compute never imports figures or widgets; the style is not forced on import."""

import subprocess
import sys

import pytest

import initviz
from initviz import explorers

COMPUTE_MODULES = [
    "initviz",
    "initviz.data",
    "initviz.nets",
    "initviz.stats",
    "initviz.recorder",
    "initviz.probe",
    "initviz.training",
    "initviz.theory",
    "initviz.lessons",
]


def _imports_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("module", COMPUTE_MODULES)
def test_a_compute_module_imports_neither_matplotlib_nor_ipywidgets(module):
    loaded = _imports_after(f"import {module}")
    assert not {"matplotlib", "ipywidgets"} & loaded, module


def test_every_lesson_module_is_compute_only():
    # One process imports the lesson modules one after another and names the first that loads a
    # plotting or widget module (a process per module took 55 s on a slow 2-core machine).
    code = (
        "import pkgutil, sys, initviz.lessons as lessons\n"
        "for info in pkgutil.iter_modules(lessons.__path__):\n"
        "    __import__(f'initviz.lessons.{info.name}')\n"
        "    print(info.name, *sorted({'matplotlib', 'ipywidgets'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    import pkgutil

    import initviz.lessons as lessons

    imported = [line.split() for line in out.splitlines()]
    assert [name for name, *_ in imported] == [info.name for info in pkgutil.iter_modules(lessons.__path__)]
    assert [line for line in imported if len(line) > 1] == []  # [module, what it loaded]: the first offender


def test_importing_the_figures_leaves_the_global_rcparams_alone():
    code = (
        "import matplotlib; before = dict(matplotlib.rcParams); import initviz.figures, initviz.explorer; "
        "print(before == dict(matplotlib.rcParams))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_dir_lists_every_explorer_and_public_name():
    listed = dir(initviz)
    assert set(explorers.names()) <= set(listed)
    assert {"mlp", "initialize", "layer_stats", "train", "diagnose", "setup", "figures"} <= set(listed)


def test_the_explorer_registry_matches_the_modules():
    import importlib
    import pkgutil

    found = {}
    for info in pkgutil.iter_modules(explorers.__path__):
        module = importlib.import_module(f"initviz.explorers.{info.name}")
        found.update({name: info.name for name in vars(module) if name.startswith("explore_")})
    assert found == explorers.EXPLORERS
