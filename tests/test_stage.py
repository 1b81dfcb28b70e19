"""The stage shared by a presenter's window and its audience screens, and the slide plan that
cuts long tables into screens."""

from __future__ import annotations

import threading

import pandas as pd
import pydeck as pdk
import pytest

from regiondash.slides import (
    ROWS_PER_PART,
    Slide,
    part_count,
    projector_labels,
    slide_part,
    slide_plan,
)
from regiondash.stage import Cue, Stage, new_deck_id
from regiondash.story import Scene
from regiondash.viewstate import DECK_ID

SCENES = (Scene("title", "CN-ZJ"), Scene("figures", "CN-ZJ"))


def cue(**changes) -> Cue:
    return Cue(**{"region_id": "CN-ZJ", "scenes": SCENES, "slide": 0, **changes})


def test_an_audience_sees_what_its_presenter_published_and_nothing_of_others():
    stage = Stage()
    stage.publish("aaaaaa", cue(slide=3))
    stage.publish("bbbbbb", cue(slide=5, lang="zh"))
    assert stage.get("aaaaaa").slide == 3
    assert (stage.get("bbbbbb").slide, stage.get("bbbbbb").lang) == (5, "zh")
    assert stage.get("cccccc") is None and stage.get(None) is None and stage.get("") is None


def test_a_new_version_only_when_something_the_audience_sees_changes():
    times = iter([10.0, 20.0, 30.0])
    stage = Stage(clock=lambda: next(times))
    first = stage.publish("aaaaaa", cue())
    again = stage.publish("aaaaaa", cue())  # the presenter's next rerun: same slide
    assert again.version == first.version and again.updated == 10.0
    for change in ({"slide": 1}, {"black": True}):
        changed = stage.publish("aaaaaa", cue(**change))
        assert changed.version > first.version
        first = changed
    assert stage.get("aaaaaa").black and stage.get("aaaaaa").updated == 30.0


@pytest.mark.parametrize(
    "change",
    [
        {"slide": 1},
        {"black": True},
        {"lang": "zh"},
        {"second": "fr"},
        {"region_id": "CA-QC"},
        {"scenes": SCENES[:1]},
        {"scenes": (Scene("title", "CN-ZJ", note="Greet"), SCENES[1])},  # an edited note
    ],
)
def test_every_field_the_audience_sees_makes_a_new_version(change):
    stage = Stage()
    before = stage.publish("aaaaaa", cue()).version
    assert stage.publish("aaaaaa", cue(**change)).version > before


def test_the_least_recently_published_presentation_is_forgotten_first():
    stage = Stage(limit=2)
    stage.publish("aaaaaa", cue())
    stage.publish("bbbbbb", cue())
    stage.publish("aaaaaa", cue())  # still presenting: kept
    stage.publish("cccccc", cue())
    assert stage.get("bbbbbb") is None
    assert stage.get("aaaaaa") is not None and stage.get("cccccc") is not None


def test_a_forgotten_presentation_never_reuses_a_version():
    stage = Stage(limit=1)
    first = stage.publish("aaaaaa", cue()).version
    stage.publish("bbbbbb", cue())
    assert stage.publish("aaaaaa", cue()).version > first


def test_publishing_from_many_threads_keeps_every_version_distinct():
    stage = Stage()
    versions = []

    def present(n: int) -> None:
        for slide in range(50):
            versions.append(stage.publish(f"deck{n:04d}", cue(slide=slide)).version)

    threads = [threading.Thread(target=present, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(versions)) == len(versions) == 200


def test_new_presentation_ids_are_valid_in_a_link_and_distinct():
    ids = {new_deck_id() for _ in range(200)}
    assert len(ids) == 200 and all(DECK_ID.fullmatch(i) for i in ids)


def table_slide(kind: str, rows: int) -> Slide:
    table = pd.DataFrame({"n": range(rows)})
    return Slide(kind, "Title", ("intro",), tables=(table,))


@pytest.mark.parametrize("kind", sorted(ROWS_PER_PART))
def test_a_table_that_fits_is_one_screen_and_one_row_more_is_two(kind):
    rows = ROWS_PER_PART[kind]
    assert part_count(table_slide(kind, rows)) == 1
    assert part_count(table_slide(kind, rows + 1)) == 2
    assert part_count(table_slide(kind, 0)) == 1
    fits = table_slide(kind, rows)
    assert slide_part(fits, 0) is fits


def test_parts_share_the_rows_evenly_in_order_and_number_the_title():
    rows = 2 * ROWS_PER_PART["timeline"] + 1  # one row too many for two screens
    slide = table_slide("timeline", rows)  # 19 with 9 to a screen: 7 + 6 + 6, never 9 + 9 + 1
    parts = [slide_part(slide, part) for part in range(part_count(slide))]
    sizes = [len(p.tables[0]) for p in parts]
    assert sizes == sorted(sizes, reverse=True) and max(sizes) - min(sizes) <= 1
    assert pd.concat([p.tables[0] for p in parts])["n"].tolist() == list(range(rows))
    assert [p.title for p in parts] == ["Title (1/3)", "Title (2/3)", "Title (3/3)"]
    assert [p.lines for p in parts] == [("intro",), (), ()]


def test_a_part_out_of_range_is_the_nearest_one():
    slide = table_slide("sources", 12)
    assert slide_part(slide, 99).title == "Title (3/3)"
    assert slide_part(slide, -1).title == "Title (1/3)"


def test_slides_without_a_table_limit_are_one_screen_whatever_their_tables():
    assert part_count(table_slide("figures", 100)) == 1


def test_the_plan_lists_every_screen_of_every_scene_in_order():
    assert slide_plan([1, 3, 1]) == [(0, 0), (1, 0), (1, 1), (1, 2), (2, 0)]
    assert slide_plan([]) == []


def labels_deck(sizes: list[int]) -> pdk.Deck:
    rows = [
        {"text": f"name {i}", "lat": 10.0 * i, "lon": 20.0 * i, "priority": 1000 - i, "size": s}
        for i, s in enumerate(sizes)
    ]
    return pdk.Deck(layers=[pdk.Layer("TextLayer", data=rows, id="labels")])


def test_projector_names_are_raised_to_28_px_keeping_their_steps():
    deck = projector_labels(labels_deck([15, 12, 11]), zoom=3)
    assert [row["size"] for row in deck.layers[0].data] == [32, 29, 28]


def test_names_already_large_enough_are_left_as_they_are():
    deck = projector_labels(labels_deck([30, 40]), zoom=3)
    assert [row["size"] for row in deck.layers[0].data] == [30, 40]


def test_raised_names_that_would_overlap_are_decluttered():
    rows = labels_deck([11, 11]).layers[0].data
    rows[1].update(lat=0.05, lon=0.05)  # next to the first name at a world zoom
    deck = pdk.Deck(layers=[pdk.Layer("TextLayer", data=rows, id="labels")])
    assert len(projector_labels(deck, zoom=1).layers[0].data) == 1
