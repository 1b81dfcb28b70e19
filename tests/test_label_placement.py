"""The Map's name placement (ui/deck_map/deck_map.js `placeLabels`), run in Node on made-up
rows: region names stay on screen however crowded while few, and past MAX_ALWAYS_NAMES they
are placed like other names, the most linked first, none covering another."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import settings

DECK_MAP = Path(__file__).parents[1] / "src" / "regiondash" / "ui" / "deck_map" / "deck_map.js"

# Prints {"max": MAX_ALWAYS_NAMES, "shown": [...]} for the rows given as argv[1]. Text is 0.6 of
# its size wide per character; the screen is `width` x `height` px, the map's point (lon, lat)
# drawn at pixel (lon, lat).
RUNNER = """
import { placeLabels, MAX_ALWAYS_NAMES } from "./deck_map.mjs";
const { rows, width, height } = JSON.parse(process.argv[2]);
const shown = placeLabels(rows, ([x, y]) => [x, y], width, height,
                          (text, size) => text.length * size * 0.6);
console.log(JSON.stringify({ max: MAX_ALWAYS_NAMES, shown }));
"""


def place(tmp_path: Path, rows: list[dict], width: int = 1200, height: int = 800) -> dict:
    node = shutil.which("node")
    if node is None:
        message = "node is needed for the name placement tests (apt-get install nodejs)"
        if settings.get("require_browser") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Node 18 (Debian's) reads a .js file as CommonJS: the module is copied as .mjs.
    shutil.copy(DECK_MAP, tmp_path / "deck_map.mjs")
    (tmp_path / "run.mjs").write_text(RUNNER)
    arguments = json.dumps({"rows": rows, "width": width, "height": height})
    done = subprocess.run(
        [node, "run.mjs", arguments], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def region(number: int, x: float, y: float, links: int = 0) -> dict:
    text = f"Region {number}"
    return {"text": text, "lon": x, "lat": y, "priority": 1000 + links, "size": 15,
            "always": True, "gap": 0}  # fmt: skip


def name(number: int, x: float, y: float, priority: int) -> dict:
    text = f"Site {number}"
    return {"text": text, "lon": x, "lat": y, "priority": priority, "size": 12,
            "always": False, "gap": 8}  # fmt: skip


def overlapping(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def max_always(tmp_path: Path) -> int:
    return place(tmp_path, [])["max"]


def test_few_region_names_are_all_shown_however_crowded(tmp_path):
    limit = max_always(tmp_path)
    rows = [region(i, 600 + i % 3, 400 + i % 2) for i in range(limit)]  # on top of each other
    shown = place(tmp_path, rows)["shown"]
    assert sorted(r["text"] for r in shown) == sorted(r["text"] for r in rows)


def test_past_the_limit_crowded_region_names_give_way_the_most_linked_kept(tmp_path):
    limit = max_always(tmp_path)
    rows = [region(i, 600 + i % 5, 400 + i % 4, links=i) for i in range(limit + 1)]
    shown = place(tmp_path, rows)["shown"]
    assert 0 < len(shown) < len(rows)
    texts = [r["text"] for r in shown]
    assert f"Region {limit}" in texts  # the most linked
    assert "Region 0" not in texts  # the least linked, crowded out
    for number, first in enumerate(shown):
        for second in shown[number + 1 :]:
            assert not overlapping(first["box"], second["box"]), (first["text"], second["text"])


def test_regions_off_screen_do_not_count_towards_the_limit(tmp_path):
    limit = max_always(tmp_path)
    crowded = [region(i, 600 + i % 3, 400 + i % 2) for i in range(limit)]
    away = [region(100 + i, -500 - i, 400) for i in range(limit)]  # left of the screen
    shown = place(tmp_path, crowded + away)["shown"]
    assert len(shown) == limit


def test_names_keep_clear_of_each_other_and_of_every_other_point(tmp_path):
    # A dense field of sites: every name placed overlaps no other name and no other point's
    # disc (the grid that finds neighbours must not miss any, whatever cell a box falls in).
    rows = [
        name(i, 40 + (i * 97) % 1120, 40 + (i * 61) % 720, priority=(i * 37) % 500)
        for i in range(300)
    ]
    shown = place(tmp_path, rows)["shown"]
    assert 20 < len(shown) < len(rows)
    for number, first in enumerate(shown):
        for second in shown[number + 1 :]:
            assert not overlapping(first["box"], second["box"]), (first["text"], second["text"])
    for label in shown:
        for row in rows:
            if row["text"] == label["text"]:
                continue
            disc = [row["lon"] - 5, row["lat"] - 5, row["lon"] + 5, row["lat"] + 5]
            assert not overlapping(label["box"], disc), (label["text"], row["text"])


def test_higher_priority_names_win_a_contested_spot(tmp_path):
    rows = [name(1, 600, 400, priority=5), name(2, 601, 400, priority=50)]
    shown = place(tmp_path, rows)["shown"]
    first = shown[0]
    assert first["text"] == "Site 2"
    assert (first["anchor"], first["baseline"]) == ("middle", "bottom")  # the first spot tried
    assert all((r["anchor"], r["baseline"]) != ("middle", "bottom") for r in shown[1:])


def test_a_lone_region_name_sits_on_its_own_point(tmp_path):
    # Its own point's disc does not push it away (only other points' discs do).
    shown = place(tmp_path, [region(1, 600, 400)])["shown"]
    assert [(r["anchor"], r["baseline"], r["offset"]) for r in shown] == [
        ("middle", "center", [0, 0])
    ]
