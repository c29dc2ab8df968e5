"""The licences say who may do what with which part, and CITATION.cff says how to cite the course."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HOLDER = "The initviz course contributors"


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_the_code_is_under_mit_with_the_contributors_as_holder():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and f"Copyright (c) 2026 {HOLDER}" in text
    assert "Permission is hereby granted, free of charge" in text


def test_the_package_metadata_says_mit_too():
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"


def test_the_text_and_figures_are_under_cc_by_4_with_its_full_legal_code():
    text = (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert HOLDER in text and "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    assert "Creative Commons Attribution 4.0 International Public License" in text
    for section in range(1, 9):  # the legal code's eight sections, all there
        assert f"Section {section} -- " in text, section


def test_citation_cff_has_the_keys_cff_1_2_requires():
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"] and cff["title"]
    assert cff["authors"] == [{"name": HOLDER}]


def test_citation_cff_names_both_licences_and_a_real_date():
    cff = citation()
    assert cff["license"] == ["MIT", "CC-BY-4.0"]
    assert isinstance(cff["date-released"], datetime.date)
    assert str(cff["version"]) == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
