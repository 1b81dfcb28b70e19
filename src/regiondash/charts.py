"""Plotly figures: pure builders from frames and a language (no streamlit here)."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from regiondash.data import Catalog
from regiondash.i18n import t
from regiondash.links import partner_link_counts
from regiondash.places import region_points

HEADCOUNT_ORDER = [
    "students_total",
    "students_first_cycle",
    "students_master",
    "students_doctoral",
    "international_students",
    "international_academics",
]
KIND_COLOURS = {"agreement": "#1f4e79", "project": "#d67c26", "event": "#4a8c5c"}


def with_footnote(fig: go.Figure, text: str) -> go.Figure:
    """Put the sources / as-of line inside the figure, so an exported PNG still carries it."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.12,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"size": 10, "color": "#555"},
    )
    fig.update_layout(margin={"b": 70})
    return fig


def partner_map_figure(catalog: Catalog, lang: str) -> go.Figure:
    """Partner regions shaded by number of links, on country outlines; no tiles needed."""
    counts = partner_link_counts(catalog)
    names = catalog.regions.set_index("id")["name_en"]
    countries = json.loads(catalog.countries[["adm0_a3", "geometry"]].to_json())
    shapes = catalog.region_shapes[catalog.region_shapes.geometry.notna()]
    regions_geojson = json.loads(shapes[["region_id", "geometry"]].to_json())
    fig = go.Figure()
    fig.add_trace(
        go.Choroplethmap(
            geojson=countries,
            locations=catalog.countries["adm0_a3"],
            featureidkey="properties.adm0_a3",
            z=[0] * len(catalog.countries),
            colorscale=[[0, "#f3f1ec"], [1, "#f3f1ec"]],
            marker_line_color="#bbbbbb",
            marker_line_width=0.4,
            showscale=False,
            hoverinfo="skip",
        )
    )
    shaded = shapes["region_id"]
    fig.add_trace(
        go.Choroplethmap(
            geojson=regions_geojson,
            locations=shaded,
            featureidkey="properties.region_id",
            z=[counts.get(r, 0) for r in shaded],
            text=[names[r] for r in shaded],
            colorscale="Oranges",
            zmin=0,
            marker_line_color="#555555",
            colorbar={"title": {"text": t("chart.links", lang)}},
            hovertemplate="%{text}<br>" + t("chart.links", lang) + ": %{z}<extra></extra>",
        )
    )
    markers = region_points(catalog)
    markers = markers[~markers["has_polygon"]]
    fig.add_trace(
        go.Scattermap(
            lat=markers["lat"],
            lon=markers["lon"],
            text=[names[r] for r in markers["region_id"]],
            customdata=[counts.get(r, 0) for r in markers["region_id"]],
            mode="markers",
            marker={"size": 11, "color": "#d67c26"},
            hovertemplate="%{text}<br>" + t("chart.links", lang) + ": %{customdata}<extra></extra>",
            name=t("chart.marker_regions", lang),
        )
    )
    fig.update_layout(
        map={"style": "white-bg", "center": {"lat": 35, "lon": 60}, "zoom": 0.6},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=420,
        showlegend=False,
    )
    return fig


def headcount_figure(latest: pd.DataFrame, institution_name: str, lang: str) -> go.Figure:
    """Bars of one institution's latest headcount per category (students and academics)."""
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
        title=t("chart.headcounts_title", lang, name=institution_name),
        xaxis_title=t("chart.people", lang),
        yaxis={"autorange": "reversed"},
        height=360,
    )
    return fig


def timeline_frame(catalog: Catalog) -> pd.DataFrame:
    """Agreements, events and projects as dated items: kind, when (date), title, source_id."""
    agreements = catalog.agreements.assign(
        kind="agreement",
        when=lambda df: df["signed_on"].fillna(pd.to_datetime(df["signed_year"].astype("string"))),
        title=lambda df: df["title_en"],
    )
    events = catalog.events.assign(
        kind="event", when=lambda df: df["date"], title=lambda df: df["title_en"]
    )
    projects = catalog.projects.dropna(subset=["start_year"]).assign(
        kind="project",
        when=lambda df: pd.to_datetime(df["start_year"].astype("string")),
        title=lambda df: df["title_en"],
    )
    columns = ["kind", "when", "title", "source_id"]
    items = pd.concat([agreements[columns], events[columns], projects[columns]], ignore_index=True)
    return items.sort_values("when").reset_index(drop=True)


def timeline_figure(items: pd.DataFrame, lang: str) -> go.Figure:
    """Dated items on a time axis, one lane per kind, zoomable."""
    fig = go.Figure()
    for kind, group in items.groupby("kind", sort=False):
        fig.add_trace(
            go.Scatter(
                x=group["when"],
                y=[t(f"kind.{kind}", lang)] * len(group),
                mode="markers",
                marker={"size": 13, "color": KIND_COLOURS.get(kind, "#777"), "opacity": 0.8},
                text=group["title"],
                hovertemplate="%{text}<br>%{x|%Y-%m-%d}<extra></extra>",
                name=t(f"kind.{kind}", lang),
            )
        )
    fig.update_layout(
        height=380,
        xaxis={"title": t("chart.date", lang), "rangeslider": {"visible": True}},
        yaxis={"title": ""},
        legend={"orientation": "h", "y": 1.1},
    )
    return fig
