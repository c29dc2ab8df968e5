"""scripts/check_platforms.py (make platforms): how it reads uv's answers and when it fails.

The resolutions themselves need the package index; CI runs them (`make platforms` in .ci/run). These tests feed
the script uv's own messages, as uv 0.13.8 printed them for this project's pins.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("check_platforms", ROOT / "scripts" / "check_platforms.py")
check = importlib.util.module_from_spec(_spec)
sys.modules["check_platforms"] = check  # dataclasses look their module up while the class is built
_spec.loader.exec_module(check)

LINUX, WINDOWS, INTEL_MAC = (next(p for p in check.PLATFORMS if p.label.startswith(s)) for s in
                             ("Linux x86_64", "Windows x86_64", "macOS x86_64"))  # fmt: skip

NUMPY_ON_310 = """error: No solution found when resolving dependencies
  cause: Because numpy==2.4.6 has no usable wheels and initviz depends on numpy==2.4.6, we can conclude that your
  requirements are unsatisfiable.

hint: Wheels are required for `numpy` because building from source is disabled for all packages
"""
SOUPSIEVE_ON_3110 = """error: No solution found when resolving dependencies
  cause: Because the requested Python version (>=3.11) does not satisfy Python>=3.11.5 and soupsieve==4.1.3 depends
  on Python>=3.11.5, we can conclude that soupsieve==4.1.3 cannot be used.
"""
TORCH_ON_INTEL_MAC = """error: No solution found when resolving dependencies
  cause: Because torch==2.13.0 has no wheels with a matching platform tag (e.g., `macosx_15_0_x86_64`) and initviz
  depends on torch==2.13.0, we can conclude that your requirements are unsatisfiable.
"""
TORCH_ON_315 = """error: No solution found when resolving dependencies
  cause: Because torch==2.13.0 has no wheels with a matching Python ABI tag (e.g., `cp315`) and initviz depends on
  torch==2.13.0, we can conclude that your requirements are unsatisfiable.
"""
YANKED = """Resolved 119 packages in 1.19s
warning: `soupsieve==3.0.1` is yanked (reason: "Python < 3.11.5 has broken possessive quantifiers in re")
"""


def test_the_supported_pythons_are_the_minor_versions_requires_python_admits():
    assert check.supported_pythons(SpecifierSet(">=3.11,<3.15")) == ["3.11", "3.12", "3.13", "3.14"]


def test_a_requires_python_above_a_first_release_leaves_that_minor_version_out():
    assert check.supported_pythons(SpecifierSet(">=3.11.5,<3.13")) == ["3.12"]


def test_the_neighbours_are_one_minor_version_either_side():
    assert check.neighbour_pythons(["3.11", "3.12", "3.13", "3.14"]) == ["3.10", "3.15"]


def test_the_checked_pythons_are_pyprojects():
    assert check.supported_pythons(check.requires_python()) == ["3.11", "3.12", "3.13", "3.14"]


@pytest.mark.parametrize(
    ("stderr", "python", "reason"),
    [
        (NUMPY_ON_310, "3.10", "numpy==2.4.6: no wheel for Python 3.10"),
        (SOUPSIEVE_ON_3110, "3.11", "soupsieve==4.1.3 needs Python >=3.11.5"),
        (TORCH_ON_INTEL_MAC, "3.11", "torch==2.13.0: no wheel for macosx_15_0_x86_64"),
        (TORCH_ON_315, "3.15", "torch==2.13.0: no wheel for cp315"),
    ],
)
def test_uvs_explanation_is_cut_to_its_first_reason(stderr, python, reason):
    assert check.why_not(stderr, python) == reason


def test_an_unknown_explanation_keeps_uvs_own_words():
    assert check.why_not("error: Failed to fetch: `https://example.invalid/simple/torch/`", "3.12").startswith(
        "Failed to fetch"
    )


def test_a_yanked_pin_is_found_in_uvs_warnings():
    assert check.yanked(YANKED) == ["soupsieve==3.0.1"]


def test_the_download_counts_the_first_wheel_of_each_package_or_its_sdist():
    lock = {
        "packages": [
            {"name": "charset-normalizer", "wheels": [{"size": 150_000}, {"size": 50_000}]},
            {"name": "oldpkg", "sdist": {"size": 7_000}},
        ]
    }
    assert check.download_sizes(lock) == {"charset-normalizer": 150_000, "oldpkg": 7_000}


def test_the_cuda_share_of_the_linux_download_is_torch_and_its_nvidia_cuda_and_triton_wheels():
    result = check.Result(LINUX, "3.11", ok=True, sizes={
        "torch": 527_000_000, "nvidia-cublas": 423_000_000, "triton": 198_000_000, "cuda-bindings": 8_000_000,
        "numpy": 17_000_000,
    })  # fmt: skip
    text = check.linux_download(result)
    assert "1,173 MB of wheels in all" in text and "the 3 CUDA packages it pulls in (629 MB)" in text
    assert "are 1,156 MB of it" in text


def test_a_supported_platform_that_fails_on_a_supported_python_fails_the_check():
    results = [
        check.Result(LINUX, "3.11", ok=False, reason="soupsieve==4.1.3 needs Python >=3.11.5"),
        check.Result(WINDOWS, "3.11", ok=True),
    ]
    assert check.failures(results, ["3.11"]) == results[:1]


def test_what_is_not_promised_never_fails_the_check_and_is_noted_when_it_resolves():
    results = [
        check.Result(LINUX, "3.10", ok=False, reason="numpy==2.4.6: no wheel for Python 3.10"),
        check.Result(INTEL_MAC, "3.11", ok=True),
    ]
    assert check.failures(results, ["3.11"]) == []
    assert check.surprises(results, ["3.11"]) == results[1:]


def test_the_table_has_a_row_per_supported_platform_and_marks_the_pythons_outside_the_promise():
    results = [check.Result(p, py, ok=True, sizes={"torch": 2_000_000}) for p in check.PLATFORMS
               for py in ("3.10", "3.11")]  # fmt: skip
    lines = check.table(results, ["3.11"], ["3.10"]).splitlines()
    assert lines[0] == "| platform | Python 3.10 (not promised) | Python 3.11 |"
    assert len(lines) == 2 + sum(p.supported for p in check.PLATFORMS)
    assert lines[2] == f"| {LINUX.label} | yes, 2 MB | yes, 2 MB |"


def test_macos_is_resolved_for_the_oldest_macos_its_wheels_must_run_on():
    macs = {p.label: p.macos for p in check.PLATFORMS if "apple-darwin" in p.target}
    assert macs["macOS 14+ arm64 (Apple silicon)"] == "14.0" and macs["macOS 13 arm64"] == "13.0"


def test_uv_reads_only_metadata_for_the_target_and_never_fetches_an_interpreter(tmp_path):
    command = check.uv_command(WINDOWS, "3.13", tmp_path / "pylock.toml")
    assert command[:5] == [sys.executable, "-m", "uv", "pip", "compile"]
    assert {"--no-build", "--no-python-downloads", "--no-config"} <= set(command)
    assert command[command.index("--python-platform") + 1] == "x86_64-pc-windows-msvc"
    assert command[command.index("--python-version") + 1] == "3.13"
    assert command[command.index("-c") + 1] == "constraints.txt" and "dev" in command
