"""Trends: a count over years, one line per region or institution (pure; no streamlit here).

Two kinds of measure, never mixed on one axis:
- for a region, how many agreements were signed, events held and projects started each year,
  counting what the region reaches itself or through its institutions (the `partnership`
  helpers say what "reaches" means). Within the years the catalog records such items at all, a
  year without one is a real 0; outside them nothing is drawn.
- for an institution, one headcount category as published, year by year. A year without a row
  is absent (never 0, never interpolated); lines join real observations only. Where sources
  disagree on a year, the line takes the latest source (as everywhere in the app) and the
  other values are drawn as open markers; an announced target is not a count and never on
  the line.
"""

from __future__ import annotations

from textwrap import shorten

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from regiondash import charts, memo
from regiondash.charts import HEADCOUNT_ORDER
from regiondash.compare import default_partner
from regiondash.counts import NOT_A_COUNT, count_text, numbers, qualifier_text
from regiondash.data import Catalog
from regiondash.i18n import format_date, t
from regiondash.institutions_view import Shown, ids_of, source_title
from regiondash.partnership import (
    home_region,
    partner_regions,
    region_agreements,
    region_events,
    region_projects,
)
from regiondash.provenance import latest_headcounts
from regiondash.tables import localized_names
from regiondash.text import plain

REGION_MEASURES = ("agreements", "events", "projects")
HEADCOUNT_MEASURES = tuple(HEADCOUNT_ORDER)
MEASURES = REGION_MEASURES + HEADCOUNT_MEASURES
DEFAULT_MEASURE = "agreements"
DEFAULT_INSTITUTIONS = 3
PALETTE = (
    "#1f4e79",
    "#d67c26",
    "#4a8c5c",
    "#8e5ba8",
    "#c0392b",
    "#2a9d8f",
    "#b8860b",
    "#6d8299",
)
HOVER_ITEMS = 5  # titles listed in a hover; the table lists all


def is_region_measure(measure: str) -> bool:
    return measure in REGION_MEASURES


# --- regions: items per year --------------------------------------------------------------------


def _dated(rows: pd.DataFrame, years: pd.Series, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item_id": rows["id"].astype(object).to_numpy(),
            "year": pd.array(numbers(years), dtype="Int64"),
            "title": localized_names(rows, lang, "title").to_numpy(),
            "source_id": rows["source_id"].astype(object).to_numpy(),
        }
    )


@memo.per_catalog(max_entries=64)
def region_items(catalog: Catalog, region_id: str, measure: str, lang: str = "en") -> pd.DataFrame:
    """What a region reaches for a measure: item_id, year (missing when undated), title,
    source_id. Agreements by signing year, events by their date, projects by start year."""
    if measure == "agreements":
        rows = region_agreements(catalog, region_id)
        return _dated(rows, rows["signed_year"], lang)
    if measure == "events":
        rows = region_events(catalog, region_id)
        return _dated(rows, rows["date"].dt.year, lang)
    if measure == "projects":
        rows = region_projects(catalog, region_id)
        return _dated(rows, rows["start_year"], lang)
    raise ValueError(f"not a region measure: {measure}")


@memo.per_catalog(max_entries=16)
def covered_years(catalog: Catalog, measure: str) -> tuple[int, int] | None:
    """First and last year in which the catalog dates any item of the measure (any region)."""
    years = {
        "agreements": catalog.agreements["signed_year"],
        "events": catalog.events["date"].dt.year,
        "projects": catalog.projects["start_year"],
    }[measure].dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def shown_years(
    covered: tuple[int, int] | None, chosen: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The years a count is drawn for: the covered years within the years filter (None: none)."""
    if covered is None:
        return None
    if chosen is None:
        return covered
    low, high = max(covered[0], chosen[0]), min(covered[1], chosen[1])
    return (low, high) if low <= high else None


def region_counts(
    catalog: Catalog,
    region_ids: list[str],
    measure: str,
    years: tuple[int, int] | None,
    cumulative: bool = False,
    lang: str = "en",
) -> pd.DataFrame:
    """One row per (region, year in `years`): region_id, year, added (items that year, 0 when
    none), count (`added`, or its running sum from the first year with `cumulative`), titles
    and source_ids of that year's items (tuples). Empty without regions or years."""
    return _region_counts(catalog, tuple(region_ids), measure, years, cumulative, lang)


@memo.per_catalog(max_entries=64)  # reruns of a page redraw the same counts
def _region_counts(catalog, region_ids, measure, years, cumulative, lang) -> pd.DataFrame:
    columns = ["region_id", "year", "added", "count", "titles", "source_ids"]
    if not region_ids or years is None:
        return pd.DataFrame(columns=columns)
    span = range(years[0], years[1] + 1)
    frames = []
    for region_id in region_ids:
        items = region_items(catalog, region_id, measure, lang).dropna(subset=["year"])
        items = items[items["year"].between(*years)]
        by_year = items.groupby("year")
        added = by_year.size().reindex(span, fill_value=0)
        titles = by_year["title"].agg(tuple).reindex(span)
        sources = by_year["source_id"].agg(lambda s: ids_of(s)).reindex(span)
        frames.append(
            pd.DataFrame(
                {
                    "region_id": region_id,
                    "year": list(span),
                    "added": added.to_numpy().astype(int),
                    "count": (added.cumsum() if cumulative else added).to_numpy().astype(int),
                    "titles": [v if isinstance(v, tuple) else () for v in titles],
                    "source_ids": [v if isinstance(v, tuple) else () for v in sources],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[columns]


def undated_counts(catalog: Catalog, region_ids: list[str], measure: str) -> dict[str, int]:
    """How many of each region's items have no year (they are in no year's count)."""
    return {r: int(region_items(catalog, r, measure)["year"].isna().sum()) for r in region_ids}


def default_regions(catalog: Catalog) -> list[str]:
    """Home and Zhejiang (else the first partner), as far as the view has them."""
    partner = default_partner(partner_regions(catalog))  # as Compare chooses it
    return [r for r in (home_region(catalog), partner) if r is not None]


def region_options(catalog: Catalog) -> list[str]:
    """Home region first, then the partners, in the catalog's order."""
    home = home_region(catalog)
    return ([home] if home else []) + partner_regions(catalog)


# --- institutions: headcounts by year -----------------------------------------------------------


def headcount_points(catalog: Catalog, institution_ids: list[str], category: str) -> pd.DataFrame:
    """Every sourced value of one category for the institutions: institution_id, year, count,
    qualifier, source_id, on_line (True for the value the line joins: per year the latest
    source's count; False for another source's value or a target)."""
    columns = ["institution_id", "year", "count", "qualifier", "source_id", "on_line"]
    rows = catalog.headcounts[
        (catalog.headcounts["category"] == category)
        & catalog.headcounts["institution_id"].isin(list(institution_ids))
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    counts = rows[~rows["qualifier"].isin(NOT_A_COUNT)]
    chosen = [
        latest_headcounts(counts, catalog.sources, year=int(year))
        for year in sorted(counts["year"].dropna().unique())
    ]
    keys = set()
    for latest in chosen:
        keys |= set(zip(latest["institution_id"], latest["year"], latest["source_id"], strict=True))
    order = {i: n for n, i in enumerate(institution_ids)}
    points = rows.assign(
        on_line=[
            (i, y, s) in keys and q not in NOT_A_COUNT
            for i, y, s, q in zip(
                rows["institution_id"],
                rows["year"],
                rows["source_id"],
                rows["qualifier"],
                strict=True,
            )
        ],
        _order=rows["institution_id"].map(order),
    )
    points = points.sort_values(["_order", "year", "on_line"], ascending=[True, True, False])
    return points[columns].reset_index(drop=True)


def default_institutions(catalog: Catalog, category: str) -> list[str]:
    """Up to three institutions with the most years of counts in the category (catalog order
    on a tie): the ones with a line to show first."""
    rows = catalog.headcounts[
        (catalog.headcounts["category"] == category)
        & ~catalog.headcounts["qualifier"].isin(NOT_A_COUNT)
    ]
    years = rows.groupby("institution_id")["year"].nunique()
    ranked = [i for i in catalog.institutions["id"] if i in years.index]
    ranked.sort(key=lambda i: -years[i])  # stable: catalog order within a tie
    return ranked[:DEFAULT_INSTITUTIONS]


def institution_options(catalog: Catalog, category: str) -> list[str]:
    """Institutions of the view with at least one value in the category (catalog order)."""
    having = set(
        catalog.headcounts.loc[catalog.headcounts["category"] == category, "institution_id"]
    )
    return [i for i in catalog.institutions["id"] if i in having]


# --- labels -------------------------------------------------------------------------------------


def axis_title(measure: str, cumulative: bool, first_year: int | None, lang: str) -> str:
    """What the y axis counts, exactly."""
    if not is_region_measure(measure):
        return t("trends.axis.headcount", lang, category=t(f"category.{measure}", lang))
    if cumulative:
        return t(f"trends.axis.{measure}_cumulative", lang, year=first_year)
    return t(f"trends.axis.{measure}", lang)


def chart_title(measure: str, cumulative: bool, as_of: str, lang: str) -> str:
    """The chart's title: what is counted, per what, and the data's date."""
    date = format_date(as_of, lang)
    if not is_region_measure(measure):
        return t("trends.title.headcount", lang, category=t(f"category.{measure}", lang), date=date)
    key = f"trends.title.{measure}" + ("_cumulative" if cumulative else "")
    return t(key, lang, date=date)


def _sources_text(catalog: Catalog, source_ids, lang: str, limit: int = 2) -> str:
    titles = [shorten(source_title(catalog, s), width=60, placeholder="…") for s in source_ids]
    shown = titles[:limit]
    if len(titles) > limit:
        shown.append(t("chart.more_sources", lang, count=len(titles) - limit))
    return "; ".join(shown)


# --- figures ------------------------------------------------------------------------------------


def _colours(keys: list[str]) -> dict[str, str]:
    return {k: PALETTE[n % len(PALETTE)] for n, k in enumerate(keys)}


def _count_axis(counts) -> dict:
    """A y axis of whole counts from 0 (one tick per unit while they are few)."""
    peak = max((int(c) for c in counts), default=0)
    return {"rangemode": "tozero", "tickformat": "d", "dtick": 1 if peak <= 8 else None}


def _year_axis(years: list[int], lang: str) -> dict:
    low, high = min(years), max(years)
    spare = 0.5 if high > low else 1.5
    return {
        "title": t("chart.year", lang),
        "range": [low - spare, high + spare],
        "tickformat": "d",
        "dtick": 1 if high - low <= 12 else None,
    }


def _region_hover(catalog: Catalog, row: pd.Series, lang: str) -> str:
    """A point's hover: how many items that year, their titles, their sources."""
    lines = [t("trends.hover.added", lang, count=row["added"])]
    lines += [plain(shorten(x, 80, placeholder="…")) for x in row["titles"][:HOVER_ITEMS]]
    if len(row["titles"]) > HOVER_ITEMS:
        lines.append(t("chart.more_sources", lang, count=len(row["titles"]) - HOVER_ITEMS))
    if row["source_ids"]:
        sources = _sources_text(catalog, row["source_ids"], lang)
        lines.append(plain(t("chart.sources", lang, titles=sources)))
    return "<br>".join(lines)


def region_figure(
    catalog: Catalog,
    counts: pd.DataFrame,
    names: dict[str, str],
    measure: str,
    cumulative: bool,
    lang: str,
) -> go.Figure:
    """One line per region over every shown year (zeros included), hover listing the year's
    items and their sources."""
    fig = go.Figure()
    regions = list(dict.fromkeys(counts["region_id"]))
    colours = _colours(regions)
    for region_id in regions:
        rows = counts[counts["region_id"] == region_id]
        hover = [_region_hover(catalog, row, lang) for _, row in rows.iterrows()]
        fig.add_trace(
            go.Scatter(
                x=list(rows["year"]),
                y=list(rows["count"]),
                mode="lines+markers",
                name=plain(names.get(region_id, region_id)),
                line={"color": colours[region_id], "width": 2.5},
                marker={"size": 7},
                hovertext=hover,
                hovertemplate="<b>%{x}: %{y}</b><br>%{hovertext}<extra>%{fullData.name}</extra>",
            )
        )
    first = int(counts["year"].min()) if len(counts) else None
    fig.update_layout(
        title=plain(chart_title(measure, cumulative, catalog.as_of, lang)),
        height=460,
        margin={"t": 60},
        xaxis=_year_axis(list(counts["year"]), lang) if len(counts) else {},
        yaxis={
            "title": axis_title(measure, cumulative, first, lang),
            **_count_axis(counts["count"]),
        },
        legend={"yanchor": "top", "y": 1, "x": 1.02},
        hovermode="closest",
    )
    return fig


def headcount_figure(
    catalog: Catalog, points: pd.DataFrame, names: dict[str, str], category: str, lang: str
) -> go.Figure:
    """Per institution: a line joining the counts it has (markers only where one year is
    sourced), and open markers for other sources' values and targets, in the same colour."""
    fig = go.Figure()
    institutions = list(dict.fromkeys(points["institution_id"]))
    colours = _colours(institutions)
    for institution_id in institutions:
        rows = points[points["institution_id"] == institution_id]
        name = plain(names.get(institution_id, institution_id))
        for on_line, group in rows.groupby("on_line", sort=False):
            hover = [
                "<br>".join(
                    p
                    for p in (
                        count_text(r["count"], r["qualifier"], lang),
                        qualifier_text(r["count"], r["qualifier"], lang),
                        "" if on_line else t("trends.hover.not_on_line", lang),
                        plain(
                            t("chart.sources", lang, titles=source_title(catalog, r["source_id"]))
                        ),
                    )
                    if p
                )
                for _, r in group.iterrows()
            ]
            fig.add_trace(
                go.Scatter(
                    x=[int(y) for y in group["year"]],
                    y=[float(c) for c in group["count"]],
                    mode="lines+markers" if on_line else "markers",
                    name=name if on_line else f"{name} · {t('trends.other_values', lang)}",
                    legendgroup=institution_id,
                    showlegend=bool(on_line) or not rows["on_line"].any(),
                    line={"color": colours[institution_id], "width": 2.5},
                    marker={
                        "size": 9 if on_line else 10,
                        "color": colours[institution_id],  # an open symbol's outline
                        "line": {"color": colours[institution_id], "width": 2},
                        "symbol": "circle" if on_line else "diamond-open",
                    },
                    hovertext=hover,
                    hovertemplate="<b>%{x}</b>: %{hovertext}<extra>"
                    + name.replace("%", "%%")
                    + "</extra>",
                )
            )
    years = [int(y) for y in points["year"]]
    fig.update_layout(
        title=plain(chart_title(category, False, catalog.as_of, lang)),
        height=460,
        margin={"t": 60},
        xaxis=_year_axis(years, lang) if years else {},
        yaxis={
            "title": axis_title(category, False, None, lang),
            "rangemode": "tozero",
            "tickformat": ",d",  # 48,000, not 48k: as the sources print them
        },
        legend={"yanchor": "top", "y": 1, "x": 1.02},
        hovermode="closest",
    )
    return fig


# --- tables -------------------------------------------------------------------------------------


def region_rows(
    catalog: Catalog,
    counts: pd.DataFrame,
    names: dict[str, str],
    measure: str,
    cumulative: bool,
    lang: str,
) -> Shown:
    """The table behind a region chart: region, year, the year's count (and the running total
    when cumulative), the items and their sources."""
    table = {
        t("col.region", lang): [names.get(r, r) for r in counts["region_id"]],
        t("col.year", lang): pd.array(numbers(counts["year"]), dtype="Int64"),
        t(f"trends.col.{measure}", lang): pd.array(numbers(counts["added"]), dtype="Int64"),
    }
    if cumulative:
        table[t("trends.col.cumulative", lang)] = pd.array(numbers(counts["count"]), dtype="Int64")
    table[t("trends.col.items", lang)] = ["; ".join(v) for v in counts["titles"]]
    table[t("col.source", lang)] = [
        "; ".join(source_title(catalog, s) for s in v) for v in counts["source_ids"]
    ]
    sources = [s for v in counts["source_ids"] for s in v]
    return Shown(pd.DataFrame(table), ids_of(pd.Series(sources, dtype=object)))


def headcount_rows(
    catalog: Catalog, points: pd.DataFrame, names: dict[str, str], category: str, lang: str
) -> Shown:
    """The table behind a headcount chart: one row per sourced value, its qualifier in its own
    column, whether the line joins it, and its source."""
    rows = pd.DataFrame(
        {
            t("col.institution", lang): [names.get(i, i) for i in points["institution_id"]],
            t("col.year", lang): pd.array(numbers(points["year"]), dtype="Int64"),
            t(f"category.{category}", lang): pd.array(numbers(points["count"]), dtype="Int64"),
            t("col.qualifier", lang): [
                qualifier_text(c, q, lang)
                for c, q in zip(points["count"], points["qualifier"], strict=True)
            ],
            t("trends.col.on_line", lang): [
                t("trends.on_line" if on else "trends.not_on_line", lang)
                for on in points["on_line"]
            ],
            t("col.source", lang): [source_title(catalog, s) for s in points["source_id"]],
        }
    )
    return Shown(rows, ids_of(points["source_id"]))


# --- Compare: the three region measures side by side ------------------------------------------


def measure_spans(
    full: Catalog, chosen: tuple[int, int] | None
) -> dict[str, tuple[int, int] | None]:
    """Per region measure, the years drawn: those the whole catalog covers, within the filter."""
    return {m: shown_years(covered_years(full, m), chosen) for m in REGION_MEASURES}


def all_region_counts(
    catalog: Catalog, region_ids: list[str], spans: dict, lang: str = "en"
) -> pd.DataFrame:
    """`region_counts` of every region measure, with a `measure` column."""
    frames = [
        region_counts(catalog, region_ids, m, spans.get(m), lang=lang).assign(measure=m)
        for m in REGION_MEASURES
    ]
    return pd.concat(frames, ignore_index=True)


def measures_figure(
    catalog: Catalog, counts: pd.DataFrame, names: dict[str, str], lang: str
) -> go.Figure:
    """Agreements signed, events and projects started per year, one panel each, one line per
    region (same colour in every panel)."""
    fig = make_subplots(
        rows=1,
        cols=len(REGION_MEASURES),
        subplot_titles=[t(f"trends.axis.{m}", lang) for m in REGION_MEASURES],
        horizontal_spacing=0.07,
    )
    regions = list(dict.fromkeys(counts["region_id"]))
    colours = _colours(regions)
    for column, measure in enumerate(REGION_MEASURES, start=1):
        panel = counts[counts["measure"] == measure]
        for region_id in regions:
            rows = panel[panel["region_id"] == region_id]
            fig.add_trace(
                go.Scatter(
                    x=list(rows["year"]),
                    y=list(rows["count"]),
                    mode="lines+markers",
                    name=plain(names.get(region_id, region_id)),
                    legendgroup=region_id,
                    showlegend=column == 1,
                    line={"color": colours[region_id], "width": 2},
                    marker={"size": 5},
                    hovertext=[_region_hover(catalog, r, lang) for _, r in rows.iterrows()],
                    hovertemplate="<b>%{x}: %{y}</b><br>%{hovertext}"
                    "<extra>%{fullData.name}</extra>",
                ),
                row=1,
                col=column,
            )
        years = [int(y) for y in panel["year"]]
        if years:
            fig.update_xaxes(_year_axis(years, lang), row=1, col=column)
        fig.update_yaxes(_count_axis(panel["count"]), row=1, col=column)
    fig.update_xaxes(dtick=None)  # narrow panels: plotly picks the year ticks
    fig.update_layout(
        title=plain(t("trends.title.measures", lang, date=format_date(catalog.as_of, lang))),
        height=420,
        margin={"t": 100},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.1, "x": 0},
        hovermode="closest",
    )
    return fig


def measures_rows(
    catalog: Catalog, counts: pd.DataFrame, names: dict[str, str], lang: str
) -> Shown:
    """The table behind the three panels: region, measure, year, count, items and sources."""
    rows = pd.DataFrame(
        {
            t("col.region", lang): [names.get(r, r) for r in counts["region_id"]],
            t("trends.col.measure", lang): [t(f"trends.axis.{m}", lang) for m in counts["measure"]],
            t("col.year", lang): pd.array(numbers(counts["year"]), dtype="Int64"),
            t("col.count", lang): pd.array(numbers(counts["count"]), dtype="Int64"),
            t("trends.col.items", lang): ["; ".join(v) for v in counts["titles"]],
            t("col.source", lang): [
                "; ".join(source_title(catalog, s) for s in v) for v in counts["source_ids"]
            ],
        }
    )
    sources = [s for v in counts["source_ids"] for s in v]
    return Shown(rows, ids_of(pd.Series(sources, dtype=object)))


@memo.per_catalog(max_entries=16)
def measures_chart(
    catalog: Catalog,
    region_ids: tuple[str, ...],
    spans: tuple[tuple[str, tuple[int, int] | None], ...],
    names: tuple[tuple[str, str], ...],
    lang: str,
) -> tuple[go.Figure, Shown]:
    """Compare's figure of the three measures and its table, once per choice (hashable
    arguments: `spans` and `names` as sorted item tuples)."""
    counts = all_region_counts(catalog, list(region_ids), dict(spans), lang)
    shown = measures_rows(catalog, counts, dict(names), lang)
    return _with_sources(
        catalog, measures_figure(catalog, counts, dict(names), lang), shown, lang
    ), shown


def _with_sources(catalog: Catalog, figure: go.Figure, shown: Shown, lang: str) -> go.Figure:
    """The figure with the sources of its table's rows and the as-of date inside it (one line).
    Added once, where the figure is built: a memoised figure drawn again must not gain another."""
    return charts.with_footnote(
        figure, charts.footnote_text(catalog, shown.source_ids, lang, limit=2)
    )


@memo.per_catalog(max_entries=32)
def region_chart(
    catalog: Catalog,
    region_ids: tuple[str, ...],
    measure: str,
    years: tuple[int, int] | None,
    cumulative: bool,
    lang: str,
    names: tuple[tuple[str, str], ...],
) -> tuple[go.Figure, Shown] | None:
    """Trends' region lines with their sources, and their table, once per choice (`names`:
    (id, name) pairs); None when no year is shown."""
    counts = region_counts(catalog, list(region_ids), measure, years, cumulative, lang)
    if counts.empty:
        return None
    labels = dict(names)
    shown = region_rows(catalog, counts, labels, measure, cumulative, lang)
    figure = region_figure(catalog, counts, labels, measure, cumulative, lang)
    return _with_sources(catalog, figure, shown, lang), shown


@memo.per_catalog(max_entries=32)
def headcount_chart(
    catalog: Catalog,
    institution_ids: tuple[str, ...],
    category: str,
    lang: str,
    names: tuple[tuple[str, str], ...],
) -> tuple[go.Figure, Shown] | None:
    """Trends' headcount lines with their sources, and their table, once per choice (`names`:
    (id, name) pairs); None when none of the institutions has a sourced value."""
    points = headcount_points(catalog, list(institution_ids), category)
    if points.empty:
        return None
    labels = dict(names)
    shown = headcount_rows(catalog, points, labels, category, lang)
    figure = headcount_figure(catalog, points, labels, category, lang)
    return _with_sources(catalog, figure, shown, lang), shown


def measure_label(measure: str, lang: str) -> str:
    """A measure as the picker lists it, saying whether it draws regions or institutions."""
    if is_region_measure(measure):
        return t(f"trends.measure.{measure}", lang)
    return t("trends.measure.headcount", lang, category=t(f"category.{measure}", lang))


def undated_text(undated: dict[str, int], names: dict[str, str]) -> str:
    """ "Beijing 2; Zhejiang 1" for the regions with undated items ("" when none)."""
    return "; ".join(f"{names.get(r, r)} {n}" for r, n in undated.items() if n)
