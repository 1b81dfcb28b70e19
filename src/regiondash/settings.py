"""Every setting of the app, with its default and help; the only reader of the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env_var(self) -> str:
        return f"REGIONDASH_{self.name.upper()}"


SETTINGS = {
    setting.name: setting
    for setting in (
        Setting(
            "data_dir", str(PROJECT_ROOT / "data"), "Folder holding datapackage.json and geo/."
        ),
        Setting("chromium", "/usr/bin/chromium", "Chromium binary used by browser tests."),
        Setting(
            "require_browser",
            "0",
            "1 makes browser tests fail instead of skipping when Chromium is missing (CI sets it).",
        ),
        Setting(
            "tile_url",
            "",
            "Optional online basemap tile URL template ({z}/{x}/{y}); empty keeps maps offline.",
        ),
        Setting(
            "database_url",
            "",
            "SQLAlchemy URL of the store (postgresql+psycopg://user@host/db for a shared "
            "deployment); empty: the SQLite file var/regiondash.sqlite, filled from data/.",
        ),
        Setting(
            "require_postgres",
            "0",
            "1: PostgreSQL store tests fail instead of skipping when it is missing (CI sets it).",
        ),
    )
}


def get(name: str) -> str:
    """Value of a setting: its environment variable when set, else its default."""
    setting = SETTINGS[name]
    return os.environ.get(setting.env_var, setting.default)


def data_dir() -> Path:
    """Folder of the curated Data Package."""
    return Path(get("data_dir"))
