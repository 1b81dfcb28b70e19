"""What each scene of a story shows: pure builders from the catalog, a scene and a language.

No streamlit here. Every text is plain (the page escapes it); data names go through
`audience_name`, so a name missing in the reader's language shows in English, unmarked:
an audience sees names, not the analysts' ⁽ᴱᴺ⁾ fallback mark.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import pandas as pd
import pydeck as pdk

from regiondash import memo
from regiondash.counts import count_text
from regiondash.data import Catalog
from regiondash.i18n import audience_name, format_date, format_number, t
from regiondash.links import institution_links
from regiondash.maps import declutter, partnership_deck, region_view
from regiondash.metrics import students_behind_total, students_figure
from regiondash.partnership import (
    home_region,
    region_agreements,
    region_events,
    region_institutions,
    region_projects,
)
from regiondash.provenance import latest_headcounts, source_rows
from regiondash.story import Scene, default_story
from regiondash.tables import short_names


@dataclass(frozen=True)
class SlideFigure:
    """One big number: its label, its display value, and the sources behind it."""

    label: str
    value: str
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slide:
    """Everything the page draws for one scene, in one language."""

    kind: str
    title: str
    lines: tuple[str, ...] = ()
    figures: tuple[SlideFigure, ...] = ()
    tables: tuple[pd.DataFrame, ...] = ()
    deck: pdk.Deck | None = None
    empty: str = ""  # shown instead of content when the data has nothing for this scene yet
    source_ids: tuple[str, ...] = ()
    footer: str = ""
    # The sources of each row of the slide's table, when they are known row by row: a slide
    # shown in parts then cites on each screen only what that screen shows (part_footers).
    row_sources: tuple[tuple[str, ...], ...] = ()
    part_footers: tuple[str, ...] = ()


def _ids(*columns) -> tuple[str, ...]:
    """Distinct source ids of some columns or lists, in order, missing values left out."""
    return tuple(dict.fromkeys(str(v) for column in columns for v in column if not pd.isna(v)))


def region_name(catalog: Catalog, region_id: str, lang: str) -> str:
    """A region's name in `lang` (English, marked, when the data has none)."""
    return _audience_region_names(catalog, lang).get(region_id, "")


@memo.per_catalog(max_entries=8)
def _audience_region_names(catalog: Catalog, lang: str) -> dict[str, str]:
    regions = catalog.regions.set_index("id")
    return {r: audience_name(row, "name", lang) for r, row in regions.iterrows()}


def footer_text(catalog: Catalog, source_ids, lang: str) -> str:
    """ "Sources: publisher (year) · …" for the foot of a slide, or "" without sources."""
    rows = source_rows(catalog, source_ids)
    if rows.empty:
        return ""
    names = dict.fromkeys(
        str(row.publisher)
        if pd.isna(row.published_on)
        else f"{row.publisher} ({pd.Timestamp(row.published_on).year})"
        for row in rows.itertuples()
    )
    return t("present.footer", lang, sources=" · ".join(names))


def title_slide(catalog: Catalog, region_id: str, lang: str) -> Slide:
    """Both regions' names, how long they have been partners, and the data's date."""
    home = region_name(catalog, home_region(catalog), lang)
    agreements = region_agreements(catalog, region_id)
    years = agreements["signed_year"].dropna()
    lines = [t("present.title.subtitle", lang)]
    if len(years):
        lines.append(t("present.title.since", lang, year=int(years.min()), count=len(agreements)))
    else:
        lines.append(t("present.title.no_agreement", lang))
    lines.append(t("present.as_of", lang, date=format_date(catalog.as_of, lang, "long")))
    title = t(
        "present.title.heading", lang, home=home, partner=region_name(catalog, region_id, lang)
    )
    return Slide("title", title, tuple(lines), source_ids=_ids(agreements["source_id"]))


def map_slide(catalog: Catalog, scene: Scene, lang: str, basemap_url: str | None) -> Slide:
    """The region on the offline partnership map, with the camera the scene asks for (no map
    without a basemap URL: the text alone, e.g. for a second language)."""
    region = catalog.regions.set_index("id").loc[scene.region_id]
    lines = [t(f"map.role.{region['role']}", lang)]
    if not pd.isna(region["capital"]):
        lines.append(t("present.map.capital", lang, capital=region["capital"]))
    shapes = catalog.region_shapes
    if scene.region_id not in set(shapes.loc[shapes.geometry.notna(), "region_id"]):
        lines.append(t("present.map.marker", lang))
    deck = None
    if basemap_url is not None:
        camera = scene.camera or region_view(catalog, scene.region_id)
        deck = partnership_deck(catalog, lang, basemap_url, view=camera)
    ids = _ids([region["source_id"], region["capital_source_id"]])
    return Slide(
        "map", region_name(catalog, scene.region_id, lang), tuple(lines), deck=deck, source_ids=ids
    )


def _number_or_unsourced(value, lang: str) -> str:
    """A whole number written for `lang`, or "not sourced" when the data has none."""
    return t("value.not_sourced", lang) if pd.isna(value) else format_number(int(value), lang)


def place_figures(region: pd.Series, lang: str) -> tuple[SlideFigure, ...]:
    """Population (with its year) and area of a region, each with its source."""
    population = t("present.fig.population_undated", lang)
    if not pd.isna(region["population_year"]):
        population = t("present.fig.population", lang, year=int(region["population_year"]))
    return (
        SlideFigure(
            population,
            _number_or_unsourced(region["population"], lang),
            _ids([region["population_source_id"]]),
        ),
        SlideFigure(
            t("col.area", lang),
            _number_or_unsourced(region["area_km2"], lang),
            _ids([region["area_source_id"]]),
        ),
    )


def partnership_figures(catalog: Catalog, region_id: str, lang: str) -> tuple[SlideFigure, ...]:
    """Agreements (and the first one's year), institutions, their students, and projects."""
    agreements = region_agreements(catalog, region_id)
    dated = agreements.dropna(subset=["signed_year"])
    first = dated[dated["signed_year"] == dated["signed_year"].min()]
    own = region_institutions(catalog, region_id)
    institutions = catalog.institutions[catalog.institutions["id"].isin(own)]
    students = students_behind_total(catalog, own)
    students_label, students_value = students_figure(catalog, students, lang)
    projects = region_projects(catalog, region_id)
    unsourced = t("value.not_sourced", lang)
    return (
        SlideFigure(
            t("metric.agreements", lang),
            format_number(len(agreements), lang),
            _ids(agreements["source_id"]),
        ),
        SlideFigure(
            t("present.fig.since", lang),
            str(int(first["signed_year"].iloc[0])) if len(first) else unsourced,
            _ids(first["source_id"]),
        ),
        SlideFigure(
            t("metric.institutions", lang),
            format_number(len(own), lang),
            _ids(institutions["source_id"]),
        ),
        SlideFigure(students_label, students_value, _ids(students["source_id"])),
        SlideFigure(
            t("metric.projects", lang),
            format_number(len(projects), lang),
            _ids(projects["source_id"]),
        ),
    )


def figures_slide(catalog: Catalog, region_id: str, lang: str) -> Slide:
    """Population, area, agreements, institutions, students and projects of the partnership."""
    region = catalog.regions.set_index("id").loc[region_id]
    figures = place_figures(region, lang) + partnership_figures(catalog, region_id, lang)
    ids = _ids(*(f.source_ids for f in figures))
    title = t("present.figures.title", lang, region=region_name(catalog, region_id, lang))
    return Slide("figures", title, figures=figures, source_ids=ids)


def partner_institution_ids(catalog: Catalog, region_id: str) -> list[str]:
    """The region's institutions, then those linked to them (sorted by id)."""
    own = region_institutions(catalog, region_id)
    links = institution_links(catalog)
    linked = links[links["institution_a"].isin(own) | links["institution_b"].isin(own)]
    others = set(linked["institution_a"]) | set(linked["institution_b"])
    return own + sorted(others - set(own))


def _students_text(latest: pd.DataFrame, institution_id: str, lang: str) -> str:
    """ "≥ 48,000 (2018)" from the latest students_total of one institution, else "not sourced"."""
    rows = latest[
        (latest["institution_id"] == institution_id) & (latest["category"] == "students_total")
    ]
    if rows.empty:
        return t("value.not_sourced", lang)
    row = rows.iloc[0]
    return f"{count_text(row['count'], row['qualifier'], lang)} ({int(row['year'])})"


def institutions_slide(catalog: Catalog, region_id: str, lang: str) -> Slide:
    """The region's institutions and their partners, with their latest student headcount."""
    name = region_name(catalog, region_id, lang)
    title = t("present.institutions.title", lang)
    if not region_institutions(catalog, region_id):
        return Slide(
            "institutions", title, empty=t("present.institutions.empty", lang, region=name)
        )
    ids = partner_institution_ids(catalog, region_id)
    institutions = catalog.institutions.set_index("id").loc[ids]
    latest = latest_headcounts(catalog.headcounts, catalog.sources)
    counted = latest[latest["institution_id"].isin(ids) & (latest["category"] == "students_total")]
    table = pd.DataFrame(
        {
            t("col.institution", lang): [
                audience_name(r, "name", lang) for _, r in institutions.iterrows()
            ],
            t("col.region", lang): [
                "—" if pd.isna(r) else region_name(catalog, r, lang)
                for r in institutions["region_id"]
            ],
            t("col.kind", lang): [t(f"institution_kind.{k}", lang) for k in institutions["kind"]],
            t("col.city", lang): institutions["city"].fillna("").to_list(),
            t("present.col.students", lang): [_students_text(latest, i, lang) for i in ids],
        }
    )
    lines = (t("present.institutions.intro", lang, region=name),)
    sources = _ids(institutions["source_id"], counted["source_id"])
    students_source = dict(zip(counted["institution_id"], counted["source_id"], strict=True))
    row_sources = tuple(
        _ids([institutions.loc[i, "source_id"], students_source.get(i)]) for i in ids
    )
    return Slide(
        "institutions", title, lines, tables=(table,), source_ids=sources, row_sources=row_sources
    )


def region_theme_ids(catalog: Catalog, region_id: str) -> tuple[list[str], tuple[str, ...]]:
    """Themes of the region's agreements and projects, and the sources that name them."""
    by_agreement = catalog.agreement_themes[
        catalog.agreement_themes["agreement_id"].isin(region_agreements(catalog, region_id)["id"])
    ]
    by_project = catalog.project_themes[
        catalog.project_themes["project_id"].isin(region_projects(catalog, region_id)["id"])
    ]
    ids = list(dict.fromkeys([*by_agreement["theme_id"], *by_project["theme_id"]]))
    return ids, _ids(by_agreement["source_id"], by_project["source_id"])


def _years_text(start, end) -> str:
    """ "2015–2023", "2015–", or "" from optional start and end years."""
    if pd.isna(start):
        return "" if pd.isna(end) else f"–{int(end)}"
    return f"{int(start)}–{'' if pd.isna(end) else int(end)}"


def projects_slide(catalog: Catalog, region_id: str, lang: str) -> Slide:
    """Themes of cooperation and the joint projects with the region's institutions."""
    name = region_name(catalog, region_id, lang)
    title = t("present.projects.title", lang)
    theme_ids, theme_sources = region_theme_ids(catalog, region_id)
    projects = region_projects(catalog, region_id)
    if not theme_ids and projects.empty:
        return Slide("projects", title, empty=t("present.projects.empty", lang, region=name))
    themes = catalog.themes.set_index("id").loc[theme_ids]
    lines = []
    if theme_ids:
        names = " · ".join(audience_name(row, "name", lang) for _, row in themes.iterrows())
        lines.append(t("present.projects.themes", lang, count=len(theme_ids), themes=names))
    if projects.empty:
        lines.append(t("present.projects.none", lang))
        return Slide("projects", title, tuple(lines), source_ids=theme_sources)
    short = short_names(catalog.institutions, lang, marked=False)
    partners = catalog.project_partners.assign(name=lambda df: df["institution_id"].map(short))
    partners = partners.groupby("project_id")["name"].agg(lambda s: ", ".join(sorted(s.dropna())))
    table = pd.DataFrame(
        {
            t("col.project", lang): [
                audience_name(r, "title", lang) for _, r in projects.iterrows()
            ],
            t("col.kind", lang): [t(f"project_kind.{k}", lang) for k in projects["kind"]],
            t("col.status", lang): [t(f"status.{s}", lang) for s in projects["status"]],
            t("present.col.years", lang): [
                _years_text(s, e)
                for s, e in zip(projects["start_year"], projects["end_year"], strict=True)
            ],
            t("col.partners", lang): projects["id"].map(partners).fillna("").to_list(),
        }
    )
    sources = _ids(theme_sources, projects["source_id"])
    return Slide("projects", title, tuple(lines), tables=(table,), source_ids=sources)


def _dated(value, lang: str) -> tuple[pd.Timestamp, str]:
    """Sort key and display text of a date or a bare year (placed on 1 January, as on the
    Timeline page)."""
    if isinstance(value, pd.Timestamp):
        return value, format_date(value, lang)
    return pd.Timestamp(year=int(value), month=1, day=1), str(int(value))


def timeline_items(catalog: Catalog, region_id: str, lang: str) -> pd.DataFrame:
    """Agreements, events and projects of the region as dated rows, oldest first."""
    rows = []
    for _, a in region_agreements(catalog, region_id).iterrows():
        when = a["signed_on"] if not pd.isna(a["signed_on"]) else a["signed_year"]
        rows.append((*_dated(when, lang), t(f"agreement_kind.{a['kind']}", lang), a))
    for _, e in region_events(catalog, region_id).iterrows():
        rows.append((*_dated(e["date"], lang), t(f"present.event.{e['kind']}", lang), e))
    for _, p in region_projects(catalog, region_id).dropna(subset=["start_year"]).iterrows():
        rows.append((*_dated(p["start_year"], lang), t(f"project_kind.{p['kind']}", lang), p))
    rows.sort(key=lambda row: row[0])
    return pd.DataFrame(
        {
            "when": [text for _, text, _, _ in rows],
            "what": [what for _, _, what, _ in rows],
            "title": [audience_name(row, "title", lang) for *_, row in rows],
            "source_id": [row["source_id"] for *_, row in rows],
        },
        columns=["when", "what", "title", "source_id"],
    )


def timeline_slide(catalog: Catalog, region_id: str, lang: str) -> Slide:
    """Agreements, visits and projects on one list, oldest first."""
    title = t("present.timeline.title", lang)
    items = timeline_items(catalog, region_id, lang)
    if items.empty:
        name = region_name(catalog, region_id, lang)
        return Slide("timeline", title, empty=t("present.timeline.empty", lang, region=name))
    table = items[["when", "what", "title"]].set_axis(
        [t("present.col.date", lang), t("col.kind", lang), t("present.col.item", lang)], axis=1
    )
    return Slide("timeline", title, tables=(table,), source_ids=_ids(items["source_id"]))


def story_source_ids(catalog: Catalog, region_id: str, lang: str) -> tuple[str, ...]:
    """Every source the other slides of the region's story rest on (maps included)."""
    scenes = [s for s in default_story(catalog, region_id) if s.kind != "sources"]
    return _ids(*(slide_content(catalog, scene, lang).source_ids for scene in scenes))


def site_name(url: object) -> str:
    """The site of a URL ("universite-paris-saclay.fr"): readable from the back of a room."""
    if pd.isna(url) or not str(url):
        return ""
    host = urlsplit(str(url)).hostname or str(url)
    return host.removeprefix("www.")


def sources_slide(catalog: Catalog, region_id: str, lang: str) -> Slide:
    """Closing slide: thanks, and the sources behind the presentation."""
    rows = source_rows(catalog, story_source_ids(catalog, region_id, lang))
    title = t("present.sources.title", lang)
    as_of = t("present.as_of", lang, date=format_date(catalog.as_of, lang, "long"))
    if rows.empty:
        return Slide("sources", title, (as_of,), empty=t("sources.none", lang))
    table = pd.DataFrame(
        {
            t("sources.col.title", lang): rows["title"],
            t("sources.col.publisher", lang): rows["publisher"],
            t("sources.col.published", lang): rows["published_text"].fillna(""),
            t("sources.col.link", lang): rows["url"].map(site_name),
        }
    )
    lines = (t("present.sources.intro", lang, count=len(rows)), as_of)
    return Slide("sources", title, lines, tables=(table,), source_ids=tuple(rows["id"]))


BUILDERS = {
    "title": title_slide,
    "figures": figures_slide,
    "institutions": institutions_slide,
    "projects": projects_slide,
    "timeline": timeline_slide,
    "sources": sources_slide,
}


def slide_content(
    catalog: Catalog, scene: Scene, lang: str, basemap_url: str | None = None
) -> Slide:
    """What the page draws for one scene in one language (map scenes draw a map only when
    given the basemap URL)."""
    if scene.kind == "map":
        slide = map_slide(catalog, scene, lang, basemap_url)
    else:
        slide = BUILDERS[scene.kind](catalog, scene.region_id, lang)
    if scene.kind in {"title", "sources"}:
        return slide
    footer = footer_text(catalog, slide.source_ids, lang)
    parts = part_count(slide)
    part_footers = ()
    if slide.row_sources and parts > 1:
        rows = len(slide.row_sources)
        part_footers = tuple(
            footer_text(catalog, _ids(*slide.row_sources[part_rows(rows, parts, part)]), lang)
            for part in range(parts)
        )
    return replace(slide, footer=footer, part_footers=part_footers)


# Rows of a table that fit one 1920×1080 slide in type read from 5 m (≥ 28 px, see
# ui.present's audience CSS; test_browser_present measures it). A longer table is shown in parts,
# each its own slide: nothing scrolls or is cut on a projector.
ROWS_PER_PART = {"institutions": 8, "projects": 6, "timeline": 9, "sources": 5}
LABEL_MIN_PX = 28  # map names on a projector


def part_count(slide: Slide) -> int:
    """How many screens a slide needs: its longest table's rows over ROWS_PER_PART."""
    rows = ROWS_PER_PART.get(slide.kind)
    longest = max((len(table) for table in slide.tables), default=0)
    return max(1, math.ceil(longest / rows)) if rows else 1


def slide_part(slide: Slide, part: int) -> Slide:
    """Screen `part` (0-based) of a slide: its share of each table's rows (shares differ by one
    row at most: 17 rows are 6 + 6 + 5, never 8 + 8 + 1), "(2/3)" after the title, the intro
    lines on the first screen only. A one-screen slide is returned as it is."""
    parts = part_count(slide)
    if parts == 1:
        return slide
    part = min(max(part, 0), parts - 1)
    return replace(
        slide,
        title=f"{slide.title} ({part + 1}/{parts})",
        lines=slide.lines if part == 0 else (),
        tables=tuple(table.iloc[part_rows(len(table), parts, part)] for table in slide.tables),
        footer=slide.part_footers[part] if slide.part_footers else slide.footer,
    )


def part_rows(rows: int, parts: int, part: int) -> slice:
    """The rows of screen `part` when `rows` rows are shown on `parts` screens."""

    def edge(k: int) -> int:  # ceiling: the longer shares come first
        return -(-k * rows // parts)

    return slice(edge(part), edge(part + 1))


def slide_plan(part_counts: list[int]) -> list[tuple[int, int]]:
    """(scene index, part) of every screen of a story, in order."""
    return [(scene, part) for scene, parts in enumerate(part_counts) for part in range(parts)]


def projector_labels(deck: pdk.Deck, zoom: float, min_px: int = LABEL_MIN_PX) -> pdk.Deck:
    """The deck with its map names raised so the smallest is `min_px` (the steps between sizes
    kept), decluttered again for that size (larger names overlap sooner). A deck without a
    "labels" layer is unchanged."""
    for layer in deck.layers:
        if getattr(layer, "id", None) != "labels" or not layer.data:
            continue
        labels = pd.DataFrame(layer.data)
        labels["size"] = labels["size"] + max(0, min_px - labels["size"].min())
        layer.data = declutter(labels, zoom).to_dict("records")
    return deck
