"""The course's JupyterLab defaults: nothing pops up over the first notebook.

JupyterLab reads default settings from `overrides.json` in its application settings
directory, `<prefix>/share/jupyter/lab/settings/` of the Python environment it runs from;
a learner's own settings (Settings menu) still win over them. `write_overrides()` writes
the course's there, keeping whatever else the file holds:

- no "get notified about official Jupyter news?" prompt, and no request for news;
- no check for JupyterLab updates (a request to the internet, and a pop-up).

    python scripts/lab_settings.py             # for the JupyterLab of this Python (what course.py lab runs)
    python scripts/lab_settings.py DIRECTORY   # into DIRECTORY/overrides.json instead
    python scripts/lab_settings.py --locale zh_CN --user-settings DIR
        # also JupyterLab's interface language, as a user setting in DIR (course.py lab --lang zh
        # points JUPYTERLAB_SETTINGS_DIR there, so the English edition keeps its own settings)

Only the standard library: the set-up can call it before anything else is installed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

#: plugin id -> settings, as in JupyterLab's Settings > Settings Editor (JSON view)
OVERRIDES: dict[str, dict[str, object]] = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def settings_dir(prefix: str | os.PathLike | None = None) -> Path:
    """JupyterLab's application settings directory of the environment at `prefix` (default: this Python's)."""
    return Path(prefix if prefix is not None else sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def write_overrides(directory: str | os.PathLike | None = None) -> Path:
    """Merge `OVERRIDES` into `directory`/overrides.json (default: `settings_dir()`); returns the file's path.

    Other plugins' settings in the file, and other settings of the same plugins, are kept;
    the file is rewritten only when something changes.
    """
    path = Path(directory if directory is not None else settings_dir()) / "overrides.json"
    try:
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except ValueError as error:
        raise SystemExit(f"{path} is not valid JSON ({error}); fix or remove it, then run this again") from None
    merged = dict(current)
    for plugin, settings in OVERRIDES.items():
        merged[plugin] = {**current.get(plugin, {}), **settings}
    if merged != current:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as f:
            json.dump(merged, f, indent=2)
            f.write("\n")
        os.replace(f.name, path)
    return path


TRANSLATION = Path("@jupyterlab", "translation-extension", "plugin.jupyterlab-settings")


def write_locale(user_settings: str | os.PathLike, locale: str) -> Path:
    """Set JupyterLab's interface language to `locale` in the user settings folder `user_settings`.

    Other settings in that file are kept; returns the file's path.
    """
    path = Path(user_settings) / TRANSLATION
    try:
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except ValueError as error:
        raise SystemExit(f"{path} is not valid JSON ({error}); fix or remove it, then run this again") from None
    if current.get("locale") != locale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**current, "locale": locale}, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options = {}
    for flag in ("--locale", "--user-settings"):
        if flag in args:
            at = args.index(flag)
            if at + 1 >= len(args):
                print(__doc__, file=sys.stderr)
                return 2
            options[flag] = args[at + 1]
            del args[at : at + 2]
    if len(args) > 1 or (args and args[0].startswith("-")) or len(options) == 1:
        print(__doc__, file=sys.stderr)
        return 2
    write_overrides(args[0] if args else None)
    if options:
        write_locale(options["--user-settings"], options["--locale"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
