"""A deep link as the very first request of a new server process (no app.py run before it)."""

from __future__ import annotations

import pytest
from browser import (
    CHROMIUM_ARGS,
    chromium_or_skip,
    new_page,
    served_app,
    sidebar_link,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_a_deep_link_on_a_fresh_server_runs_the_router():
    """The first request of a new server process is a deep link (no app.py run before it):
    it must get the shared frame, not a legacy page without the sidebar."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with served_app() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = new_page(browser, viewport={"width": 1440, "height": 1000})
        page.goto(f"{base}/compare?partner=CA-QC&lang=fr")
        wait_for_app(page)
        assert sidebar_link(page, "Comparer").count() == 1
        assert page.get_by_text("Page introuvable").count() == 0
        assert "partner=CA-QC" in page.url and "lang=fr" in page.url
        browser.close()
