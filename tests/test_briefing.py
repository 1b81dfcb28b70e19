"""The PDF briefing: figures and sources from the catalog, Chinese as real text, the map image."""

from __future__ import annotations

import ast
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from browser import chromium_or_skip
from pypdf import PdfReader

from regiondash import briefing, settings
from regiondash.briefing import assemble, briefing_content, briefing_pdf, content, render
from regiondash.data import load_catalog
from regiondash.i18n import t
from regiondash.provenance import latest_headcounts

CJK = re.compile(r"[\u4e00-\u9fff]")


def fonts_or_skip() -> None:
    """The Noto CJK collections the PDF embeds; missing ones fail when required (CI), else skip."""
    missing = [str(p) for p in briefing.NOTO_CJK.values() if not p.exists()]
    if not missing:
        return
    message = f"{missing} not found (install Debian's fonts-noto-cjk)"
    if settings.get("require_browser") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def built(catalog):
    """Each briefing the tests read, built once: (region, lang) -> PDF bytes."""
    fonts_or_skip()
    cases = [("CN-ZJ", "en"), ("CN-ZJ", "zh"), ("MA-06", "en")]
    return {case: briefing_pdf(catalog, *case) for case in cases}


def pages(pdf: bytes) -> list[str]:
    """Text of each page, whitespace collapsed (table cells wrap long values)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def compact(text: str) -> str:
    """Text without any whitespace, for URLs that wrap at any character."""
    return "".join(text.split())


def test_zhejiang_briefing_prints_the_catalog_figures(catalog, built):
    text = pages(built[("CN-ZJ", "en")])
    assert len(text) >= 4
    body = " ".join(text)
    assert "Zhejiang University" in body
    assert "Île-de-France – Zhejiang" in text[0]
    assert "November 24, 2026" in text[0]  # catalog.as_of
    latest = latest_headcounts(catalog.headcounts, catalog.sources)
    zju = latest[(latest["institution_id"] == "zju") & (latest["category"] == "students_total")]
    count, year = int(zju["count"].iloc[0]), int(zju["year"].iloc[0])
    assert f"{count:,} ({year})" in body  # 65,821 (2023): the latest year wins
    agreements = catalog.agreements.set_index("id")
    framework = agreements.loc["ups-zju-2018"]
    assert f"2018-06-14 {t('agreement_kind.framework')} {framework['title_en']}" in body
    figures = (
        f"{t('briefing.figure.campuses')} {(catalog.campuses['institution_id'] == 'zju').sum()}"
    )
    assert figures in text[0]  # the first page carries the figures: no near-blank cover


def test_every_mark_points_to_a_listed_source(catalog, built):
    text = pages(built[("CN-ZJ", "en")])
    # The sources section starts on its own page and may run over several.
    first = next(i for i, page in enumerate(text) if t("briefing.sources.intro") in page)
    body, sources = " ".join(text[:first]), " ".join(text[first:])
    listed = [int(n) for n in re.findall(r"\[(\d+)\] ", sources)]
    assert listed == list(range(1, len(listed) + 1))
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body)} <= set(listed)
    titles = catalog.sources.set_index("id")
    cited = ["ups-zju-2018-06", "zju-de-2018-07", "wp-zju", "zj-pop-2023", "cnrs-bj-photonet"]
    for source_id in cited:
        assert " ".join(titles.loc[source_id, "title"].split()) in sources, source_id
        assert compact(titles.loc[source_id, "url"]) in compact(sources), source_id


def test_chinese_briefing_has_chinese_text_not_missing_glyphs(built):
    body = " ".join(pages(built[("CN-ZJ", "zh")]))
    assert "浙江大学" in body and "浙江省" in body  # names printed by the sources
    assert t("briefing.title", "zh") in body
    assert t("briefing.figures.title", "zh") in body
    assert len(CJK.findall(body)) > 100
    assert "\x00" not in body and "\ufffd" not in body


def test_map_page_embeds_the_map_image(built):
    chromium_or_skip()
    for case in [("CN-ZJ", "en"), ("MA-06", "en")]:
        reader = PdfReader(io.BytesIO(built[case]))
        images = reader.pages[0].images
        assert len(images) == 1, case
        width, height = briefing.MAP_SIZE_PX
        assert images[0].image.size == (width * briefing.MAP_SCALE, height * briefing.MAP_SCALE)
        assert t("briefing.map.unavailable") not in reader.pages[0].extract_text()


def test_marker_region_says_not_sourced_instead_of_zero(catalog, built):
    text = pages(built[("MA-06", "en")])
    assert len(text) >= 3
    figures = text[0]
    not_sourced = t("value.not_sourced")
    for key in ("briefing.figure.institutions", "briefing.figure.projects"):
        assert f"{t(key)} {not_sourced}" in figures
    assert "6,861,739 (2014)" in figures and "Casablanca" in figures
    agreement = catalog.agreements.set_index("id").loc["idf-casablanca-settat-2016", "title_en"]
    assert agreement in " ".join(text)
    assert t("briefing.institutions.none") in text[1]


def test_briefing_builds_with_a_note_when_the_map_cannot_be_drawn(catalog, monkeypatch):
    fonts_or_skip()
    monkeypatch.setenv("REGIONDASH_CHROMIUM", "/nonexistent/chromium")
    pdf = briefing_pdf(catalog, "IQ-KRD", "fr", "Régions : 1")
    text = pages(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3 and not reader.pages[0].images
    assert " ".join(t("briefing.map.unavailable", "fr").split()) in text[0]
    assert "Régions : 1" in text[0]


def test_data_text_is_printed_as_plain_text(catalog):
    fonts_or_skip()
    hostile = "**Bold** <b>tag</b> [link](javascript:x) {region}"
    institutions = catalog.institutions.copy()
    institutions.loc[institutions["id"] == "zju", "name_en"] = hostile
    content = assemble(replace(catalog, institutions=institutions), "CN-ZJ", "en", with_map=False)
    assert hostile in " ".join(pages(render(content))[1].split())


@pytest.mark.parametrize("region_id", ["FR-IDF", "XX-YY"])
def test_only_partner_regions_have_a_briefing(catalog, region_id):
    with pytest.raises(ValueError, match=region_id):
        assemble(catalog, region_id, "en", with_map=False)


def test_content_draws_nothing_and_takes_the_map_image_as_given(catalog):
    tree = ast.parse(Path(content.__file__).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    modules = {n.module for n in nodes if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in nodes if isinstance(n, ast.Import) for a in n.names}
    drawing = {"kaleido", "fpdf", "fontTools", "plotly", "streamlit"}
    assert not {m.split(".")[0] for m in modules} & drawing
    drawn = briefing_content(catalog, "CN-ZJ", "en", map_png=b"png")
    assert drawn.map_png == b"png"
    assert replace(drawn, map_png=None) == assemble(catalog, "CN-ZJ", "en", with_map=False)


def _texts(figure) -> list[str]:
    """Every text the map figure draws: panel titles and labels."""
    return [a.text for a in figure.layout.annotations]


@pytest.mark.parametrize("lang", ["fr", "zh"])
def test_map_shows_the_region_links_in_the_chosen_language_without_a_colour_bar(catalog, lang):
    from regiondash.i18n import FALLBACK_MARK, audience_name
    from regiondash.links import partner_link_table

    figure = briefing.region_map_figure(catalog, "CN-ZJ", lang)
    texts = _texts(figure)
    regions = catalog.regions.set_index("id", drop=False)
    for region_id in ("CN-ZJ", "FR-IDF"):
        name = audience_name(regions.loc[region_id], "name", lang)
        assert any(name in text for text in texts), name
    links = partner_link_table(catalog).loc["CN-ZJ"]
    count = t(
        "briefing.map.link_count",
        lang,
        agreements=int(links["agreements"]),
        projects=int(links["projects"]),
    )
    assert count in texts
    zju = audience_name(catalog.institutions.set_index("id").loc["zju"], "name", lang)
    assert any(text.startswith(zju) for text in texts)
    assert not any(FALLBACK_MARK in text for text in texts)
    assert not any(getattr(trace.marker, "showscale", False) for trace in figure.data)


def test_the_link_line_grows_with_the_links(catalog):
    def width(region_id):
        figure = briefing.region_map_figure(catalog, region_id, "en")
        lines = [tr for tr in figure.data if tr.mode == "lines" and tr.fill is None]
        (line,) = lines
        return line.line.width

    assert width("CN-ZJ") > width("CN-BJ") > width("MA-06")


def test_a_region_without_placed_institutions_is_still_named_on_its_close_up(catalog):
    figure = briefing.region_map_figure(catalog, "MA-06", "en")
    on_close_up = [a.text for a in figure.layout.annotations if a.xref == "x2"]
    assert any("Casablanca-Settat" in text for text in on_close_up)
