"""Fifty sessions at once on every page of the served app: every run ends without an error and
each session costs little memory.

A bounded run of scripts/load.py over loopback. Its times are printed (pytest -s), not asserted:
speed is measured by the script on demand, not by a test that would flake on a busy machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

from regiondash.pages import PAGES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import load

SESSIONS = 50
MAX_MB_PER_SESSION = 10


def test_fifty_sessions_on_every_page_get_their_content_without_an_error():
    pages = [spec.url_path for spec in PAGES]
    # A 3 s pause between runs: enough to hold every session open and busy, while the browser
    # tests running beside it in CI keep some of the machine.
    result = load.measure(SESSIONS, seconds=15, pages=pages, pause=3.0, ramp=5.0)
    load.report(result)
    assert result.connected == SESSIONS
    assert result.errors == []
    assert len(result.times) >= SESSIONS * 2  # sessions ran pages, not only connected
    assert result.mb_per_session <= MAX_MB_PER_SESSION
