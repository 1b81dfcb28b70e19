"""Every user-facing string goes through t(), and every key used exists in the catalog."""

from __future__ import annotations

import re

from conftest import ROOT

from regiondash.i18n import catalog, t

KEY_CALL = re.compile(r"""\bt\(\s*(?:f?)["']([a-z_]+(?:\.[a-z_]+)+)["']""")


def used_keys() -> set[str]:
    files = [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "src").rglob("*.py")]
    return {key for f in files for key in KEY_CALL.findall(f.read_text(encoding="utf-8"))}


def test_every_literal_key_is_in_the_english_catalog():
    missing = sorted(key for key in used_keys() if key not in catalog("en"))
    assert not missing, f"keys used in code but missing from en messages.po: {missing}"


def test_placeholders_are_filled():
    assert t("frame.as_of", "en", date="2026-11-24").startswith("Data as of 2026-11-24")


def test_unknown_language_falls_back_to_english():
    assert t("nav.map", "xx") == t("nav.map", "en") == "Map"
