"""Every page in en/fr/zh, in one walk per language, on a copy of the data with an injection
payload in every free-text cell (tests/hostile.py):
- it runs offline without an exception, and the router names the pages;
- axe-core (vendored from the npm registry by scripts/vendor_axe.py, checked against its pinned
  sha512) finds no serious or critical violation of WCAG 2.1 A/AA, which includes text contrast
  of at least 4.5:1;
- with popovers and expanders opened and the map hovered and clicked, nothing runs, and no data
  value becomes a link, an image, SVG, a formula, a colour or a heading.

One walk does both: a walk costs Chromium seconds of CPU per page (a fresh page, charts, the
software-drawn map), and the hostile copy has every row and page element of the shipped data.
"""

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
    new_page,
    offline_context,
    served_app,
    sidebar_link,
    visit_pages,
    wait_for_app,
    wait_for_deck,
    wait_until_still,
)
from conftest import DATA_DIR
from hostile import PAYLOADS, RENDERED_MARKUP, hostile_copy

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

# Runs in every frame of the page; returns what it found, as readable strings.
FIND_LIVE_DATA = r"""
(markup) => {
  const found = [];
  if (window.__pwned !== undefined) found.push('script ran: __pwned=' + window.__pwned);
  const bad = (value) => {
    const v = (value || '').toLowerCase().replace(/[\s\u0000-\u001f]/g, '');
    if (v.startsWith('#')) return false;  // a heading's own anchor (its slug may quote data)
    if (v.startsWith('data:image/')) return false;  // plotly's raster of a heatmap
    // Source links (http(s) addresses of sources.url) are links by design; the markdown
    // payloads' addresses (pwn.example/<digit>) must never become one.
    return v.startsWith('javascript:') || v.startsWith('data:text') || /pwn\.example\/\d/.test(v)
      || (!v.startsWith('http') && v.includes('pwn'));
  };
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const urlish = ['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'srcdoc'];
      if (name.startsWith('on') && attr.value.toLowerCase().includes('pwn')) {
        found.push(`handler from data: <${el.tagName} ${name}="${attr.value.slice(0, 60)}">`);
      } else if (urlish.includes(name) && bad(attr.value)) {
        found.push(`address from data: <${el.tagName} ${name}="${attr.value.slice(0, 60)}">`);
      }
    }
    const tag = el.tagName.toLowerCase();
    const text = (el.textContent || '').trim();
    if (['script', 'style', 'iframe', 'object', 'embed', 'marquee',
         'base', 'meta', 'video', 'img'].includes(tag)
        && el.outerHTML.toLowerCase().includes('pwn')) {
      found.push(`element from data: ${el.outerHTML.slice(0, 80)}`);
    }
    // A plotly label's lines are <tspan>s of one <text>: a wrapped line of "…##<br>PWN59 heading"
    // is the shown text cut, not markdown rendered; the whole <text> is checked instead.
    if (tag !== 'tspan' && markup.includes(text)) found.push(`rendered markup: <${tag}>${text}`);
  }
  for (const formula of document.querySelectorAll('.katex, .katex-display')) {
    if ((formula.textContent || '').includes('PWN')) found.push('formula from data');
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href').trim().toLowerCase();
    if (href.startsWith('javascript:')) found.push(`javascript: link ${href.slice(0, 60)}`);
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    data_dir = tmp_path_factory.mktemp("hostile") / "data"
    hostile_copy(DATA_DIR, data_dir)
    SCREENSHOTS.mkdir(exist_ok=True)
    with (
        served_app(env={"REGIONDASH_DATA_DIR": str(data_dir)}) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context, external = offline_context(browser, base, {"width": 1280, "height": 900})
        page = new_page(context)
        dialogs: list[str] = []

        def refuse(dialog):
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", refuse)
        yield base, page, dialogs, external
        browser.close()


def live_data(page) -> list[str]:
    """What the check found in every frame of the page."""
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate(FIND_LIVE_DATA, RENDERED_MARKUP)
        except Exception as error:  # a frame navigating away while checked
            if "detached" not in str(error) and "destroyed" not in str(error):
                raise
    return found


def open_everything(page) -> list[str]:
    """Open each popover and expander in turn, checking while each is open."""
    found = []
    for toggle in page.locator('[data-testid="stExpander"] summary').all()[:12]:
        if toggle.is_visible():  # not one in a tab that is not shown
            toggle.click()
    for button in page.locator('[data-testid="stPopover"] button').all()[:8]:
        button.click()
        page.wait_for_timeout(300)
        found += live_data(page)
        page.keyboard.press("Escape")
    return found


def hover_and_click_the_map(page) -> None:
    canvas = wait_for_deck(page)
    box = canvas.bounding_box()
    for column in range(1, 6):
        for row in range(1, 4):
            page.mouse.move(
                box["x"] + box["width"] * column / 6, box["y"] + box["height"] * row / 4
            )
            page.wait_for_timeout(60)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_app(page, still=False)  # the click's run is over (charts may still draw)


def test_the_vendored_axe_is_the_pinned_file():
    digest = base64.b64encode(hashlib.sha512(AXE.read_bytes()).digest()).decode()
    assert f"sha512-{digest}" == AXE_SHA512


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 50
    kinds = ["<script", "onerror", "javascript:", "<svg", "](", "![", "\\color", ":red[", "\u202e"]
    assert all(any(kind in p for p in PAYLOADS) for kind in kinds)
    assert max(len(p) for p in PAYLOADS) >= 10_000


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_every_page_is_accessible_offline_and_runs_no_payload(hostile_app, lang):
    base, page, dialogs, external = hostile_app
    axe = AXE.read_text(encoding="utf-8")
    problems, violations = [], {}
    for spec in visit_pages(page, base, lang):
        assert page.locator('[data-testid="stException"]').count() == 0, spec.url_path
        assert page.locator("h1").first.is_visible(), spec.url_path
        wait_until_still(page)  # charts finish their first draw
        # The router ran: the sidebar lists the pages by their titles, not by file names.
        assert sidebar_link(page, t("nav.institutions", lang)).count() == 1, spec.url_path
        page.add_script_tag(content=axe)
        if found := page.evaluate(RUN_AXE):
            violations[spec.url_path] = found
            page.screenshot(path=str(SCREENSHOTS / f"a11y-{spec.url_path}-{lang}.png"))
        if spec.url_path == "map" and lang == "en":
            hover_and_click_the_map(page)
        found = live_data(page) + open_everything(page)
        if lang == "en":
            keep_screenshot(page, f"hostile-{spec.url_path}.png")
        problems += [f"{spec.url_path}?lang={lang}: {item}" for item in found]
    assert not external, external
    assert not dialogs, dialogs
    assert not problems, sorted(set(problems))[:30]
    if violations:  # the whole list, for whoever fixes it (the assertion message is cut)
        (SCREENSHOTS / f"a11y-{lang}.json").write_text(json.dumps(violations, indent=1))
    assert not violations, violations
