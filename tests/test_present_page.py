"""AppTest of the Present page: step through every slide of every partner region with Next, in
English (all regions) and in French and Chinese (one region each); auto-advance, the second
language, speaker notes, story files; the presenter's view (next slide, notes, black screen)
and the audience screen that follows it through the shared stage.

AppTest runs no JavaScript: the keys and the audience's half-second polling are driven in
test_browser_present.py."""

from __future__ import annotations

import json

import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from regiondash.data import load_catalog
from regiondash.i18n import t
from regiondash.slides import footer_text, part_count, part_rows, slide_content, slide_part
from regiondash.story import default_story, partner_regions, story_to_json
from regiondash.ui import present_remote
from regiondash.ui.deck_map import read_data
from regiondash.ui.present import stage

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


def screens(region_id: str) -> int:
    """Screens of a region's default story: one per scene, more for a long table."""
    return sum(
        part_count(slide_content(CATALOG, s, "en")) for s in default_story(CATALOG, region_id)
    )


def test_a_long_table_takes_several_screens_and_a_short_story_one_per_scene():
    assert screens("CN-ZJ") > len(default_story(CATALOG, "CN-ZJ"))  # 15 institutions, 27 sources
    assert screens("KR-41") == len(default_story(CATALOG, "KR-41")) == 8


def step_through(app: AppTest, lang: str) -> int:
    """Press Next until the last slide; check each step; return the number of slides."""
    total = screens(app.session_state["present_region"])
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
    assert step_through(app, "en") >= 8


@pytest.mark.parametrize(("lang", "region_id"), [("fr", "CA-QC"), ("zh", "CN-ZJ")])
def test_every_slide_in_french_and_chinese(lang, region_id):
    app = open_present(lang, present_region=region_id)
    step_through(app, lang)
    assert app.title[0].value.startswith(t("present.sources.title", lang))


def test_previous_goes_back_and_stops_at_the_first_slide():
    app = open_present(present_region="CN-BJ", present_index=2)
    total = counter(app).split(" / ")[1]  # Beijing's sources may take several screens
    assert counter(app) == f"3 / {total}"
    app.button(key="present_previous").click().run()
    assert counter(app) == f"2 / {total}"
    app.button(key="present_previous").click().run()
    assert counter(app) == f"1 / {total}"
    assert app.button(key="present_previous").disabled


def deck_data(app: AppTest) -> dict:
    """What the page sent to the deck.gl component (the one map of a slide)."""
    (component,) = [
        c for c in app.get("bidi_component") if c.proto.component_name == "regiondash.deck_map"
    ]
    return read_data(component.proto.json)


def test_map_slides_use_one_offline_map_that_flies_between_cameras():
    cameras = []
    for index in (1, 2):
        app = open_present(present_region="CN-ZJ", present_index=index)
        data = deck_data(app)
        spec = data["deck"]
        assert spec.get("mapStyle") in (None, "__MAP_STYLE__") and not spec.get("mapProvider")
        cameras.append(data["camera"])
    story = default_story(CATALOG, "CN-ZJ")
    assert [c["latitude"] for c in cameras] == [s.camera.latitude for s in story[1:3]]


def map_label_sizes(app: AppTest) -> list[float]:
    (labels,) = [layer for layer in deck_data(app)["deck"]["layers"] if layer["id"] == "labels"]
    return [row["size"] for row in labels["data"]]


def test_map_names_on_the_audience_screen_are_at_least_28_px():
    presenter = map_label_sizes(open_present(present_region="CN-ZJ", present_index=2))
    audience = map_label_sizes(open_audience(None, present="CN-ZJ", slide="3"))
    assert min(audience) >= 28
    shift = max(0, 28 - min(presenter))  # every name raised alike (steps kept); some decluttered
    assert set(audience) <= {size + shift for size in presenter} and len(audience) > 1


def test_auto_advance_moves_on_once_the_slide_has_had_its_time():
    waited = open_present(
        present_region="CN-ZJ", present_auto=True, present_seconds=5, present_shown=(0, -1e9)
    )
    total = screens("CN-ZJ")
    assert counter(waited) == f"2 / {total}"
    fresh = open_present(present_region="CN-ZJ", present_auto=True, present_seconds=60)
    assert counter(fresh) == f"1 / {total}"


def test_second_language_shows_the_slide_side_by_side():
    app = open_present("fr", present_region="CN-ZJ", present_second="zh", present_index=3)
    titles = [title.value for title in app.title][:2]  # then the next slide's, in French
    assert titles == ["Province du Zhejiang en chiffres", "浙江省数据概览"]
    assert len(app.metric) == 2 * 7


def open_audience(deck: str | None, lang: str = "en", **query) -> AppTest:
    """A fresh audience screen of presentation `deck`."""
    if deck:
        query["deck"] = deck
    return open_page(PAGE, None, lang=lang, screen="audience", **query)


def styles(app: AppTest) -> str:
    return " ".join(element.proto.body for element in app.get("html"))


def test_the_audience_screen_shows_the_slide_alone_without_sidebar_or_controls():
    app = open_audience(None, present="CN-ZJ", slide="4")
    assert '[data-testid="stSidebar"]' in styles(app) and "display: none" in styles(app)
    assert [title.value for title in app.title] == ["Zhejiang in figures"]
    assert not app.main.button and not app.main.selectbox and not app.main.expander


def test_the_audience_screen_follows_its_presenter_and_only_its_presenter():
    presenter = open_present(present_region="CN-ZJ", present_index=3)
    deck = presenter.session_state["_view_state"].deck
    assert deck and stage().get(deck).slide == 3
    follower = open_audience(deck, lang="zh")  # its language is the presenter's choice
    assert [title.value for title in follower.title] == ["Zhejiang in figures"]
    followed = follower.session_state["_view_state"]  # the link names what is shown
    assert (followed.slide, followed.lang, followed.present_region) == (3, "en", "CN-ZJ")
    presenter.button(key="present_next").click().run()
    assert stage().get(deck).slide == 4
    assert open_audience(deck).title[0].value == presenter.title[0].value
    other = open_present(present_region="CA-QC")  # another presenter: another presentation
    assert other.session_state["_view_state"].deck != deck
    assert open_audience(deck).title[0].value == presenter.title[0].value


def test_black_screen_blacks_out_the_audience_and_back():
    presenter = open_present(present_region="CN-ZJ")
    deck = presenter.session_state["_view_state"].deck
    presenter.button(key="present_black_button").click().run()
    assert stage().get(deck).black
    black = open_audience(deck)
    assert "background: #000" in styles(black)
    assert any("black" in m.value for m in presenter.markdown)  # the presenter is told
    presenter.button(key="present_black_button").click().run()
    assert not stage().get(deck).black
    assert "background: #000" not in styles(open_audience(deck))


def test_presenter_sees_the_next_slide_and_the_notes():
    app = open_present(present_region="CN-ZJ", present_index=2)
    titles = [title.value for title in app.title]
    assert titles == ["Zhejiang", "Zhejiang in figures"]  # now (map), and next
    assert app.subheader[0].value == "Speaker notes"


def test_the_last_slide_says_the_presentation_ends_next():
    app = open_present(present_region="KR-41", present_index=7)
    assert any(m.value == "End of the presentation" for m in app.markdown)


def test_the_audience_link_names_the_presentation_and_the_screen():
    app = open_present(present_region="CN-ZJ", present_index=1)
    deck = app.session_state["_view_state"].deck
    (link,) = app.get("link_button")
    assert link.proto.url.endswith(f"?present=CN-ZJ&slide=2&screen=audience&deck={deck}")


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
    assert counter(app) == f"4 / {screens('CN-ZJ')}"  # same story, same slide
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
    parts = sum(part_count(slide_content(CATALOG, scene, "en")) for scene in story)
    assert parts > 3  # Québec's 8 sources take two screens
    assert counter(app) == f"1 / {parts}"
    assert app.title[0].value == r"Thank you \(1/2\)"
    assert any("Loaded “quebec\\.json”: 3 scenes." in s.value for s in app.success)
    labels = [button.proto.label for button in app.get("download_button")]
    assert "Download the story (JSON)" in labels


def remote_data(app: AppTest) -> dict:
    (component,) = [
        c for c in app.get("bidi_component") if c.proto.component_name == present_remote.NAME
    ]
    return json.loads(component.proto.json)


def test_keys_and_clicker_drive_the_slides_unless_the_story_editor_is_open():
    keys = remote_data(open_present())["keys"]
    assert {keys[k] for k in ("PageDown", "ArrowRight", "ArrowDown")} == {"next"}
    assert {keys[k] for k in ("PageUp", "ArrowLeft", "ArrowUp")} == {"previous"}
    assert keys["b"] == keys["B"] == "black"
    editing = open_present(present_editing=True)  # arrows then move between the table's cells
    assert remote_data(editing)["keys"] is None


@pytest.mark.parametrize(
    ("value", "handled", "expected"),
    [
        ({"action": "next", "press": "k-2"}, "k-1", ("next", "k-2")),
        ({"action": "black", "press": "k-2"}, None, ("black", "k-2")),
        ({"action": "next", "press": "k-1"}, "k-1", None),  # reported again by a later rerun
        ({"action": "jump", "press": "k-3"}, None, None),
        ({"action": "next"}, None, None),
        ({"action": "next", "press": 3}, None, None),
        ("next", None, None),
        (None, None, None),
    ],
)
def test_a_key_press_is_acted_on_once_and_malformed_reports_are_dropped(value, handled, expected):
    assert present_remote.new_press(value, handled) == expected


def test_a_table_shown_in_parts_cites_on_each_screen_the_sources_of_its_own_rows():
    scene = next(s for s in default_story(CATALOG, "CN-ZJ") if s.kind == "institutions")
    slide = slide_content(CATALOG, scene, "en")
    parts = part_count(slide)
    assert parts >= 2 and len(slide.row_sources) == len(slide.tables[0])
    cited = []
    for part in range(parts):
        rows = slide.row_sources[part_rows(len(slide.row_sources), parts, part)]
        own = tuple(dict.fromkeys(i for row in rows for i in row))
        assert slide_part(slide, part).footer == footer_text(CATALOG, own, "en")
        cited += own
    assert set(cited) == set(slide.source_ids)  # together the screens cite every source
    assert slide_part(slide, 0).footer != slide_part(slide, parts - 1).footer


@pytest.mark.parametrize(("rows", "parts"), [(17, 3), (16, 2), (1, 1), (0, 1)])
def test_the_parts_of_a_table_cover_every_row_once_longer_shares_first(rows, parts):
    shares = [part_rows(rows, parts, part) for part in range(parts)]
    covered = [row for share in shares for row in range(rows)[share]]
    assert covered == list(range(rows))
    sizes = [len(range(rows)[share]) for share in shares]
    assert sizes == sorted(sizes, reverse=True) and max(sizes) - min(sizes) <= 1


def test_a_slide_built_before_an_edit_of_the_data_is_not_shown_after_it():
    from dataclasses import replace

    from regiondash.ui.present import built_slide

    catalog = load_catalog()
    title = default_story(catalog, "CN-ZJ")[0]
    regions = catalog.regions.copy()
    regions.loc[regions["id"] == "CN-ZJ", "name_en"] = "Zhejiang Province (edited)"
    edited = replace(catalog, regions=regions)  # what the store serves after an edit
    before = built_slide(catalog, title, "en", None, False)
    after = built_slide(edited, title, "en", None, False)
    assert before.title == "Île-de-France × Zhejiang"
    assert after.title == "Île-de-France × Zhejiang Province (edited)"
    assert built_slide(catalog, title, "en", None, False) is before  # built once per catalog
