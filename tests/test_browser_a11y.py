"""Every page in en/fr/zh, offline: it runs without an exception, the router names the pages,
nothing is fetched from the internet, and axe-core (vendored from the npm registry by
scripts/vendor_axe.py, checked against its pinned sha512) finds no serious or critical
violation of WCAG 2.1 A/AA, which includes text contrast of at least 4.5:1. English pages are
saved as full-page screenshots to look at."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from browser import (
    CHROMIUM_ARGS,
    SCREENSHOTS,
    chromium_or_skip,
    keep_screenshot,
    offline_context,
    served_app,
    sidebar_link,
    visit_pages,
    wait_until_still,
)

from regiondash.i18n import t

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA512 = "sha512-5j5ln5gG165b1AiZBDsIcaUGLFRCsBs/Gj7fXq9Qv1w6cQSnJGMpO0rRt3xmGg1OQOhQ3sid6dbs5wqME6mvFw=="  # noqa: E501
RUN_AXE = """
async () => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: '
                                                   + (n.failureSummary || '').slice(0, 160))}));
}
"""


def test_the_vendored_axe_is_the_pinned_file():
    digest = base64.b64encode(hashlib.sha512(AXE.read_bytes()).digest()).decode()
    assert f"sha512-{digest}" == AXE_SHA512


@pytest.fixture(scope="module")
def app_page():
    executable = chromium_or_skip()
    SCREENSHOTS.mkdir(exist_ok=True)
    from playwright.sync_api import sync_playwright

    with served_app() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context, external = offline_context(browser, base, {"width": 1280, "height": 900})
        yield base, context.new_page(), external
        browser.close()


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_every_page_runs_offline_with_no_serious_accessibility_violation(app_page, lang):
    base, page, external = app_page
    script = AXE.read_text(encoding="utf-8")
    found = {}
    for spec in visit_pages(page, base, lang):
        assert page.locator('[data-testid="stException"]').count() == 0, spec.url_path
        assert page.locator("h1").first.is_visible(), spec.url_path
        wait_until_still(page)  # charts finish their first draw
        # The router ran: the sidebar lists the pages by their titles, not by file names.
        assert sidebar_link(page, t("nav.institutions", lang)).count() == 1, spec.url_path
        if lang == "en":
            keep_screenshot(page, f"{spec.url_path}.png", full_page=True)
        page.add_script_tag(content=script)
        violations = page.evaluate(RUN_AXE)
        if violations:
            found[spec.url_path] = violations
            page.screenshot(path=str(SCREENSHOTS / f"a11y-{spec.url_path}-{lang}.png"))
    assert not [url for url in external if not url.startswith("data:")], external
    if found:  # the whole list, for whoever fixes it (the assertion message is cut)
        (SCREENSHOTS / f"a11y-{lang}.json").write_text(json.dumps(found, indent=1))
    assert not found, found
