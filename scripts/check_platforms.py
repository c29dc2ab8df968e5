"""Does the pinned environment install on every platform and Python the README promises?

For each platform and each Python that `requires-python` admits, resolves pyproject's `[dev]` extra with the exact
pins of constraints.txt, as pip would for a student on that machine:

    uv pip compile pyproject.toml --extra dev -c constraints.txt --no-build \
        --python-platform TARGET --python-version 3.X --format pylock.toml

Only the package index's metadata is read (no wheel is downloaded), and only wheels count (`--no-build`: a
student's laptop has no compilers); a yanked pin fails too. Prints a table platform x Python, each cell "yes" with
the size of the download or "no" with the reason, then what the Linux download is made of. Exits 1 when a supported
platform fails on a supported Python. The Pythons just outside `requires-python` and the platforms known to be
unsupported are checked too; they never fail the check (a note says when one starts to resolve).

    python scripts/check_platforms.py [--jobs 4]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
# Wheels that only torch's CUDA build needs: what a CPU-only course downloads for nothing on Linux.
CUDA_PACKAGE = re.compile(r"^(nvidia-.*|cuda-.*|triton)$")
# How uv explains that --offline lacked something in its cache (then the resolution is repeated online).
OFFLINE_MISS = re.compile(r"network|cache", re.IGNORECASE)


@dataclass(frozen=True)
class Platform:
    """A kind of student machine: how uv names it, and whether the course promises to work there."""

    label: str
    target: str
    macos: str | None = None  # MACOSX_DEPLOYMENT_TARGET: the oldest macOS the wheels must run on
    supported: bool = True


PLATFORMS = (
    Platform("Linux x86_64 (glibc 2.28+)", "x86_64-manylinux_2_28"),
    Platform("Linux aarch64 (glibc 2.28+)", "aarch64-manylinux_2_28"),
    Platform("macOS 14+ arm64 (Apple silicon)", "aarch64-apple-darwin", macos="14.0"),
    Platform("Windows x86_64", "x86_64-pc-windows-msvc"),
    Platform("macOS 13 arm64", "aarch64-apple-darwin", macos="13.0", supported=False),
    Platform("macOS x86_64 (Intel)", "x86_64-apple-darwin", macos="15.0", supported=False),
    Platform("Windows arm64", "aarch64-pc-windows-msvc", supported=False),
)


@dataclass
class Result:
    """One resolution: did it succeed, and what would be downloaded (bytes per package), or why not."""

    platform: Platform
    python: str
    ok: bool
    reason: str = ""
    sizes: dict[str, int] = field(default_factory=dict)

    @property
    def download(self) -> int:
        return sum(self.sizes.values())


def requires_python() -> SpecifierSet:
    """pyproject.toml's `requires-python`."""
    return SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])


def supported_pythons(spec: SpecifierSet) -> list[str]:
    """The minor versions 3.X whose first release 3.X.0 the specifier admits, e.g. ['3.11', ..., '3.14']."""
    return [f"3.{minor}" for minor in range(8, 30) if spec.contains(f"3.{minor}.0")]


def neighbour_pythons(pythons: Sequence[str]) -> list[str]:
    """The minor version just below the supported range and the one just above it."""
    lowest, highest = (int(p.split(".")[1]) for p in (pythons[0], pythons[-1]))
    return [f"3.{lowest - 1}", f"3.{highest + 1}"]


def uv_command(platform: Platform, python: str, output: Path, *, offline: bool = False) -> list[str]:
    """The `uv pip compile` call that resolves the course's environment for one platform and Python."""
    return [
        sys.executable, "-m", "uv", "pip", "compile", "--no-config", "--no-build",
        # The target Python is only a version number: never look for (or download) such an interpreter.
        "--python", sys.executable, "--no-python-downloads", *(["--offline"] if offline else []),
        "pyproject.toml", "--extra", "dev", "-c", "constraints.txt",
        "--python-platform", platform.target, "--python-version", python,
        "--format", "pylock.toml", "-o", str(output),
    ]  # fmt: skip


def yanked(stderr: str) -> list[str]:
    """The pins that uv warns are yanked: pip installs them, but their authors withdrew them as broken."""
    return re.findall(r"warning: `(\S+)` is yanked", stderr)


def download_sizes(lock: dict[str, Any]) -> dict[str, int]:
    """Bytes per package of a pylock.toml: its first wheel (uv lists the most specific first), else its sdist."""
    sizes = {}
    for package in lock.get("packages", []):
        files = package.get("wheels") or [package.get("sdist") or {}]
        sizes[package["name"]] = int(files[0].get("size", 0))
    return sizes


def why_not(stderr: str, python: str) -> str:
    """The first reason in uv's explanation of a failed resolution on `python`, in a few words."""
    text = " ".join(stderr.split())
    patterns = (
        (r"(\S+==\S+) has no wheels with a matching platform tag \(e\.g\., `([^`]+)`\)", "{0}: no wheel for {1}"),
        (r"(\S+==\S+) has no wheels with a matching Python \w+ tag \(e\.g\., `([^`]+)`\)", "{0}: no wheel for {1}"),
        (r"(\S+==\S+) depends on Python\s*([<>=!~][^\s,]+)", "{0} needs Python {1}"),
        (r"(\S+==\S+) has no usable wheels", "{0}: no wheel for Python " + python),
        (r"(\S+==\S+) was yanked", "{0} was yanked"),
    )
    for pattern, template in patterns:
        match = re.search(pattern, text)
        if match:
            return template.format(*match.groups())
    cause = re.search(r"(?:cause|error): (.*)", text)
    return (cause.group(1) if cause else text or "uv failed")[:100]


def resolve(platform: Platform, python: str, *, cached: bool = False) -> Result:
    """Resolve the environment for one platform and Python from the index's metadata.

    With `cached`, first from uv's cache alone (metadata that an earlier resolution of this run has just fetched
    or revalidated), and online only if something is missing there.
    """
    env = {k: v for k, v in os.environ.items() if k != "MACOSX_DEPLOYMENT_TARGET"}
    if platform.macos:
        env["MACOSX_DEPLOYMENT_TARGET"] = platform.macos
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "pylock.toml"
        for offline in (True, False) if cached else (False,):
            done = subprocess.run(
                uv_command(platform, python, output, offline=offline), cwd=ROOT, env=env,
                stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode == 0 or not OFFLINE_MISS.search(done.stderr):
                break
        if done.returncode != 0:
            return Result(platform, python, ok=False, reason=why_not(done.stderr, python))
        if yanked(done.stderr):
            return Result(platform, python, ok=False, reason=" and ".join(yanked(done.stderr)) + " yanked")
        return Result(platform, python, ok=True, sizes=download_sizes(tomllib.loads(output.read_text())))


def resolve_all(pythons: Sequence[str], outside: Sequence[str], jobs: int) -> list[Result]:
    """Every platform on the oldest supported Python (online), then the supported ones on the other Pythons.

    A platform that is not supported fails on every Python for the same reason (a missing torch wheel), so it is
    resolved once. The first round refreshes uv's cache, so the second runs from it in a fraction of the time.
    """
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        first = list(pool.map(lambda platform: resolve(platform, pythons[0]), PLATFORMS))
        rest = [(p, py) for p in PLATFORMS if p.supported for py in [*pythons[1:], *outside]]
        return first + list(pool.map(lambda combo: resolve(*combo, cached=True), rest))


def cell(result: Result) -> str:
    return f"yes, {result.download / MB:,.0f} MB" if result.ok else f"no: {result.reason}"


def table(results: Iterable[Result], pythons: Sequence[str], outside: Sequence[str]) -> str:
    """A Markdown table: one row per supported platform, one column per Python, outside requires-python marked."""
    by_key = {(r.platform.label, r.python): r for r in results}
    columns = sorted([*pythons, *outside], key=lambda p: int(p.split(".")[1]))
    heads = [f"Python {p}" if p in pythons else f"Python {p} (not promised)" for p in columns]
    lines = ["| platform | " + " | ".join(heads) + " |", "|---" * (len(columns) + 1) + "|"]
    for platform in (p for p in PLATFORMS if p.supported):
        lines.append(f"| {platform.label} | " + " | ".join(cell(by_key[platform.label, p]) for p in columns) + " |")
    return "\n".join(lines)


def unsupported(results: Iterable[Result]) -> str:
    """One line per platform the course does not promise, with the reason."""
    return "\n".join(f"- {r.platform.label}, Python {r.python}: {cell(r)}" for r in results if not r.platform.supported)


def linux_download(result: Result) -> str:
    """What pip downloads on Linux x86_64 from the public index, and how much of it is torch's CUDA build."""
    cuda = {name: size for name, size in result.sizes.items() if CUDA_PACKAGE.match(name)}
    torch = result.sizes.get("torch", 0)
    listed = ", ".join(f"{name} {size / MB:,.0f}" for name, size in sorted(cuda.items(), key=lambda kv: -kv[1]))
    return (
        f"{result.platform.label}, Python {result.python}: {result.download / MB:,.0f} MB of wheels in all; "
        f"torch ({torch / MB:,.0f} MB) and the {len(cuda)} CUDA packages it pulls in "
        f"({sum(cuda.values()) / MB:,.0f} MB) are {(torch + sum(cuda.values())) / MB:,.0f} MB of it.\n"
        f"CUDA packages (MB): {listed}"
    )


def failures(results: Iterable[Result], pythons: Sequence[str]) -> list[Result]:
    """The supported combinations that do not resolve: each one is a promise the README breaks."""
    return [r for r in results if r.platform.supported and r.python in pythons and not r.ok]


def surprises(results: Iterable[Result], pythons: Sequence[str]) -> list[Result]:
    """Combinations outside the promise that resolve after all (a reason to widen it, never a failure)."""
    return [r for r in results if r.ok and (not r.platform.supported or r.python not in pythons)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=4, help="resolutions run at the same time (default 4)")
    args = parser.parse_args(argv)

    spec = requires_python()
    pythons = supported_pythons(spec)
    outside = neighbour_pythons(pythons)
    start = time.monotonic()
    results = resolve_all(pythons, outside, args.jobs)
    seconds = time.monotonic() - start

    print(f"requires-python {spec}: Python {', '.join(pythons)}. Pins of constraints.txt, wheels only.\n")
    print(table(results, pythons, outside) + "\n")
    print("Not supported:\n" + unsupported(results) + "\n")
    linux = next(r for r in results if r.platform == PLATFORMS[0] and r.python == pythons[0])
    if linux.ok:
        print(linux_download(linux) + "\n")
    for result in surprises(results, pythons):
        print(f"note: {result.platform.label} on Python {result.python} resolves now: the promise could widen")
    bad = failures(results, pythons)
    for result in bad:
        print(f"FAIL: {result.platform.label} on Python {result.python}: {result.reason}")
    promised = sum(platform.supported for platform in PLATFORMS) * len(pythons)
    print(f"{promised - len(bad)} of {promised} promised platform x Python combinations resolve "
          f"({len(results)} resolutions in {seconds:.1f} s)")  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
