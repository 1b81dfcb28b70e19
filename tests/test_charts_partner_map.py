"""The Overview's partner map: one trace a region when few, one trace a shade past the cap."""

from __future__ import annotations

import numpy as np
import pytest

from regiondash import charts
from regiondash.data import load_catalog
from regiondash.places import drawn_region_shapes


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def fills(figure):
    return [trace for trace in figure.data if trace.fill == "toself"][1:]  # after the world


def points(trace) -> int:
    return int(np.count_nonzero(~np.isnan(np.asarray(trace.x, dtype=float))))


def test_each_region_is_its_own_trace_named_on_hover(catalog, monkeypatch):
    regions = drawn_region_shapes(catalog)
    monkeypatch.setattr(charts, "MAX_REGION_TRACES", len(regions))  # at the cap, not past it
    figure = charts.partner_map_figure(catalog, "en")
    traces = fills(figure)
    assert len(traces) == len(regions)
    zhejiang = next(trace for trace in traces if trace.name == "Zhejiang")
    assert zhejiang.hoveron == "fills" and zhejiang.text.startswith("Zhejiang<br>")


def test_past_the_cap_regions_of_one_shade_share_a_trace_and_are_named_at_their_centre(
    catalog, monkeypatch
):
    one_each = fills(charts.partner_map_figure(catalog, "en"))
    monkeypatch.setattr(charts, "MAX_REGION_TRACES", 2)
    figure = charts.partner_map_figure(catalog, "en")
    shared = fills(figure)
    colours = [trace.fillcolor for trace in one_each]
    assert [trace.fillcolor for trace in shared] == list(dict.fromkeys(colours))
    assert len(shared) < len(one_each)
    for trace in shared:  # every outline point of that shade's regions, none lost
        same_shade = [t for t in one_each if t.fillcolor == trace.fillcolor]
        assert points(trace) == sum(points(t) for t in same_shade)
        assert trace.hoverinfo == "skip"
    centres = figure.data[1 + len(shared)]  # after the world and the shades
    assert centres.mode == "markers" and centres.hoverinfo == "text"
    assert sorted(centres.text) == sorted(t.text for t in one_each)


def test_outlines_keep_detail_in_proportion_to_size_and_less_of_it_past_many_regions(
    catalog, monkeypatch
):
    def outline_points(figure) -> dict[str, int]:
        return {trace.name: points(trace) for trace in fills(figure)}

    detailed = outline_points(charts.partner_map_figure(catalog, "en"))
    assert len(detailed) > 2
    monkeypatch.setattr(charts, "DETAILED_REGIONS", len(detailed))  # the boundary: unchanged
    assert outline_points(charts.partner_map_figure(catalog, "en")) == detailed
    monkeypatch.setattr(charts, "DETAILED_REGIONS", 2)  # as if there were many more regions
    coarser = outline_points(charts.partner_map_figure(catalog, "en"))
    assert all(coarser[name] <= detailed[name] for name in detailed)
    assert sum(coarser.values()) < sum(detailed.values())


def test_past_the_cap_the_page_figure_has_one_colour_scale(catalog, monkeypatch):
    from dataclasses import replace

    monkeypatch.setattr(charts, "MAX_REGION_TRACES", 2)
    figure = charts.partner_map_with_sources(replace(catalog), "en")  # not a figure kept before
    with_bar = [trace for trace in figure.data if trace.marker.colorbar.orientation]
    assert len(with_bar) == 1 and with_bar[0].marker.showscale


@pytest.mark.parametrize("cap", [charts.MAX_REGION_TRACES, 2])
def test_every_region_can_be_clicked_to_open_it_on_the_map(catalog, monkeypatch, cap):
    # plotly selects points, not filled areas: each region needs a clickable point that
    # carries its id (changes.clicked_region reads it), and a "skip" point is not clickable.
    monkeypatch.setattr(charts, "MAX_REGION_TRACES", cap)
    figure = charts.partner_map_figure(catalog, "en")
    clickable = {
        region_id
        for trace in figure.data
        if trace.mode == "markers" and trace.hoverinfo != "skip" and trace.customdata is not None
        for region_id in trace.customdata
    }
    assert clickable == set(catalog.regions["id"])
