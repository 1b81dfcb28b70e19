"""AppTest of the Present page: step through every slide of every partner region with Next, in
English (all regions) and in French and Chinese (one region each); auto-advance, the second
language, speaker notes, and story files."""

from __future__ import annotations

import json

import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from regiondash.data import load_catalog
from regiondash.i18n import t
from regiondash.story import default_story, partner_regions, story_to_json

PAGE = "app_pages/present.py"
CATALOG = load_catalog()
PARTNERS = partner_regions(CATALOG)


def open_present(
    lang: str = "en", present_region: str | None = None, present_index: int = 0, **state
) -> AppTest:
    """A fresh app on the Present page: the link's region and slide (?present=, ?slide=, 1-based)
    and ?lang=, and other session state, set before its first run."""
    query = {"lang": lang, "slide": str(present_index + 1)}
    if present_region:
        query["present"] = present_region
    return open_page(PAGE, state, **query)


def counter(app: AppTest) -> str:
    """The "3 / 8" text."""
    return app.markdown[0].value


def step_through(app: AppTest, lang: str) -> int:
    """Press Next until the last slide; check each step; return the number of slides."""
    total = len(default_story(CATALOG, app.session_state["present_region"]))
    next_label = t("present.next", lang)
    assert counter(app) == t("present.counter", lang, index=1, total=total)
    for index in range(2, total + 1):
        button = app.button(key="present_next")
        assert button.label == next_label and not button.disabled
        button.click().run()
        assert not app.exception, [e.message for e in app.exception]
        assert counter(app) == t("present.counter", lang, index=index, total=total)
        assert app.title, "every slide has a title"
    assert app.button(key="present_next").disabled
    return total


@pytest.mark.parametrize("region_id", PARTNERS)
def test_every_slide_of_every_partner_region_in_english(region_id):
    app = open_present("en", present_region=region_id)
    assert step_through(app, "en") == 8


@pytest.mark.parametrize(("lang", "region_id"), [("fr", "CA-QC"), ("zh", "CN-ZJ")])
def test_every_slide_in_french_and_chinese(lang, region_id):
    app = open_present(lang, present_region=region_id)
    step_through(app, lang)
    assert app.title[0].value == t("present.sources.title", lang)


def test_previous_goes_back_and_stops_at_the_first_slide():
    app = open_present(present_region="CN-BJ", present_index=2)
    assert counter(app) == "3 / 8"
    app.button(key="present_previous").click().run()
    assert counter(app) == "2 / 8"
    app.button(key="present_previous").click().run()
    assert counter(app) == "1 / 8"
    assert app.button(key="present_previous").disabled


def test_map_slides_use_one_offline_map_that_moves_between_cameras():
    cameras = []
    for index in (1, 2):
        app = open_present(present_region="CN-ZJ", present_index=index)
        decks = app.get("deck_gl_json_chart")
        assert len(decks) == 1
        spec = json.loads(decks[0].proto.json)
        assert spec.get("mapStyle") in (None, "__MAP_STYLE__") and not spec.get("mapProvider")
        cameras.append(spec["initialViewState"])
    story = default_story(CATALOG, "CN-ZJ")
    assert [c["latitude"] for c in cameras] == [s.camera.latitude for s in story[1:3]]


def test_auto_advance_moves_on_once_the_slide_has_had_its_time():
    waited = open_present(
        present_region="CN-ZJ", present_auto=True, present_seconds=5, present_shown=(0, -1e9)
    )
    assert counter(waited) == "2 / 8"
    fresh = open_present(present_region="CN-ZJ", present_auto=True, present_seconds=60)
    assert counter(fresh) == "1 / 8"


def test_second_language_shows_the_slide_side_by_side():
    app = open_present("fr", present_region="CN-ZJ", present_second="zh", present_index=3)
    titles = [title.value for title in app.title]
    assert titles == ["Province du Zhejiang en chiffres", "浙江省数据概览"]
    assert len(app.metric) == 2 * 7


def test_presentation_mode_hides_the_sidebar_with_static_css():
    app = open_present(present_presenting=True)
    styles = " ".join(element.proto.body for element in app.get("html"))
    assert '[data-testid="stSidebar"]' in styles and "display: none" in styles


def test_a_region_without_institutions_shows_a_friendly_text():
    app = open_present(present_region="KR-41", present_index=4)
    assert any("No institution of Gyeonggi" in info.value for info in app.info)


def test_speaker_notes_show_the_scene_note():
    story = default_story(CATALOG, "CN-ZJ")
    story[0] = type(story[0])("title", "CN-ZJ", "Greet *Governor* first")
    app = open_present(present_region="CN-ZJ", present_base=story, present_base_region="CN-ZJ")
    notes = [m.value for m in app.markdown]
    assert r"Greet \*Governor\* first" in notes  # shown as typed, never as markdown


def test_bad_story_file_lists_problems_and_keeps_the_story():
    app = open_present(present_region="CN-ZJ", present_index=3)
    bad = json.dumps(
        {
            "version": 1,
            "scenes": [
                {"kind": "title", "region_id": "CN-BJ"},
                {
                    "kind": "map",
                    "region_id": "CN-BJ",
                    "camera": {"latitude": 1, "longitude": 2, "zoom": 99},
                },
            ],
        }
    ).encode()
    app.file_uploader(key="present_upload").set_value(("bad.json", bad, "application/json"))
    app.run()
    assert not app.exception
    shown = [e.value.replace("\\", "") for e in app.error]  # the file name is escaped
    assert any("“bad.json” was not loaded: 1 problem(s)." in text for text in shown)
    problems = app.table[-1].value  # cells are markdown-escaped: drop the backslashes
    assert [str(v).replace("\\", "") for v in problems.iloc[0]][:3] == ["2", "camera.zoom", "range"]
    assert counter(app) == "4 / 8"  # same story, same slide
    assert app.session_state["present_region"] == "CN-ZJ"
    assert any(code.value == bad.decode() for code in app.code)  # the file is shown back


def test_good_story_file_replaces_the_story_and_picks_its_region():
    app = open_present(present_region="CN-ZJ")
    story = default_story(CATALOG, "CA-QC")[::-1][:3]
    app.file_uploader(key="present_upload").set_value(
        ("quebec.json", story_to_json(story).encode(), "application/json")
    )
    app.run()
    assert not app.exception
    assert app.session_state["present_region"] == "CA-QC"
    assert counter(app) == "1 / 3"
    assert app.title[0].value == "Thank you"
    assert any("Loaded “quebec\\.json”: 3 scenes." in s.value for s in app.success)
    download = app.get("download_button")[0]
    assert download.proto.label == "Download the story (JSON)"


def test_arrow_keys_press_the_buttons_unless_the_story_editor_is_open():
    app = open_present()
    shortcuts = [app.button(key=k).proto.shortcut for k in ("present_previous", "present_next")]
    assert shortcuts == ["left", "right"]  # Streamlit's own st.button(shortcut=...)
    editing = open_present(present_editing=True)  # arrows then move between the table's cells
    assert editing.button(key="present_next").proto.shortcut == ""
