"""scripts/lab_settings.py: the course's JupyterLab defaults (no news or update pop-up), merged into overrides.json."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("lab_settings", ROOT / "scripts" / "lab_settings.py")
lab_settings = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(lab_settings)
NOTIFICATION = "@jupyterlab/apputils-extension:notification"


def test_the_news_prompt_and_the_update_check_are_off(tmp_path):
    path = lab_settings.write_overrides(tmp_path)
    assert json.loads(path.read_text())[NOTIFICATION] == {"fetchNews": "false", "checkForUpdates": False}


def test_other_settings_in_the_file_are_kept(tmp_path):
    (tmp_path / "overrides.json").write_text(
        json.dumps(
            {
                "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                NOTIFICATION: {"doNotDisturbMode": True},
            }
        )
    )
    written = json.loads(lab_settings.write_overrides(tmp_path).read_text())
    assert written["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert written[NOTIFICATION] == {"doNotDisturbMode": True, "fetchNews": "false", "checkForUpdates": False}


def test_writing_twice_leaves_the_file_as_it_was(tmp_path):
    path = lab_settings.write_overrides(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    lab_settings.write_overrides(tmp_path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_by_default_it_writes_where_this_pythons_jupyterlab_reads_its_defaults():
    assert lab_settings.settings_dir() == Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def test_a_broken_file_is_named_not_overwritten(tmp_path):
    (tmp_path / "overrides.json").write_text("{not json")
    with pytest.raises(SystemExit, match="overrides.json is not valid JSON"):
        lab_settings.write_overrides(tmp_path)
    assert (tmp_path / "overrides.json").read_text() == "{not json"


def test_the_chinese_edition_sets_the_interface_language_in_its_user_settings(tmp_path):
    assert (
        lab_settings.main([str(tmp_path / "app"), "--locale", "zh_CN", "--user-settings", str(tmp_path / "user")]) == 0
    )
    written = json.loads((tmp_path / "user" / lab_settings.TRANSLATION).read_text())
    assert written == {"locale": "zh_CN"}


def test_a_locale_without_a_settings_folder_is_refused(tmp_path):
    assert lab_settings.main([str(tmp_path), "--locale", "zh_CN"]) == 2
