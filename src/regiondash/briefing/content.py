"""What the briefing PDF says: the rows of one partnership as display text in one language.

Pure (no browser, no PDF): every value cites its sources as [n], numbered in reading order for
the last page; a value the data lacks reads "not sourced", never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from regiondash.counts import count_text
from regiondash.data import Catalog
from regiondash.i18n import DEFAULT_LANGUAGE, format_date, format_number, localized, t
from regiondash.metrics import students_behind_total, students_figure
from regiondash.partnership import (
    home_region,
    region_agreements,
    region_events,
    region_institutions,
    region_projects,
)
from regiondash.provenance import latest_headcounts
from regiondash.text import is_missing

BOUNDARY_SOURCE_IDS = ("ne-admin1",)  # data/geo is built from Natural Earth admin-1


@dataclass(frozen=True)
class Partnership:
    """The rows of the catalog that concern one partner region."""

    region: pd.Series
    home: pd.Series
    institutions: pd.DataFrame
    campuses: pd.DataFrame
    agreements: pd.DataFrame
    projects: pd.DataFrame
    events: pd.DataFrame
    students: pd.DataFrame  # latest students_total of each institution of the region


def partnership(catalog: Catalog, region_id: str) -> Partnership:
    """Institutions located in the region, and agreements, projects and events involving them."""
    regions = catalog.regions.set_index("id", drop=False)
    if region_id not in regions.index or regions.loc[region_id, "role"] != "partner":
        raise ValueError(f"{region_id!r} is not a partner region of this catalog")
    ids = set(region_institutions(catalog, region_id))
    latest = latest_headcounts(catalog.headcounts, catalog.sources)
    students = latest[latest["category"].eq("students_total") & latest["institution_id"].isin(ids)]
    home = home_region(catalog)
    return Partnership(
        region=regions.loc[region_id],
        home=pd.Series(dtype=object) if home is None else regions.loc[home],
        institutions=catalog.institutions[catalog.institutions["id"].isin(ids)],
        campuses=catalog.campuses[catalog.campuses["institution_id"].isin(ids)],
        agreements=region_agreements(catalog, region_id),
        projects=region_projects(catalog, region_id),
        events=region_events(catalog, region_id),
        students=students.reset_index(drop=True),
    )


class Citations:
    """Numbers sources in order of first citation, for [n] marks and the sources page."""

    def __init__(self, catalog: Catalog) -> None:
        self._known = set(catalog.sources["id"])
        self.ids: list[str] = []

    def refs(self, *source_ids: object) -> str:
        """'[1] [3]' for the given ids (missing or unknown ones skipped), numbering new ones."""
        numbers = []
        for source_id in dict.fromkeys(s for s in source_ids if not is_missing(s)):
            if source_id not in self._known:
                continue  # a filtered catalog may lack it; only listed sources get a number
            if source_id not in self.ids:
                self.ids.append(source_id)
            numbers.append(self.ids.index(source_id) + 1)
        return " ".join(f"[{n}]" for n in sorted(numbers))


@dataclass(frozen=True)
class Briefing:
    """Everything the PDF prints, as display text in one language (plus the map image)."""

    lang: str
    labels: dict[str, str]
    region_name: str
    pair_line: str
    as_of_line: str
    filters_line: str
    cover_note: str
    map_png: bytes | None
    map_note: str
    figures: list[list[str]]
    figures_note: str
    institutions: list[list[str]]
    projects: list[list[str]]
    timeline: list[list[str]]
    sources: list[list[str]]

    def texts(self) -> set[str]:
        """Every character string the PDF will print (for the font subset)."""
        found: set[str] = set()
        for f in fields(self):
            found |= set(_strings(getattr(self, f.name)))
        return found


def _strings(value: object):
    """The strings inside nested lists, tuples and dicts."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from (s for item in value.items() for s in _strings(list(item)))
    elif isinstance(value, list | tuple):
        yield from (s for item in value for s in _strings(item))


def _number(value: object, lang: str) -> str:
    """A count in the reader's digit grouping, or "not sourced"."""
    if is_missing(value):
        return t("value.not_sourced", lang)
    # Noto Sans CJK has no narrow no-break space (French grouping): the wider one looks the same.
    return format_number(value, lang).replace("\u202f", "\u00a0")


def _count(frame: pd.DataFrame, lang: str) -> str:
    """Number of rows; none reads "not sourced": the data records none, no source says zero."""
    return _number(len(frame) or None, lang)


def _year(value: object, lang: str) -> str:
    """A year as digits (no grouping), or "not sourced"."""
    return t("value.not_sourced", lang) if is_missing(value) else str(int(value))


def _text(value: object, lang: str) -> str:
    """A data value as plain text, or "not sourced"."""
    return t("value.not_sourced", lang) if is_missing(value) else str(value)


def _name(row: pd.Series, field: str, lang: str) -> str:
    """A data name in `lang`, else English (names are never translated by us)."""
    return localized(row, field, lang)[0]


def _institution_name(row: pd.Series, lang: str) -> str:
    """Full name in `lang` or English, else the printed short name."""
    return _name(row, "name", lang) or _text(row.get("short_name"), lang)


def _short_name(row: pd.Series, lang: str) -> str:
    """Printed short name, else the full name (for lists of partners)."""
    return row["short_name"] if not is_missing(row["short_name"]) else _institution_name(row, lang)


def _value_year(value: str, year: object, lang: str) -> str:
    """A value with its year, e.g. 65,821 (2023); the value alone when the year is missing."""
    if is_missing(year) or value == t("value.not_sourced", lang):
        return value
    return t("briefing.value_year", lang, value=value, year=_year(year, lang))


def _figure_rows(catalog: Catalog, p: Partnership, cite: Citations, lang: str) -> list[list[str]]:
    """Headline figures of the partnership, then the region's own sourced facts."""
    region = p.region
    totals = students_behind_total(catalog, p.institutions["id"])
    students_label, students_value = students_figure(catalog, totals, lang)
    area = None if is_missing(region["area_km2"]) else round(float(region["area_km2"]))
    population = _value_year(_number(region["population"], lang), region["population_year"], lang)
    capital_source = region["capital_source_id"] if not is_missing(region["capital"]) else None
    return [
        _figure("briefing.figure.agreements", _count(p.agreements, lang), p.agreements, cite, lang),
        _figure("briefing.figure.projects", _count(p.projects, lang), p.projects, cite, lang),
        _figure(
            "briefing.figure.institutions", _count(p.institutions, lang), p.institutions, cite, lang
        ),
        _figure("briefing.figure.campuses", _count(p.campuses, lang), p.campuses, cite, lang),
        [students_label, students_value, cite.refs(*totals["source_id"])],
        [t("col.capital", lang), _text(region["capital"], lang), cite.refs(capital_source)],
        [t("col.population", lang), population, cite.refs(region["population_source_id"])],
        [t("col.area", lang), _number(area, lang), cite.refs(region["area_source_id"])],
    ]


def _figure(key: str, value: str, rows: pd.DataFrame, cite: Citations, lang: str) -> list[str]:
    """One headline row: label, value, and the sources of the rows behind it."""
    return [t(key, lang), value, cite.refs(*rows["source_id"])]


def _institution_rows(p: Partnership, cite: Citations, lang: str) -> list[list[str]]:
    """Name, kind, city, founded, latest students total (year) and sources of each institution."""
    students = p.students.set_index("institution_id")
    rows = []
    for _, row in p.institutions.sort_values("id").iterrows():
        count = students.loc[row["id"]] if row["id"] in students.index else None
        shown = t("value.not_sourced", lang)
        if count is not None:
            shown = _value_year(
                count_text(count["count"], count["qualifier"], lang), count["year"], lang
            )
        rows.append(
            [
                _institution_name(row, lang),
                t(f"institution_kind.{row['kind']}", lang),
                _text(row["city"], lang),
                _year(row["founded"], lang),
                shown,
                cite.refs(
                    row["source_id"],
                    row["location_source_id"] if not is_missing(row["city"]) else None,
                    row["founded_source_id"] if not is_missing(row["founded"]) else None,
                    None if count is None else count["source_id"],
                ),
            ]
        )
    return rows


def _project_rows(catalog: Catalog, p: Partnership, cite: Citations, lang: str) -> list[list[str]]:
    """Title, status, start, end, partner institutions and source of each project."""
    institutions = catalog.institutions.set_index("id", drop=False)
    rows = []
    for _, project in p.projects.sort_values(["start_year", "id"]).iterrows():
        partner_ids = catalog.project_partners.loc[
            catalog.project_partners["project_id"] == project["id"], "institution_id"
        ]
        names = sorted(
            _short_name(institutions.loc[i], lang) for i in partner_ids if i in institutions.index
        )
        rows.append(
            [
                _name(project, "title", lang),
                t(f"status.{project['status']}", lang),
                _year(project["start_year"], lang),
                _year(project["end_year"], lang),
                ", ".join(names) or t("value.not_sourced", lang),
                cite.refs(project["source_id"]),
            ]
        )
    return rows


def _timeline_rows(p: Partnership, cite: Citations, lang: str) -> list[list[str]]:
    """Agreements (date, else year) and events (date), oldest first."""
    items = []
    for _, agreement in p.agreements.iterrows():
        exact = not is_missing(agreement["signed_on"])
        when = (
            agreement["signed_on"] if exact else pd.Timestamp(int(agreement["signed_year"]), 1, 1)
        )
        shown = when.strftime("%Y-%m-%d") if exact else str(int(agreement["signed_year"]))
        kind = t(f"agreement_kind.{agreement['kind']}", lang)
        items.append((when, shown, kind, _name(agreement, "title", lang), agreement["source_id"]))
    for _, event in p.events.iterrows():
        kind = t(f"briefing.event_kind.{event['kind']}", lang)
        shown = event["date"].strftime("%Y-%m-%d")
        items.append((event["date"], shown, kind, _name(event, "title", lang), event["source_id"]))
    items.sort(key=lambda item: (item[0], item[3]))
    return [[shown, kind, title, cite.refs(source)] for _, shown, kind, title, source in items]


def _source_rows(catalog: Catalog, cite: Citations, lang: str) -> list[list[str]]:
    """Number, title, publisher and address of every cited source, in citation order."""
    sources = catalog.sources.set_index("id")
    return [
        [
            f"[{number}]",
            _text(sources.loc[source_id, "title"], lang),
            _text(sources.loc[source_id, "publisher"], lang),
            _text(sources.loc[source_id, "url"], lang),
        ]
        for number, source_id in enumerate(cite.ids, start=1)
    ]


def _disputed(catalog: Catalog, p: Partnership) -> bool:
    """Whether other sourced values exist for a shown figure (the latest is shown)."""
    claims = catalog.claims
    about_region = claims["table"].eq("regions") & claims["row_id"].eq(p.region["id"])
    about_institutions = claims["table"].eq("institutions") & claims["row_id"].isin(
        p.institutions["id"]
    )
    return bool((about_region | about_institutions).any() or (p.students["n_values"] > 1).any())


def _map_refs(catalog: Catalog, p: Partnership, cite: Citations) -> str:
    """Sources of what the map draws: boundaries and the plotted positions."""
    placed = p.institutions.dropna(subset=["lat", "lon"])["location_source_id"]
    campuses = p.campuses.dropna(subset=["lat", "lon"])["location_source_id"]
    return cite.refs(*BOUNDARY_SOURCE_IDS, *placed, *campuses)


LABEL_KEYS = (
    "briefing.title",
    "briefing.map.title",
    "briefing.map.unavailable",
    "briefing.figures.title",
    "briefing.projects.none",
    "briefing.institutions.none",
    "briefing.timeline.title",
    "briefing.timeline.none",
    "briefing.col.students",
    "briefing.col.date",
    "briefing.col.item",
    "briefing.col.ref",
    "briefing.col.url",
    "briefing.sources.intro",
    "col.fact",
    "col.value",
    "col.source",
    "col.institution",
    "col.kind",
    "col.city",
    "col.founded",
    "col.project",
    "col.status",
    "col.start",
    "col.end",
    "col.partners",
    "metric.projects",
    "sources.title",
    "sources.col.title",
    "sources.col.publisher",
)


def briefing_content(
    catalog: Catalog,
    region_id: str,
    lang: str,
    filters_summary: str = "",
    map_png: bytes | None = None,
) -> Briefing:
    """The briefing's content as display text, sources numbered in reading order; `map_png` is
    the map image already drawn (None: the PDF says the map is unavailable)."""
    p = partnership(catalog, region_id)
    cite = Citations(catalog)
    region_name = _name(p.region, "name", lang)
    home_name = _name(p.home, "name", lang) if len(p.home) else ""
    labels = {key: t(key, lang) for key in LABEL_KEYS}
    labels["institutions.title"] = t("briefing.institutions.title", lang, region=region_name)
    if lang != DEFAULT_LANGUAGE:
        labels["fallback_note"] = t("briefing.sources.fallback_note", lang)
    # Built in reading order, so sources are numbered as the reader meets them.
    map_note = t("briefing.map.note", lang) + " " + _map_refs(catalog, p, cite)
    figures = _figure_rows(catalog, p, cite, lang)
    institutions = _institution_rows(p, cite, lang)
    projects = _project_rows(catalog, p, cite, lang)
    timeline = _timeline_rows(p, cite, lang)
    return Briefing(
        lang=lang,
        labels=labels,
        region_name=region_name,
        pair_line=t("briefing.pair", lang, home=home_name, region=region_name),
        as_of_line=t("briefing.as_of", lang, date=format_date(catalog.as_of, lang, "long")),
        filters_line=t(
            "briefing.filters", lang, summary=filters_summary or t("filters.summary.none", lang)
        ),
        cover_note=t("briefing.cover_note", lang, not_sourced=t("value.not_sourced", lang)),
        map_png=map_png,
        map_note=map_note,
        figures=figures,
        figures_note=t("briefing.figures.latest_note", lang) if _disputed(catalog, p) else "",
        institutions=institutions,
        projects=projects,
        timeline=timeline,
        sources=_source_rows(catalog, cite, lang),
    )
