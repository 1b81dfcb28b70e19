"""The served app's Streamlit settings: no tracebacks for visitors, cross-site protections on."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit.config import ShowErrorDetailsConfigOptions

from regiondash.story import MAX_TEXT_CHARS

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_visitors_never_see_error_details():
    shown = _config()["client"]["showErrorDetails"]
    assert shown == ShowErrorDetailsConfigOptions.NONE.value  # a value Streamlit 1.67 knows


def test_xsrf_and_cross_origin_protections_are_on():
    server = _config()["server"]
    assert server["enableXsrfProtection"] is True
    # enableCORS = true is Streamlit's cross-origin *protection*: false would send
    # "Access-Control-Allow-Origin: *" and accept websockets from any site.
    assert server["enableCORS"] is True


def test_uploads_are_capped_near_what_a_story_can_be():
    megabytes = _config()["server"]["maxUploadSize"]
    assert 4 * MAX_TEXT_CHARS <= megabytes * 1024 * 1024 <= 10 * 1024 * 1024
