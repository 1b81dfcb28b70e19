"""Outlines drawn by plotly: every ring of every shape, each closed and cut from the next by a
gap, as float32 arrays (sent as base64, copied at once by Streamlit on every rerun); the world
as an SVG drawing the partner map shows as a background image."""

from __future__ import annotations

import re

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Polygon

from regiondash.charts import (
    _outline_xy,
    partner_map_figure,
    world_image,
    world_outline_svg,
    world_outline_xy,
)
from regiondash.data import load_catalog
from regiondash.geo import svg_path


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


SQUARE = [(0, 0), (1, 0), (1, 1), (0, 1)]
HOLE = [(0.25, 0.25), (0.75, 0.25), (0.75, 0.75), (0.25, 0.75)]
FAR = [(10.1234, 20), (11, 20), (11, 21)]


def test_each_ring_is_its_own_closed_run_between_gaps():
    shapes = [Polygon(SQUARE, [HOLE]), MultiPolygon([Polygon(FAR)])]
    lons, lats = _outline_xy(shapes, decimals=2)
    assert lons.dtype == np.float32 and lats.dtype == np.float32
    gaps = np.flatnonzero(np.isnan(lons))
    assert (np.isnan(lats) == np.isnan(lons)).all()
    assert len(gaps) == 3 and gaps[-1] == len(lons) - 1  # three rings, each followed by a gap
    runs = np.split(np.column_stack([lons, lats]), gaps + 1)[:-1]
    rings = [run[:-1] for run in runs]  # without the gap
    assert [len(ring) for ring in rings] == [5, 5, 4]  # closed: the first point repeated last
    assert all((ring[0] == ring[-1]).all() for ring in rings)
    assert rings[2][0][0] == np.float32(10.12)  # rounded to `decimals`


def test_no_shape_is_no_point():
    lons, lats = _outline_xy([])
    assert len(lons) == 0 and len(lats) == 0


def test_svg_path_has_one_closed_subpath_a_ring_with_y_pointing_up():
    path = svg_path([Polygon(SQUARE, [HOLE]), MultiPolygon([Polygon(FAR)])], decimals=2)
    subpaths = path.split("Z")
    assert subpaths[-1] == "" and len(subpaths) == 4  # three rings, each closed
    assert subpaths[0] == "M0.00 -0.00L1.00 -0.00L1.00 -1.00L0.00 -1.00L0.00 -0.00"
    assert subpaths[2].startswith("M10.12 -20.00L11.00 -20.00")  # rounded; north is up
    assert svg_path([]) == ""


def test_the_world_drawing_spans_the_lon_lat_plane_the_image_is_placed_on(catalog):
    drawing = world_outline_svg(catalog.countries)
    assert drawing.startswith("<svg") and 'viewBox="-180 -90 360 180"' in drawing
    assert 'preserveAspectRatio="none"' in drawing  # stretched to the image's lon/lat box
    path = re.search(r' d="([^"]*)"', drawing).group(1)
    points = [tuple(map(float, p.split())) for p in re.split(r"[MLZ]", path) if p]
    lons = world_outline_xy(catalog.countries)[0]
    assert len(points) == int((~np.isnan(lons)).sum())  # the same points as the trace
    xs, ys = zip(*points, strict=True)
    assert min(xs) >= -180 and max(xs) <= 180 and min(ys) >= -90 and max(ys) <= 90
    image = world_image("/app/static/geo/world.svg")
    assert (image["x"], image["y"], image["sizex"], image["sizey"]) == (-180, 90, 360, 180)
    assert (image["xanchor"], image["yanchor"], image["sizing"]) == ("left", "top", "stretch")


def test_the_partner_map_draws_the_world_as_an_image_when_it_is_published(catalog):
    traced = partner_map_figure(catalog, "en")
    imaged = partner_map_figure(catalog, "en", "/app/static/geo/world.svg")
    assert [image.source for image in imaged.layout.images] == ["/app/static/geo/world.svg"]
    assert imaged.layout.images[0].layer == "below"
    assert list(traced.layout.images) == []
    # The same traces but the world's; its 15k points no longer go out with every figure.
    assert len(imaged.data) == len(traced.data) - 1
    assert [t.fillcolor for t in imaged.data] == [t.fillcolor for t in traced.data[1:]]
    assert len(imaged.to_json()) < len(traced.to_json()) / 3
