"""The offline basemap the maps fetch: countries to fill, plus their shared borders as lines."""

from __future__ import annotations

import json
import os

from conftest import DATA_DIR

from regiondash import data, settings


def published(tmp_path, monkeypatch, data_dir=DATA_DIR) -> dict:
    monkeypatch.setattr(settings, "PROJECT_ROOT", tmp_path)
    assert data.publish_basemap(data_dir) == "/app/static/geo/basemap.json"
    return json.loads((tmp_path / "static" / "geo" / "basemap.json").read_text(encoding="utf-8"))


def test_the_basemap_is_every_country_and_one_line_feature_of_borders(tmp_path, monkeypatch):
    shipped = json.loads((DATA_DIR / "geo" / "countries.geojson").read_text(encoding="utf-8"))
    basemap = published(tmp_path, monkeypatch)
    *countries, borders = basemap["features"]
    assert countries == shipped["features"]
    assert borders["geometry"]["type"] == "MultiLineString"
    lines = borders["geometry"]["coordinates"]
    border_points = sum(len(line) for line in lines)
    outline_points = sum(
        len(ring)
        for feature in countries
        for polygon in (
            [feature["geometry"]["coordinates"]]
            if feature["geometry"]["type"] == "Polygon"
            else feature["geometry"]["coordinates"]
        )
        for ring in polygon
    )
    # Land borders only: a fraction of the outlines, coasts left to the fill.
    assert 1000 < border_points < outline_points / 4
    # France and Spain meet on land, near (-1.8, 43.4) on the Atlantic coast.
    assert any(abs(x + 1.8) < 0.1 and abs(y - 43.4) < 0.1 for line in lines for x, y in line)
    assert list(tmp_path.glob("static/geo/*.tmp")) == []  # written whole, then moved


def test_the_basemap_is_rebuilt_only_when_the_countries_change(tmp_path, monkeypatch):
    folder = tmp_path / "package"
    (folder / "geo").mkdir(parents=True)
    source = folder / "geo" / "countries.geojson"
    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    neighbour = [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]
    features = [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": c}}
        for c in (square, neighbour)
    ]
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features[:1]}))
    target = tmp_path / "static" / "geo" / "basemap.json"
    first = published(tmp_path, monkeypatch, folder)
    assert first["features"][-1]["geometry"]["coordinates"] == []  # one country: no border
    os.utime(source, (1, 1))  # older than the published file: kept
    target.write_text(json.dumps({"kept": True}))
    assert published(tmp_path, monkeypatch, folder) == {"kept": True}
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    os.utime(source, (target.stat().st_mtime + 5,) * 2)
    rebuilt = published(tmp_path, monkeypatch, folder)
    assert len(rebuilt["features"]) == 3
    (line,) = rebuilt["features"][-1]["geometry"]["coordinates"]
    assert sorted(map(tuple, line)) == [(1, 0), (1, 1)]


def test_a_static_file_is_written_whole_and_only_when_its_text_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "PROJECT_ROOT", tmp_path)
    target = tmp_path / "static" / "geo" / "world.svg"
    assert data.publish_static("geo/world.svg", "<svg/>") == "/app/static/geo/world.svg"
    assert target.read_text(encoding="utf-8") == "<svg/>"
    os.utime(target, (1, 1))
    data.publish_static("geo/world.svg", "<svg/>")
    assert target.stat().st_mtime == 1  # the same text: not written again
    data.publish_static("geo/world.svg", "<svg></svg>")
    assert target.read_text(encoding="utf-8") == "<svg></svg>"
    assert list(target.parent.glob("*.tmp")) == []
