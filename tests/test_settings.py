"""Settings: each one is documented in the README and overridable from the environment."""

from __future__ import annotations

from conftest import ROOT

from regiondash import settings


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    undocumented = [s.env_var for s in settings.SETTINGS.values() if s.env_var not in readme]
    assert not undocumented


def test_environment_overrides_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("REGIONDASH_DATA_DIR", str(tmp_path))
    assert settings.data_dir() == tmp_path
