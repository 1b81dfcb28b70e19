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


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _over(text: str, background: str, alpha: float) -> str:
    """`text` drawn at `alpha` opacity over `background`."""
    mixed = [
        round(alpha * int(text[i : i + 2], 16) + (1 - alpha) * int(background[i : i + 2], 16))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def test_captions_keep_a_contrast_of_4_5_on_both_backgrounds():
    theme = _config()["theme"]
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        caption = _over(theme["textColor"], background, 0.6)  # Streamlit's faded caption text
        light, dark = sorted((_luminance(background), _luminance(caption)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (caption, background)
