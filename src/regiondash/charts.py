"""Plotly figures: pure builders from frames and a language (no streamlit here)."""

from __future__ import annotations

import unicodedata
from textwrap import shorten, wrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from regiondash import memo
from regiondash.changes import dated_items
from regiondash.data import Catalog
from regiondash.geo import areas_km2, rings, simplified_by_size, svg_path
from regiondash.i18n import localized_label, t
from regiondash.links import partner_link_counts
from regiondash.places import drawn_region_shapes, region_points
from regiondash.provenance import unique_source_ids
from regiondash.text import plain

HEADCOUNT_ORDER = [
    "students_total",
    "students_first_cycle",
    "students_master",
    "students_doctoral",
    "international_students",
    "international_academics",
]
LINK_SCALE = "Oranges"
WORLD_CHART_TOLERANCE = 0.2  # degrees; finer detail is invisible on a 420 px world map
SMALL_REGION_KM2 = 5000  # city regions vanish at world scale: they also get a marker
HOME_COLOUR = "rgba(31, 78, 121, 0.75)"
KIND_COLOURS = {"agreement": "#1f4e79", "project": "#d67c26", "event": "#4a8c5c"}


def footnote_text(catalog: Catalog, source_ids, lang: str, limit: int = 3) -> str:
    """ "Sources: A; B; +2 more · Data as of 2026-11-24" for a figure built on these sources."""
    titles = catalog.sources.set_index("id")["title"]
    ids = [s for s in unique_source_ids(source_ids) if s in titles.index]
    shown = [shorten(str(titles[i]), width=70, placeholder="…") for i in ids[:limit]]
    if len(ids) > limit:
        shown.append(t("chart.more_sources", lang, count=len(ids) - limit))
    sources = t("chart.sources", lang, titles="; ".join(shown)) if shown else ""
    return " · ".join(p for p in (sources, t("chart.as_of", lang, date=catalog.as_of)) if p)


FOOTNOTE_MARGIN = 95  # px under the plot: axis labels and title first, then the footnote
FOOTNOTE_CHARS = 80  # per line: about 420 px of its 10-px text, a half-width chart's room
FOOTNOTE_LINE = 13  # px per line of the footnote


def footnote_lines(text: str, width: int = FOOTNOTE_CHARS) -> list[str]:
    """`text` in lines of at most `width` columns (a Chinese character takes two): a plotly
    annotation does not wrap, and one long line runs past the chart's right edge."""
    wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    per_line = max(1, width // 2 if wide else width)  # characters
    return wrap(text, per_line, break_long_words=True, break_on_hyphens=False)


def with_footnote(fig: go.Figure, text: str) -> go.Figure:
    """Put the sources / as-of line inside the figure, so an exported PNG still carries it.

    Placed a fixed number of pixels under the plot area (below the x-axis title, whatever the
    figure's height). `text` may hold data (source titles): it is escaped.
    """
    height = fig.layout.height or 450
    margin = fig.layout.margin
    top = margin.t if margin.t is not None else 80
    bottom = max(margin.b or 0, FOOTNOTE_MARGIN)
    slider = fig.layout.xaxis.rangeslider
    if slider.visible:  # the range slider sits under the axis: the footnote goes below it
        bottom += round((slider.thickness or 0.15) * height) + 10
    lines = footnote_lines(text)
    below = bottom + FOOTNOTE_LINE * max(len(lines) - 1, 0)  # room for the lines after the first
    plot_height = max(height - top - below, 50)
    fig.add_annotation(
        text="<br>".join(plain(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=-(bottom - 12) / plot_height,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        align="left",
        font={"size": 10, "color": "#555"},
    )
    fig.update_layout(margin={"b": below})
    return fig


def _outline_xy(shapes, decimals: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat of every ring of every shape, rings separated by NaN (a gap: one filled trace).

    Arrays, not lists: plotly sends an array as base64 and Streamlit's copy of the figure on
    every rerun copies it at once (the world's 37,000 points as lists cost the Overview
    ~150 ms a rerun)."""
    parts = []
    for ring in rings(shapes):
        parts += [np.asarray(ring.coords)[:, :2], [[np.nan, np.nan]]]
    xy = np.round(np.concatenate(parts), decimals) if parts else np.empty((0, 2))
    # float32: 4 bytes a value sent (as base64), fewer than the digits of a rounded float64
    xy = xy.astype(np.float32)
    return xy[:, 0].copy(), xy[:, 1].copy()


_WORLD_OUTLINES: dict[int, tuple[np.ndarray, np.ndarray]] = {}
WORLD_FILL, WORLD_LINE = "#f3f1ec", "#c8c8c8"


def _world_shapes(countries):
    simplified = countries.geometry.simplify(WORLD_CHART_TOLERANCE)
    return simplified[~simplified.is_empty]


def world_outline_xy(countries) -> tuple[np.ndarray, np.ndarray]:
    """Country outlines simplified for a world-sized chart (~0.2°), computed once per frame."""
    key = id(countries)
    if key not in _WORLD_OUTLINES:
        _WORLD_OUTLINES[key] = _outline_xy(_world_shapes(countries), decimals=2)
    return _WORLD_OUTLINES[key]


def world_outline_svg(countries) -> str:
    """The outlines of `world_outline_xy` as an SVG drawing in lon/lat units: the partner map's
    background image, which the browser fetches once and caches (as a trace it was 80 % of the
    Overview's first visit, sent again to every session)."""
    path = svg_path(_world_shapes(countries), decimals=2)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180"'
        ' preserveAspectRatio="none">'
        f'<path fill="{WORLD_FILL}" fill-rule="evenodd" stroke="{WORLD_LINE}"'
        f' stroke-width="0.5" vector-effect="non-scaling-stroke" d="{path}"/></svg>'
    )


def _filled_xy(xy, fill: str, line: dict, **rest) -> go.Scatter:
    """One filled lines trace of (lons, lats) rings separated by gaps."""
    lons, lats = xy
    return go.Scatter(
        x=lons,
        y=lats,
        mode="lines",
        fill="toself",
        fillcolor=fill,
        line=line,
        showlegend=False,
        **rest,
    )


def world_trace(countries, fill: str = WORLD_FILL, width: float = 0.5) -> go.Scatter:
    """The outlines of `world_outline_xy` as one filled trace (a basemap drawn from data/geo)."""
    line = {"color": WORLD_LINE, "width": width}
    return _filled_xy(world_outline_xy(countries), fill, line, hoverinfo="skip")


def world_image(url: str) -> dict:
    """A plotly layout image of the world drawing at `url`, spanning the whole lon/lat plane."""
    return {
        "source": url,
        "xref": "x",
        "yref": "y",
        "x": -180,
        "y": 90,
        "sizex": 360,
        "sizey": 180,
        "xanchor": "left",
        "yanchor": "top",
        "sizing": "stretch",
        "layer": "below",
    }


# Up to this many partner regions, each is its own trace (hovering its area names it); past it,
# regions of one shade share a trace: hundreds of traces made every Overview rerun slow.
CHART_DETAIL = 150  # a partner region's outline keeps about 1/150 of its size as detail
DETAILED_REGIONS = 60  # past this many, the detail shrinks in proportion
MAX_REGION_TRACES = 60


def partner_map_figure(catalog: Catalog, lang: str, world_url: str | None = None) -> go.Figure:
    """Partner regions shaded by number of links, drawn on country outlines: the published
    `world_outline_svg` at `world_url`, else a trace of them (for a figure used on its own).

    Plain lon/lat axes (equirectangular), not a plotly geo or tile map: those fetch their
    basemap from the network, this draws only what data/geo ships.
    """
    counts = partner_link_counts(catalog)
    names = pd.Series(
        [localized_label(row, "name", lang) for _, row in catalog.regions.iterrows()],
        index=catalog.regions["id"].to_numpy(),
    )
    peak = max(int(counts.max()) if len(counts) else 0, 1)
    fig = go.Figure()
    if world_url:
        fig.add_layout_image(world_image(world_url))
    else:
        fig.add_trace(world_trace(catalog.countries))
    shapes = drawn_region_shapes(catalog)
    home = set(catalog.regions.loc[catalog.regions["role"] == "home", "id"])
    region_ids = list(shapes["region_id"])
    colours = [
        HOME_COLOUR if r in home else _shade(int(counts.get(r, 0)), peak) for r in region_ids
    ]
    hovers = [
        _hover(names.get(r, r), int(counts.get(r, 0)), r in counts.index, lang) for r in region_ids
    ]
    # Detail in proportion to each region's size (a world-sized chart, zoomable a little), and
    # less of it past DETAILED_REGIONS regions: hundreds of regions are a few pixels each.
    detail = CHART_DETAIL * min(1.0, DETAILED_REGIONS / max(1, len(shapes)))
    outlines = list(simplified_by_size(shapes.geometry, detail, finest=0.01))
    if len(region_ids) <= MAX_REGION_TRACES:  # one trace a region: hovering its area names it
        for region_id, outline, colour, hover in zip(
            region_ids, outlines, colours, hovers, strict=True
        ):
            name = plain(names.get(region_id, region_id))
            fig.add_trace(_filled([outline], colour, name=name, hoveron="fills", text=hover))
    else:  # one trace a shade (each trace costs the page), each region named at its centre
        for colour in dict.fromkeys(colours):
            shade = [o for o, c in zip(outlines, colours, strict=True) if c == colour]
            fig.add_trace(_filled(shade, colour, hoverinfo="skip"))
        centres = shapes.geometry.representative_point()
        fig.add_trace(
            go.Scatter(
                x=centres.x.to_numpy(),
                y=centres.y.to_numpy(),
                mode="markers",
                marker={"size": 6, "color": "#555555", "opacity": 0.6},
                customdata=region_ids,  # a click on a centre opens that region on the Map
                text=hovers,
                hoverinfo="text",
                showlegend=False,
            )
        )
    markers = region_points(catalog)
    small = set(shapes.loc[areas_km2(shapes.geometry).to_numpy() < SMALL_REGION_KM2, "region_id"])
    markers = markers[~markers["has_polygon"] | markers["region_id"].isin(small)]
    if len(region_ids) <= MAX_REGION_TRACES:  # past it, the region centres are drawn already
        fig.add_trace(_click_targets(catalog, set(markers["region_id"])))
    fig.add_trace(
        go.Scatter(
            x=markers["lon"],
            y=markers["lat"],
            customdata=list(markers["region_id"]),
            mode="markers",
            marker={
                "size": 12,
                "line": {"color": "#555555", "width": 1},
                "color": [int(counts.get(r, 0)) for r in markers["region_id"]],
                "colorscale": LINK_SCALE,
                "cmin": 0,
                "cmax": peak,
                "showscale": True,
                "colorbar": {"title": {"text": t("chart.links", lang)}, "thickness": 12},
            },
            text=[
                _hover(names[r], int(counts.get(r, 0)), True, lang) for r in markers["region_id"]
            ],
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.update_layout(
        xaxis={"visible": False, "range": [-130, 150]},
        yaxis={"visible": False, "range": [-40, 72], "scaleanchor": "x", "scaleratio": 1},
        plot_bgcolor="#e1ecf4",
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=420,
        hovermode="closest",
    )
    return fig


def _filled(shapes, colour: str, **hover) -> go.Scatter:
    """One filled trace of `shapes` (rings separated by gaps) in `colour`, outlined."""
    line = {"color": "#555555", "width": 0.8}
    return _filled_xy(_outline_xy(shapes), colour, line, **{"hoverinfo": "text", **hover})


def _click_targets(catalog: Catalog, already_marked: set[str]) -> go.Scatter:
    """Near-invisible points at each other region's centre: clicking a polygon's centre selects
    it (plotly selects points, not filled areas)."""
    points = region_points(catalog)
    points = points[~points["region_id"].isin(already_marked)]
    return go.Scatter(
        x=points["lon"],
        y=points["lat"],
        mode="markers",
        customdata=list(points["region_id"]),
        marker={"size": 28, "opacity": 0.01, "color": "#000000"},
        hoverinfo="none",  # not "skip": plotly neither hovers nor clicks a skipped point
        showlegend=False,
    )


def _shade(links: int, peak: int) -> str:
    return sample_colorscale(LINK_SCALE, links / peak)[0]


def _hover(name: str, links: int, is_partner: bool, lang: str) -> str:
    if not is_partner:
        return f"{plain(name)}<br>{t('map.role.home', lang)}"
    return f"{plain(name)}<br>{t('chart.links', lang)}: {links}"


def headcount_figure(
    latest: pd.DataFrame, institution_name: str, year: int, lang: str
) -> go.Figure:
    """Bars of one institution's headcount per category in one year (latest source each)."""
    rows = latest.set_index("category").reindex(
        [c for c in HEADCOUNT_ORDER if c in set(latest["category"])]
    )
    labels = [t(f"category.{c}", lang) for c in rows.index]
    years = [str(y) for y in rows["year"]]
    fig = go.Figure(
        go.Bar(
            x=rows["count"].astype(float),
            y=labels,
            orientation="h",
            marker_color="#1f4e79",
            text=[f"{int(c):,}" for c in rows["count"]],
            customdata=years,
            hovertemplate="%{y}: %{x:,}<br>"
            + t("chart.year", lang)
            + " %{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        title=t("chart.headcounts_title", lang, name=plain(institution_name), year=year),
        xaxis_title=t("chart.people", lang),
        yaxis={"autorange": "reversed"},
        height=360,
    )
    return fig


@memo.per_catalog(max_entries=16)
def timeline_frame(catalog: Catalog, lang: str = "en") -> pd.DataFrame:
    """Agreements, events and projects as dated items with a title in `lang` (kind, when, title,
    precise, source_id)."""
    items = dated_items(catalog)
    tables = {"agreement": catalog.agreements, "event": catalog.events, "project": catalog.projects}
    titles = {
        kind: {row["id"]: localized_label(row, "title", lang) for row in table.to_dict("records")}
        for kind, table in tables.items()
    }
    items["title"] = [titles[k].get(i, "") for k, i in zip(items["kind"], items["id"], strict=True)]
    return items.sort_values("when").reset_index(drop=True)


@memo.per_catalog(max_entries=16)
def partner_map_with_sources(
    catalog: Catalog, lang: str, world_url: str | None = None
) -> go.Figure:
    """The Overview's partner map with its sources footnote, built once per view and language
    (shared by every session: nothing may change it; frame.plotly_chart keeps its dict)."""
    figure = with_footnote(
        partner_map_figure(catalog, lang, world_url),
        footnote_text(catalog, catalog.agreements["source_id"], lang),
    )
    # The colour scale under the map, not beside it: on a phone the map keeps the full width.
    return figure.update_traces(
        marker_colorbar={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.02},
        marker_colorbar_yanchor="top",
        marker_colorbar_len=0.5,
        marker_colorbar_thickness=10,
        marker_colorbar_title_side="top",
        selector={"marker.showscale": True},  # the one trace with a scale (not region centres)
    )


@memo.per_catalog(max_entries=16)
def timeline_with_sources(catalog: Catalog, lang: str) -> go.Figure:
    """The Timeline figure of `timeline_frame` with its sources footnote, once per view."""
    items = timeline_frame(catalog, lang)
    return with_footnote(
        timeline_figure(items, lang), footnote_text(catalog, items["source_id"], lang)
    )


# Beyond this many marks a lane is a solid smear nobody can read (and the figure JSON grows by
# ~150 bytes a mark): the timeline then counts items per kind and year instead.
MAX_TIMELINE_MARKS = 2000
TIMELINE_LAYOUT = {
    "height": 460,
    # No axis title: plotly puts it under the range slider, where the sources footnote goes.
    "xaxis": {"rangeslider": {"visible": True, "thickness": 0.1}},
    "yaxis": {"title": ""},
    "legend": {"orientation": "h", "y": 1.1},
}


def timeline_figure(items: pd.DataFrame, lang: str) -> go.Figure:
    """Dated items on a time axis, one lane per kind, zoomable; hollow marks for items whose
    source gives only the year (placed on 1 January). More than MAX_TIMELINE_MARKS items are
    drawn as one mark per kind and year, sized by how many items it counts."""
    if len(items) > MAX_TIMELINE_MARKS:
        return timeline_counts_figure(items, lang)
    fig = go.Figure()
    for kind, group in items.groupby("kind", sort=False):
        shown = [
            w.strftime("%Y-%m-%d") if precise else t("chart.year_only", lang, year=w.year)
            for w, precise in zip(group["when"], group["precise"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=group["when"],
                y=[t(f"kind.{kind}", lang)] * len(group),
                mode="markers",
                marker={
                    "size": 13,
                    "color": KIND_COLOURS.get(kind, "#777"),
                    "opacity": 0.85,
                    "symbol": ["circle" if p else "circle-open" for p in group["precise"]],
                    "line": {"width": 2, "color": KIND_COLOURS.get(kind, "#777")},
                },
                text=[plain(title) for title in group["title"]],
                customdata=shown,
                hovertemplate="%{text}<br>%{customdata}<extra></extra>",
                name=t(f"kind.{kind}", lang),
            )
        )
    fig.update_layout(**TIMELINE_LAYOUT)
    return fig


def timeline_counts_figure(items: pd.DataFrame, lang: str) -> go.Figure:
    """One mark per kind and year (placed mid-year), its area proportional to the item count."""
    counts = (
        items.assign(year=items["when"].dt.year)
        .groupby(["kind", "year"], sort=False)
        .size()
        .rename("count")
        .reset_index()
    )
    peak = int(counts["count"].max()) if len(counts) else 1
    fig = go.Figure()
    for kind, group in counts.groupby("kind", sort=False):
        colour = KIND_COLOURS.get(kind, "#777")
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(group["year"].astype(str) + "-07-01"),
                y=[t(f"kind.{kind}", lang)] * len(group),
                mode="markers",
                marker={
                    "size": [6 + 24 * (int(n) / peak) ** 0.5 for n in group["count"]],
                    "color": colour,
                    "opacity": 0.85,
                },
                customdata=[
                    t("chart.items_in_year", lang, count=int(n), year=int(y))
                    for n, y in zip(group["count"], group["year"], strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
                name=t(f"kind.{kind}", lang),
            )
        )
    fig.update_layout(**TIMELINE_LAYOUT)
    return fig
