"""Outlines drawn by plotly: every ring of every shape, each closed and cut from the next by a
gap, as float32 arrays (sent as base64, copied at once by Streamlit on every rerun)."""

from __future__ import annotations

import numpy as np
from shapely.geometry import MultiPolygon, Polygon

from regiondash.charts import _outline_xy

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
