"""Which stored figures changed: compare every notebook's PNG outputs with a git revision.

    python scripts/compare_images.py [REV] [NOTEBOOK ...]

REV defaults to HEAD; notebooks default to every notebook under notebooks/. For each
notebook it prints "identical" or, per changed figure, the cell and the share of pixels
that differ: what a refactor that promises pixel-identical figures must show.
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image


def images(notebook: dict) -> list[tuple[int, str]]:
    """(cell index, base64 PNG) of every image output, in order."""
    return [
        (i, out["data"]["image/png"])
        for i, cell in enumerate(notebook["cells"])
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]


def pixels(data: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))


def differences(old: dict, new: dict) -> list[str]:
    """One line per figure that differs between two versions of a notebook."""
    a, b = images(old), images(new)
    found = [f"{len(a)} figures before, {len(b)} now"] if len(a) != len(b) else []
    for (_, x), (cell, y) in zip(a, b):
        if x == y:
            continue
        px, py = pixels(x), pixels(y)
        if px.shape != py.shape:
            found.append(f"cell {cell}: size {px.shape[1]}x{px.shape[0]} -> {py.shape[1]}x{py.shape[0]}")
        elif (px != py).any():
            found.append(f"cell {cell}: {(px != py).any(-1).mean():.4%} of pixels differ")
    return found


def main(argv: list[str]) -> int:
    rev = argv[0] if argv else "HEAD"
    paths = [Path(p) for p in argv[1:]] or sorted(Path("notebooks").rglob("[0-9][0-9]_*.ipynb"))
    changed = 0
    for path in paths:
        shown = subprocess.run(["git", "show", f"{rev}:{path.as_posix()}"], capture_output=True, text=True)
        if shown.returncode:
            print(f"{path}: new since {rev}")
            continue
        found = differences(json.loads(shown.stdout), json.loads(path.read_text(encoding="utf-8")))
        changed += bool(found)
        print(f"{path}: " + ("identical" if not found else "; ".join(found)))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
