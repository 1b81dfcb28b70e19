"""Presenter stories: the default story of every partner region, JSON round trips, validation
rules naming scene, field and rule, the editor's changes, and what each slide shows."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from regiondash.data import load_catalog
from regiondash.i18n import FALLBACK_MARK, t
from regiondash.slides import slide_content
from regiondash.story import (
    KINDS,
    MAX_NOTE_CHARS,
    MAX_SCENES,
    MAX_TEXT_CHARS,
    ZOOM_RANGE,
    Scene,
    StoryError,
    camera_for,
    default_story,
    describe,
    edited_story,
    home_region,
    main_region,
    partner_regions,
    story_from_json,
    story_to_json,
)
from regiondash.viewstate import MapView

CATALOG = load_catalog()
PARTNERS = partner_regions(CATALOG)
ORDER = ["title", "map", "map", "figures", "institutions", "projects", "timeline", "sources"]


def test_there_are_partner_regions_and_one_home():
    assert len(PARTNERS) >= 10
    assert home_region(CATALOG) == "FR-IDF"


@pytest.mark.parametrize("region_id", PARTNERS)
def test_default_story_has_the_same_scenes_in_order_for_every_partner(region_id):
    story = default_story(CATALOG, region_id)
    assert [scene.kind for scene in story] == ORDER
    home_map, partner_map = story[1], story[2]
    assert (home_map.region_id, partner_map.region_id) == ("FR-IDF", region_id)
    assert home_map.camera == camera_for(CATALOG, "FR-IDF")
    assert partner_map.camera == camera_for(CATALOG, region_id)
    assert ZOOM_RANGE[0] <= partner_map.camera.zoom <= ZOOM_RANGE[1]
    others = [scene for scene in story if scene.kind != "map"]
    assert all(s.region_id == region_id and s.camera is None and s.note == "" for s in others)
    assert main_region(story, CATALOG) == region_id


def test_default_story_without_a_home_region_has_no_flight_from_it():
    partners_only = CATALOG.regions[CATALOG.regions["role"] == "partner"]
    story = default_story(replace(CATALOG, regions=partners_only), "CN-ZJ")
    assert [scene.kind for scene in story] == [kind for i, kind in enumerate(ORDER) if i != 1]
    assert [scene.region_id for scene in story if scene.kind == "map"] == ["CN-ZJ"]


def test_default_story_of_an_unknown_region_is_an_error():
    with pytest.raises(StoryError) as caught:
        default_story(CATALOG, "XX-NOPE")
    assert caught.value.problems[0].rule == "region"


@pytest.mark.parametrize("region_id", PARTNERS)
def test_json_round_trip_gives_the_same_story(region_id):
    story = default_story(CATALOG, region_id)
    assert story_from_json(story_to_json(story), CATALOG) == story


def test_round_trip_keeps_order_notes_and_dropped_scenes_out():
    story = default_story(CATALOG, "CN-ZJ")
    edited = [
        Scene("figures", "CN-ZJ", "Chiffres clés — 关键数字\nsecond line"),
        story[0],
        Scene("map", "CN-ZJ", "", MapView(30.0, 120.0, 6.5)),
    ]
    text = story_to_json(edited)
    assert story_from_json(text, CATALOG) == edited
    assert story_from_json(text.encode("utf-8"), CATALOG) == edited
    document = json.loads(text)
    assert document["format"] == "regiondash-story" and document["version"] == 1
    assert "camera" not in document["scenes"][0]  # only map scenes carry a camera
    assert len(text) < 2000  # a small file a presenter can read and keep


def test_a_map_scene_without_camera_is_valid():
    text = json.dumps({"version": 1, "scenes": [{"kind": "map", "region_id": "CA-QC"}]})
    assert story_from_json(text, CATALOG) == [Scene("map", "CA-QC")]


def _document(*scenes, **top):
    """A story file's text with these scenes (top-level fields overridable)."""
    return json.dumps({"format": "regiondash-story", "version": 1, "scenes": list(scenes)} | top)


GOOD = {"kind": "title", "region_id": "CN-ZJ"}
CAMERA = {"latitude": 30.0, "longitude": 120.0, "zoom": 6.0}

# (file text, expected (scene, field, rule)) — one broken rule each.
CASES = {
    "bad json": ('{"version": 1, "scenes": [', (None, "", "json")),
    "not an object": ("[1, 2]", (None, "", "type")),
    "no version": (json.dumps({"scenes": [GOOD]}), (None, "version", "required")),
    "other version": (_document(GOOD, version=2), (None, "version", "version")),
    "other format": (_document(GOOD, format="slides"), (None, "format", "format")),
    "unknown top field": (_document(GOOD, author="me"), (None, "author", "unknown_field")),
    "no scenes": (json.dumps({"version": 1}), (None, "scenes", "required")),
    "scenes not a list": (_document(GOOD, scenes="all"), (None, "scenes", "type")),
    "empty story": (_document(), (None, "scenes", "min_scenes")),
    "too many scenes": (_document(*[GOOD] * (MAX_SCENES + 1)), (None, "scenes", "max_scenes")),
    "scene not an object": (_document(GOOD, "title"), (2, "", "type")),
    "unknown kind": (
        _document(GOOD, {"kind": "slideshow", "region_id": "CN-ZJ"}),
        (2, "kind", "kind"),
    ),
    "missing kind": (_document({"region_id": "CN-ZJ"}), (1, "kind", "required")),
    "kind not text": (_document({"kind": 3, "region_id": "CN-ZJ"}), (1, "kind", "type")),
    "unknown region": (
        _document(GOOD, GOOD, {"kind": "figures", "region_id": "XX-NOPE"}),
        (3, "region_id", "region"),
    ),
    "missing region": (_document({"kind": "title"}), (1, "region_id", "required")),
    "zoom too large": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": CAMERA | {"zoom": 25}}),
        (1, "camera.zoom", "range"),
    ),
    "negative zoom": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": CAMERA | {"zoom": -1}}),
        (1, "camera.zoom", "range"),
    ),
    "latitude beyond the pole": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": CAMERA | {"latitude": 95}}),
        (1, "camera.latitude", "range"),
    ),
    "zoom as text": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": CAMERA | {"zoom": "6"}}),
        (1, "camera.zoom", "type"),
    ),
    "zoom as boolean": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": CAMERA | {"zoom": True}}),
        (1, "camera.zoom", "type"),
    ),
    "zoom not a number": (
        '{"version": 1, "scenes": [{"kind": "map", "region_id": "CN-ZJ", '
        '"camera": {"latitude": 30, "longitude": 120, "zoom": NaN}}]}',
        (1, "camera.zoom", "type"),
    ),
    "camera without zoom": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": {"latitude": 1, "longitude": 2}}),
        (1, "camera.zoom", "required"),
    ),
    "camera not an object": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": [1, 2, 3]}),
        (1, "camera", "type"),
    ),
    "camera on a title": (_document(GOOD | {"camera": CAMERA}), (1, "camera", "camera_kind")),
    "unknown camera field": (
        _document({"kind": "map", "region_id": "CN-ZJ", "camera": CAMERA | {"tilt": 3}}),
        (1, "camera.tilt", "unknown_field"),
    ),
    "note not text": (_document(GOOD | {"note": 42}), (1, "note", "type")),
    "note too long": (
        _document(GOOD | {"note": "x" * (MAX_NOTE_CHARS + 1)}),
        (1, "note", "max_length"),
    ),
    "unknown scene field": (_document(GOOD | {"colour": "red"}), (1, "colour", "unknown_field")),
    "file too large": (" " * (MAX_TEXT_CHARS + 1), (None, "", "size")),
}


@pytest.mark.parametrize("name", CASES)
def test_each_rule_names_scene_field_and_rule(name):
    text, (scene, field, rule) = CASES[name]
    with pytest.raises(StoryError) as caught:
        story_from_json(text, CATALOG)
    problems = caught.value.problems
    assert [(p.scene, p.field, p.rule) for p in problems] == [(scene, field, rule)]
    message = str(caught.value)
    assert f"(rule: {rule})" in message
    where = "Scene file" if scene is None else f"Scene {scene},"
    assert where in message
    if field:
        assert f"field {field}:" in message


def test_bad_json_says_where():
    with pytest.raises(StoryError) as caught:
        story_from_json('{"version": 1,\n "scenes": [}', CATALOG)
    assert "line 2" in str(caught.value)


def test_text_that_is_not_utf8_is_a_clear_error():
    with pytest.raises(StoryError) as caught:
        story_from_json(b"\xff\xfe\x00broken", CATALOG)
    assert caught.value.problems[0].rule == "encoding"


def test_every_problem_is_reported_at_once():
    text = _document(
        GOOD,
        {"kind": "slideshow", "region_id": "CN-ZJ"},
        {"kind": "map", "region_id": "XX-NOPE", "camera": CAMERA | {"zoom": 25}},
        {"kind": "figures", "region_id": "CN-ZJ", "note": 42, "colour": "red"},
        version=3,
    )
    with pytest.raises(StoryError) as caught:
        story_from_json(text, CATALOG)
    found = {(p.scene, p.field, p.rule) for p in caught.value.problems}
    assert found == {
        (None, "version", "version"),
        (2, "kind", "kind"),
        (3, "region_id", "region"),
        (3, "camera.zoom", "range"),
        (4, "colour", "unknown_field"),
        (4, "note", "type"),
    }
    message = str(caught.value)
    assert "6 problem(s)" in message
    assert "“slideshow” is not a scene kind; use one of: " + ", ".join(KINDS) in message
    assert "25 is outside the allowed range 0–20" in message


@pytest.mark.parametrize("lang", ["fr", "zh"])
def test_problems_read_in_the_presenters_language(lang):
    with pytest.raises(StoryError) as caught:
        story_from_json(CASES["zoom too large"][0], CATALOG)
    problem = caught.value.problems[0]
    text = describe(problem, lang)
    assert text != describe(problem, "en")
    assert "camera.zoom" in text and "range" in text and "25" in text


def test_editor_drops_reorders_and_annotates():
    story = default_story(CATALOG, "CN-BJ")
    edits = {
        "edited_rows": {
            1: {"keep": False},
            "2": {"keep": False},  # row keys may arrive as text
            7: {"order": 2, "note": "Remercier la délégation"},
            0: {"note": "Bienvenue"},
        }
    }
    edited = edited_story(story, edits)
    assert [s.kind for s in edited] == [
        "title",
        "sources",
        "figures",
        "institutions",
        "projects",
        "timeline",
    ]
    assert edited[0].note == "Bienvenue" and edited[1].note == "Remercier la délégation"
    assert edited_story(story, None) == story
    assert edited_story(story, {"edited_rows": {3: {"order": None}}}) == story


def test_a_fully_dropped_story_is_empty():
    story = default_story(CATALOG, "CN-BJ")
    edits = {"edited_rows": {i: {"keep": False} for i in range(len(story))}}
    assert edited_story(story, edits) == []


@pytest.mark.parametrize("region_id", PARTNERS)
def test_every_slide_of_every_partner_has_a_title_and_content(region_id):
    for scene in default_story(CATALOG, region_id):
        slide = slide_content(CATALOG, scene, "en")
        assert slide.kind == scene.kind and slide.title
        assert slide.lines or slide.figures or slide.tables or slide.empty or scene.kind == "map"


def test_a_region_without_institutions_says_so_kindly():
    scene = Scene("institutions", "KR-41")
    assert slide_content(CATALOG, scene, "en").empty == t(
        "present.institutions.empty", "en", region="Gyeonggi"
    )
    assert "Gyeonggi" in slide_content(CATALOG, Scene("projects", "KR-41"), "en").empty


def test_map_slides_draw_an_offline_map_only_with_a_basemap():
    scene = default_story(CATALOG, "CN-ZJ")[2]
    assert slide_content(CATALOG, scene, "fr").deck is None
    slide = slide_content(CATALOG, scene, "fr", "/app/static/geo/basemap.json")
    spec = json.loads(slide.deck.to_json())
    assert spec["mapStyle"] in (None, "__MAP_STYLE__") and not spec.get("mapProvider")
    view = spec["initialViewState"]
    assert (view["latitude"], view["longitude"], view["zoom"]) == (
        scene.camera.latitude,
        scene.camera.longitude,
        scene.camera.zoom,
    )


def test_slides_show_names_without_the_fallback_mark():
    regions = CATALOG.regions.copy()
    regions.loc[regions["id"] == "FR-IDF", "name_zh"] = None  # a name no source gives
    catalog = replace(CATALOG, regions=regions)
    for kind in ("title", "figures", "institutions", "projects", "timeline"):
        slide = slide_content(catalog, Scene(kind, "CN-ZJ"), "zh")
        shown = " ".join([slide.title, *slide.lines, *(f.label for f in slide.figures)])
        shown += " ".join(t.to_string() for t in slide.tables)
        assert FALLBACK_MARK not in shown, kind
    title = slide_content(catalog, Scene("title", "CN-ZJ"), "zh").title
    assert title.startswith("Île-de-France") and "浙江省" in title


def test_figures_follow_the_language_and_cite_sources():
    slide = slide_content(CATALOG, Scene("figures", "CN-ZJ"), "fr")
    population = slide.figures[0]
    assert population.value.replace("\u202f", " ").replace("\u00a0", " ") == "66 270 000"
    assert population.source_ids == ("zj-pop-2023",)
    assert slide.footer.startswith("Sources")


def test_closing_slide_lists_the_sources_of_the_other_slides():
    story = default_story(CATALOG, "CN-ZJ")
    closing = slide_content(CATALOG, story[-1], "en")
    cited = set()
    for scene in story[:-1]:
        cited |= set(slide_content(CATALOG, scene, "en").source_ids)
    assert cited <= set(closing.source_ids)
    assert len(closing.tables[0]) == len(closing.source_ids)
