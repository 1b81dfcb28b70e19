"""A one-click PDF briefing on one partner region, in English, French or Chinese.

`briefing_pdf` is pure apart from running headless Chromium for the map: content is first
assembled from the catalog as display text (`assemble`), then laid out with fpdf2 (`render`).
Every value cites its sources as [n], numbered on the last page; a value the data lacks reads
"not sourced", never 0. Data text is written as plain text: fpdf2's markdown stays off.
"""

from __future__ import annotations

import io
import logging
import string
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fpdf import FPDF
from fpdf.fonts import FontFace

from regiondash import settings
from regiondash.charts import partner_map_figure
from regiondash.data import Catalog
from regiondash.i18n import DEFAULT_LANGUAGE, format_date, format_number, localized, t
from regiondash.metrics import students_behind_total
from regiondash.places import region_points
from regiondash.provenance import latest_headcounts
from regiondash.tables import QUALIFIER_MARKS
from regiondash.text import is_missing, plain

LOGGER = logging.getLogger(__name__)

NOTO_CJK = {
    "": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "B": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
# Face in Debian's fonts-noto-cjk collections (JP, KR, SC, TC, HK). Each covers every CJK
# character; they differ in glyph style, and SC sets quotes and apostrophes full width as Chinese
# typesetting wants, which would gape in Latin text: JP keeps them proportional.
NOTO_FACES = {"zh": 2}
NOTO_DEFAULT_FACE = 0
FONT = "briefing"
# fpdf2 does no shaping and writes horizontally: layout and vertical tables are never used.
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG")
# Always in the font subset: digits and punctuation that fpdf2 writes itself (page numbers).
BASE_CHARACTERS = string.printable + "\u00a0–—’“”"

BOUNDARY_SOURCE_IDS = ("ne-admin1",)  # data/geo is built from Natural Earth admin-1
MAP_SIZE_PX = (1100, 720)
MAP_SCALE = 2  # sharp when printed at the page's text width
MAP_FONT_PX = 17
MAP_TIMEOUT_S = 60
MAP_PAD = 0.25  # share of the region's extent left around it
MAP_MIN_SPAN_DEG = 3.0  # city regions still show their surroundings
MAP_MARKER_SPAN_DEG = 10.0  # a region drawn only at its capital is shown with its country
MARKER_COLOURS = {"institution": "#1f4e79", "campus": "#c8283c"}

# Chinese has no spaces between words: lines may break between any two characters.
WRAP_MODES = {"zh": "CHAR"}
ACCENT = (31, 78, 121)
HEADING_FILL = (230, 236, 243)
MUTED = (90, 90, 90)
BLACK = (0, 0, 0)


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
    institutions = catalog.institutions[catalog.institutions["region_id"].isin([region_id])]
    ids = set(institutions["id"])
    agreements = _agreements_of(catalog, region_id, ids)
    partners = catalog.project_partners
    project_ids = partners.loc[partners["institution_id"].isin(ids), "project_id"]
    events = catalog.events
    latest = latest_headcounts(catalog.headcounts, catalog.sources)
    students = latest[latest["category"].eq("students_total") & latest["institution_id"].isin(ids)]
    home = catalog.regions[catalog.regions["role"] == "home"]
    return Partnership(
        region=regions.loc[region_id],
        home=home.iloc[0] if len(home) else pd.Series(dtype=object),
        institutions=institutions,
        campuses=catalog.campuses[catalog.campuses["institution_id"].isin(ids)],
        agreements=agreements,
        projects=catalog.projects[catalog.projects["id"].isin(project_ids)],
        events=events[
            events["region_id"].isin([region_id]) | events["agreement_id"].isin(agreements["id"])
        ],
        students=students.reset_index(drop=True),
    )


def _agreements_of(catalog: Catalog, region_id: str, institution_ids: set) -> pd.DataFrame:
    """Agreements to which the region, or one of its institutions, is a party."""
    parties = catalog.agreement_parties
    involved = (parties["party_kind"].eq("region") & parties["party_id"].eq(region_id)) | (
        parties["party_kind"].eq("institution") & parties["party_id"].isin(institution_ids)
    )
    return catalog.agreements[catalog.agreements["id"].isin(parties["agreement_id"][involved])]


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


def _students(rows: pd.DataFrame, lang: str) -> str:
    """Latest students total with its qualifier mark and year(s), or "not sourced"."""
    if rows.empty:
        return t("value.not_sourced", lang)
    qualifiers = set(rows["qualifier"])
    mark = QUALIFIER_MARKS.get(qualifiers.pop(), "") if len(qualifiers) == 1 else "≈"
    start, end = int(rows["year"].min()), int(rows["year"].max())
    years = str(start) if start == end else f"{start}–{end}"
    value = mark + _number(int(rows["count"].sum()), lang)
    return t("briefing.value_year", lang, value=value, year=years)


def _figure_rows(catalog: Catalog, p: Partnership, cite: Citations, lang: str) -> list[list[str]]:
    """Headline figures of the partnership, then the region's own sourced facts."""
    region = p.region
    totals = students_behind_total(catalog)
    totals = totals[totals["institution_id"].isin(p.institutions["id"])]
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
        _figure("briefing.figure.students", _students(totals, lang), totals, cite, lang),
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
            mark = QUALIFIER_MARKS.get(count["qualifier"], "")
            shown = _value_year(mark + _number(count["count"], lang), count["year"], lang)
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


def assemble(
    catalog: Catalog, region_id: str, lang: str, filters_summary: str = "", with_map: bool = True
) -> Briefing:
    """The briefing's content as display text, sources numbered in reading order."""
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
        map_png=map_png(catalog, region_id, lang) if with_map else None,
        map_note=map_note,
        figures=figures,
        figures_note=t("briefing.figures.latest_note", lang) if _disputed(catalog, p) else "",
        institutions=institutions,
        projects=projects,
        timeline=timeline,
        sources=_source_rows(catalog, cite, lang),
    )


# --- map image ---------------------------------------------------------------------------


def _map_window(catalog: Catalog, region_id: str) -> tuple[list[float], list[float]] | None:
    """Lon and lat ranges framing the region's polygon, or its capital marker."""
    shapes = catalog.region_shapes
    shape = shapes.loc[shapes["region_id"] == region_id, "geometry"]
    if len(shape) and shape.iloc[0] is not None and not shape.iloc[0].is_empty:
        west, south, east, north = shape.iloc[0].bounds
        min_span = MAP_MIN_SPAN_DEG
    else:
        points = region_points(catalog).set_index("region_id")
        if region_id not in points.index:
            return None
        west = east = float(points.loc[region_id, "lon"])
        south = north = float(points.loc[region_id, "lat"])
        min_span = MAP_MARKER_SPAN_DEG
    lon_pad = max((east - west) * MAP_PAD, (min_span - (east - west)) / 2)
    lat_pad = max((north - south) * MAP_PAD, (min_span - (north - south)) / 2)
    return [west - lon_pad, east + lon_pad], [south - lat_pad, north + lat_pad]


def _place_trace(frame: pd.DataFrame, kind: str, label: str) -> go.Scatter:
    """Sourced positions of one kind as markers with a legend entry (no labels to overlap)."""
    return go.Scatter(
        x=frame["lon"].astype(float),
        y=frame["lat"].astype(float),
        mode="markers",
        marker={"size": 9, "color": MARKER_COLOURS[kind], "line": {"color": "white", "width": 1}},
        name=plain(label),
        hoverinfo="skip",
        showlegend=True,
    )


def _name_region(fig: go.Figure, catalog: Catalog, region: pd.Series, lang: str) -> None:
    """Label the region at its anchor: a capital marker alone is easy to miss."""
    points = region_points(catalog).set_index("region_id")
    if region["id"] not in points.index:
        return
    anchor = points.loc[region["id"]]
    fig.add_annotation(
        x=float(anchor["lon"]),
        y=float(anchor["lat"]),
        text=plain(_name(region, "name", lang)),
        showarrow=True,
        arrowhead=0,
        ax=0,
        ay=-40,
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": MAP_FONT_PX + 3},
    )


def region_map_figure(catalog: Catalog, region_id: str, lang: str) -> go.Figure:
    """The partner map zoomed on one region, with its institutions and campuses marked."""
    fig = partner_map_figure(catalog, lang)
    window = _map_window(catalog, region_id)
    if window is not None:
        fig.update_layout(xaxis={"range": window[0]}, yaxis={"range": window[1]})
    p = partnership(catalog, region_id)
    _name_region(fig, catalog, p.region, lang)
    institutions = p.institutions.dropna(subset=["lat", "lon"])
    campuses = p.campuses.dropna(subset=["lat", "lon"])
    if len(campuses):
        fig.add_trace(_place_trace(campuses, "campus", t("metric.campuses", lang)))
    if len(institutions):
        fig.add_trace(_place_trace(institutions, "institution", t("metric.institutions", lang)))
    fig.update_layout(
        # Same face as the PDF text, sized for an image printed 18 cm wide.
        font={"family": "Noto Sans CJK SC, sans-serif", "size": MAP_FONT_PX},
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
    )
    return fig


def map_png(catalog: Catalog, region_id: str, lang: str) -> bytes | None:
    """PNG of the region's map, drawn by Kaleido in the configured Chromium; None on failure.

    Kaleido 1.x drives Chromium through choreographer, which, given no `path`, tries a Chrome
    it downloaded itself, then $BROWSER_PATH, then chrome/chromium names on PATH, then usual
    install paths. Passing `path` pins the configured Chromium (REGIONDASH_CHROMIUM) whatever
    the environment, and `mathjax=False` keeps the page from asking a CDN for MathJax: nothing
    is fetched, plotly.js is read from the installed plotly package.
    """
    fig = region_map_figure(catalog, region_id, lang)
    width, height = MAP_SIZE_PX
    try:
        return kaleido.calc_fig_sync(
            fig,
            opts={"format": "png", "width": width, "height": height, "scale": MAP_SCALE},
            kopts={"path": settings.get("chromium"), "mathjax": False, "timeout": MAP_TIMEOUT_S},
        )
    except Exception:  # any browser failure: the briefing is still useful without its map
        LOGGER.warning("map export failed; the briefing carries a note instead", exc_info=True)
        return None


# --- fonts -------------------------------------------------------------------------------


def _truetype_subset(collection: Path, face: int, text: str, target: Path) -> None:
    """Write the glyphs `text` needs from one face of a Noto CJK collection, as TrueType.

    Noto CJK has CID-keyed CFF outlines, which fpdf2 embeds with a custom CMap encoding that
    some text extractors (pypdf among them) cannot read. Quadratic TrueType outlines make fpdf2
    use Identity-H, which every extractor reads; subsetting first keeps this under a second.
    """
    font = TTFont(collection, fontNumber=face)
    for tag in UNUSED_TABLES:
        if tag in font:
            del font[tag]  # unread: parsing CJK layout tables is the slow part of subsetting
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    _cff_to_glyf(font)
    font.save(target)


def _cff_to_glyf(font: TTFont) -> None:
    """Replace a font's cubic CFF outlines by quadratic glyf ones (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["maxp"] = _truetype_maxp()
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    post.glyphOrder = order
    font.sfntVersion = "\0\1\0\0"


def _truetype_maxp():
    """A version 1.0 maxp table (TrueType) with no hinting limits; counts are recomputed."""
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    return maxp


def _add_fonts(pdf: _Document, lang: str, text: str, folder: Path) -> None:
    """Register regular and bold faces that cover `text` (Latin, French and Chinese)."""
    missing = [str(path) for path in NOTO_CJK.values() if not path.exists()]
    if missing:
        raise FileNotFoundError(f"{missing} not found: install Debian's fonts-noto-cjk")
    for style, collection in NOTO_CJK.items():
        target = folder / f"briefing{style or 'R'}.ttf"
        _truetype_subset(collection, NOTO_FACES.get(lang, NOTO_DEFAULT_FACE), text, target)
        pdf.add_font(FONT, style, target)


# --- layout ------------------------------------------------------------------------------


class _Document(FPDF):
    """A4 pages with a footer: the partnership on the left, page numbers on the right."""

    footer_text = ""
    wrapmode = "WORD"

    def footer(self) -> None:
        """Runs on every page break."""
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 6, self.footer_text, align="L")
        self.cell(self.epw / 2, 6, f"{self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0)


def _lines(pdf: _Document, text: str, height: float) -> None:
    """Text wrapped across the page, as plain text: markdown off, since it may carry data."""
    pdf.multi_cell(
        0,
        height,
        text,
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
        markdown=False,
        wrapmode=pdf.wrapmode,
    )


def _heading(pdf: _Document, text: str) -> None:
    """A section title in the accent colour."""
    pdf.set_font(FONT, "B", 14)
    pdf.set_text_color(*ACCENT)
    _lines(pdf, text, 8)
    pdf.set_text_color(0)
    pdf.ln(1)


def _paragraph(pdf: _Document, text: str, size: float = 9, colour: tuple = MUTED) -> None:
    """A paragraph in a given size and colour."""
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*colour)
    _lines(pdf, text, size * 0.5)
    pdf.set_text_color(0)


def _table(pdf: _Document, headings: list[str], rows: list[list[str]], widths: tuple) -> None:
    """A plain-text table whose headings repeat on each page it spans."""
    pdf.set_font(FONT, "", 8.5)
    style = FontFace(family=FONT, emphasis="BOLD", fill_color=HEADING_FILL)
    with pdf.table(
        col_widths=widths,
        headings_style=style,
        text_align="LEFT",
        v_align="TOP",
        cell_fill_mode="NONE",
        line_height=4.4,
        padding=1.2,
        borders_layout="HORIZONTAL_LINES",
        markdown=False,
        repeat_headings=1,
        wrapmode=pdf.wrapmode,
    ) as table:
        for values in [headings, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(4)


def _cover(pdf: _Document, b: Briefing) -> None:
    """Title page: region, partnership, date of the data, active filters."""
    pdf.add_page()
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 42, style="F")
    pdf.set_fill_color(255)  # tables fill their cells with the current colour
    pdf.set_xy(pdf.l_margin, 16)
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(255)
    pdf.cell(0, 8, b.labels["briefing.title"])
    pdf.set_text_color(0)
    pdf.set_y(70)
    pdf.set_font(FONT, "B", 30)
    _lines(pdf, b.region_name, 14)
    pdf.set_font(FONT, "", 17)
    pdf.set_text_color(*ACCENT)
    _lines(pdf, b.pair_line, 10)
    pdf.ln(10)
    _paragraph(pdf, b.as_of_line, 12, BLACK)
    pdf.ln(2)
    _paragraph(pdf, b.filters_line, 11, BLACK)
    pdf.set_y(-70)
    _paragraph(pdf, b.cover_note, 9)


def _map_page(pdf: _Document, b: Briefing) -> None:
    """The map (or why it is missing) and the headline figures."""
    pdf.add_page()
    _heading(pdf, b.labels["briefing.map.title"])
    if b.map_png:
        pdf.image(io.BytesIO(b.map_png), w=pdf.epw)
    else:
        _paragraph(pdf, b.labels["briefing.map.unavailable"], 10, BLACK)
    pdf.ln(1)
    _paragraph(pdf, b.map_note, 8)
    pdf.ln(5)
    _heading(pdf, b.labels["briefing.figures.title"])
    _table(pdf, _labels(b, "col.fact", "col.value", "col.source"), b.figures, (5, 3, 2))
    if b.figures_note:
        _paragraph(pdf, b.figures_note, 8)


def _section(pdf: _Document, title: str, headings, rows, widths, empty: str) -> None:
    """A titled table, or a sentence saying the data records nothing for it."""
    _heading(pdf, title)
    if rows:
        _table(pdf, headings, rows, widths)
    else:
        _paragraph(pdf, empty, 10, BLACK)
        pdf.ln(4)


def _detail_pages(pdf: _Document, b: Briefing) -> None:
    """Institutions, projects and the timeline of agreements and events."""
    pdf.add_page()
    _section(
        pdf,
        b.labels["institutions.title"],
        _labels(b, "col.institution", "col.kind", "col.city", "col.founded")
        + _labels(b, "briefing.col.students", "col.source"),
        b.institutions,
        (9, 4, 4, 3, 5, 3),
        b.labels["briefing.institutions.none"],
    )
    _section(
        pdf,
        b.labels["metric.projects"],
        _labels(b, "col.project", "col.status", "col.start", "col.end", "col.partners")
        + _labels(b, "col.source"),
        b.projects,
        (9, 3, 2.2, 2.2, 6, 2),
        b.labels["briefing.projects.none"],
    )
    _section(
        pdf,
        b.labels["briefing.timeline.title"],
        _labels(b, "briefing.col.date", "col.kind", "briefing.col.item", "col.source"),
        b.timeline,
        (3, 4.5, 11, 2),
        b.labels["briefing.timeline.none"],
    )


def _sources_page(pdf: _Document, b: Briefing) -> None:
    """Every cited source, numbered as in the [n] marks."""
    pdf.add_page()
    _heading(pdf, b.labels["sources.title"])
    _paragraph(pdf, b.labels["briefing.sources.intro"], 9)
    if "fallback_note" in b.labels:
        _paragraph(pdf, b.labels["fallback_note"], 9)
    pdf.ln(3)
    headings = _labels(b, "briefing.col.ref", "sources.col.title", "sources.col.publisher")
    _table(pdf, [*headings, b.labels["briefing.col.url"]], b.sources, (1.3, 8, 4, 7))


def _labels(b: Briefing, *keys: str) -> list[str]:
    """Column headings by message key."""
    return [b.labels[key] for key in keys]


def render(b: Briefing) -> bytes:
    """Lay the briefing out as an A4 PDF."""
    pdf = _Document(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.footer_text = b.pair_line
    pdf.wrapmode = WRAP_MODES.get(b.lang, "WORD")
    pdf.set_title(b.pair_line)
    pdf.set_lang(b.lang)
    pdf.set_creator("regiondash")
    with tempfile.TemporaryDirectory(prefix="regiondash-fonts-") as folder:
        _add_fonts(pdf, b.lang, "".join(b.texts()) + BASE_CHARACTERS, Path(folder))
        _cover(pdf, b)
        _map_page(pdf, b)
        _detail_pages(pdf, b)
        _sources_page(pdf, b)
        return bytes(pdf.output())


def briefing_pdf(catalog: Catalog, region_id: str, lang: str, filters_summary: str = "") -> bytes:
    """A PDF briefing on one partner region in `lang` (en, fr, zh), from `catalog` alone."""
    return render(assemble(catalog, region_id, lang, filters_summary))
