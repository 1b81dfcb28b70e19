"""Streamlit side of the Present page: the presenter's view (current and next slide, notes,
clock, controls) and the audience screen that follows it, slides in type read from 5 m, the
story editor and story files. Pure content comes from `slides`, `story` and `stage`."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from regiondash import memo
from regiondash.data import Catalog
from regiondash.i18n import FALLBACK_MARKS, LANGUAGE_NAMES, LANGUAGES, t
from regiondash.slides import (
    Slide,
    part_count,
    projector_labels,
    region_name,
    slide_content,
    slide_part,
    slide_plan,
)
from regiondash.stage import Cue, Stage, new_deck_id
from regiondash.story import (
    MAX_NOTE_CHARS,
    Scene,
    StoryError,
    default_story,
    edited_story,
    main_region,
    partner_regions,
    story_from_json,
    story_table,
    story_to_json,
    what_is_wrong,
)
from regiondash.text import escape_markdown
from regiondash.ui import frame, state
from regiondash.ui.deck_map import deck_map
from regiondash.ui.present_remote import remote
from regiondash.viewstate import view_url

REGION = "present_region"
BASE = "present_base"  # the story before the editor's changes
BASE_REGION = "present_base_region"
VERSION = "present_version"  # bumped when BASE is replaced, so the editor starts afresh
SHOWN = "present_shown"  # (slide index, time it was first shown) for auto-advance
UPLOAD = "present_upload"
UPLOAD_RESULT = "present_upload_result"
EDITING = "present_editing"  # the story editor's expander is open
BLACK = "present_black"  # the audience screen is black (B)
STARTED = "present_started"  # when the presenter's clock started (time.time())
SEEN = "present_seen"  # the audience screen: version of the cue it shows
AUDIENCE_LANG = "present_audience_lang"
AUTO_SECONDS = [5, 10, 15, 20, 30, 45, 60]
SHOWN_TEXT_CHARS = 20_000  # how much of a rejected file is shown back to the user
FOLLOW_SECONDS = 0.5  # how often an audience screen looks for the presenter's change
AUDIENCE_MAP_HEIGHT = 760  # px; CSS stretches it to the screen left under the title
PRESENTER_MAP_HEIGHT = 460

# Static CSS only (no data is ever written into it). The presenter's copy of the slide.
SLIDE_CSS = """<style>
.st-key-present-slide h1 { font-size: 2.4rem; line-height: 1.15; padding-bottom: 0.3rem; }
.st-key-present-slide [data-testid="stMarkdownContainer"] p { font-size: 1.25rem; }
.st-key-present-slide [data-testid="stMetricValue"] p { font-size: 2.4rem; font-weight: 600; }
.st-key-present-slide [data-testid="stMetricLabel"] p { font-size: 1.05rem; }
.st-key-present-slide [data-testid="stMetricLabel"] * { white-space: normal; overflow: visible; }
.st-key-present-slide [data-testid="stTable"] td > div { max-width: none; }
.st-key-present-next h1 { font-size: 1.6rem; }
.st-key-present-next [data-testid="stMetricValue"] p { font-size: 1.5rem; }
.st-key-present-notes p { font-size: 1.35rem; line-height: 1.45; }
.st-key-present-counter p { font-size: 1.4rem; font-weight: 600; margin: 0; }
.st-key-present-black-note { color: #b00020; font-weight: 600; }
</style>"""
# The audience screen: the slide alone on the whole screen (no sidebar, header, toolbar or
# footer), nothing under 28 px (1.75rem) at 1920×1080, the slide's parts spread over the height.
AUDIENCE_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMain"] { overflow: hidden; }
[data-testid="stMainBlockContainer"] { padding: 2.5vh 3vw 2vh 3vw; max-width: 100%; }
.st-key-present-audience { min-height: 95.5vh; gap: 2.5vh; }
.st-key-present-audience * { opacity: 1 !important; }
.st-key-present-audience > .st-key-present-foot,
.st-key-present-audience > div:has(> .st-key-present-foot) { margin-top: auto; }
.st-key-present-audience h1 { font-size: 4.2rem; line-height: 1.12; padding: 0; }
.st-key-present-audience [data-testid="stMarkdownContainer"] p,
.st-key-present-audience [data-testid="stAlert"] p { font-size: 2.6rem; line-height: 1.3; }
.st-key-present-audience [data-testid="stMetricValue"] p { font-size: 5.6rem; font-weight: 600; }
.st-key-present-audience [data-testid="stMetricValue"] * { overflow: visible; }
.st-key-present-audience [data-testid="stMetricLabel"] p { font-size: 2.3rem; line-height: 1.2; }
.st-key-present-audience [data-testid="stMetricLabel"] * { white-space: normal; overflow: visible; }
.st-key-present-audience [data-testid="stMetric"] { padding: 4vh 0 2vh 0; }
.st-key-present-audience [data-testid="stTable"] th,
.st-key-present-audience [data-testid="stTable"] td,
.st-key-present-audience [data-testid="stTable"] p { font-size: 2.1rem; line-height: 1.25; }
.st-key-present-audience :is(.st-key-present-kind-institutions, .st-key-present-kind-projects,
  .st-key-present-kind-timeline) [data-testid="stTable"]
  :is(td, th):not(:first-child):not(:last-child) :is(*, div, p) { white-space: nowrap; }
.st-key-present-audience [data-testid="stTable"] td,
.st-key-present-audience [data-testid="stTable"] th { padding: 0.55rem 0.8rem; }
.st-key-present-audience [data-testid="stTable"] td > div { max-width: none; }
.st-key-present-audience .st-key-present-kind-sources [data-testid="stTable"] p,
.st-key-present-audience .st-key-present-kind-sources [data-testid="stTable"] td,
.st-key-present-audience .st-key-present-kind-sources [data-testid="stTable"] th {
  font-size: 1.9rem; }
.st-key-present-audience [data-testid="stCaptionContainer"] p { font-size: 1.75rem; }
.st-key-present-audience .st-key-present-kind-title h1 { font-size: 6rem; margin-top: 22vh; }
.st-key-present-audience .st-key-present-kind-title p { font-size: 3rem; }
.st-key-present-audience .st-key-present-two h1 { font-size: 3.2rem; }
.st-key-present-audience .deck-map { height: calc(95vh - 15rem) !important; }
.st-key-present-audience .st-key-present-map { height: auto !important; }
</style>"""
# A black screen (B): nothing at all on it.
BLACK_CSS = """<style>
.stApp, [data-testid="stMain"], [data-testid="stAppViewContainer"] { background: #000 !important; }
.st-key-present-audience-black { visibility: hidden; }
</style>"""


@st.cache_resource(show_spinner=False)
def stage() -> Stage:
    """The one table of presentations of this server process, shared by every session."""
    return Stage()


@memo.per_catalog(max_entries=512)
def built_slide(
    catalog: Catalog, scene: Scene, lang: str, basemap_url: str | None, projector: bool
) -> Slide:
    """A scene's slide, built once per catalog (building one takes up to a second; an edit
    of the data is a new catalog, so slides never show figures from before it); on a
    projector the map's names are enlarged. Slides are only read, never changed."""
    slide = slide_content(catalog, scene, lang, basemap_url)
    if projector and slide.deck is not None:
        projector_labels(slide.deck, slide.deck.initial_view_state.zoom)
    return slide


def plan(catalog: Catalog, story: list[Scene]) -> list[tuple[int, int]]:
    """(scene index, part) of every screen of the story (a scene's screens are the same in
    every language: the same rows)."""
    return slide_plan([part_count(built_slide(catalog, s, "en", None, False)) for s in story])


def screen_slide(
    catalog: Catalog,
    story: list[Scene],
    screen: tuple[int, int],
    lang: str,
    basemap: str | None,
    projector: bool,
) -> Slide:
    """One screen of the story in `lang` (its map drawn only when given the basemap URL)."""
    scene, part = screen
    return slide_part(built_slide(catalog, story[scene], lang, basemap, projector), part)


def _replace_story(scenes: list[Scene], region_id: str | None) -> None:
    """Make `scenes` the story to show, with a fresh editor (the slide shown is the view
    state's: a link or the back button names it; a picked region or a loaded file starts at 1)."""
    session = st.session_state
    session[BASE], session[BASE_REGION] = scenes, region_id
    session[VERSION] = session.get(VERSION, 0) + 1


def editor_key() -> str:
    """Key of the current story editor (a new one for each new base story)."""
    return f"present_editor_{st.session_state.get(VERSION, 0)}"


def current_story(catalog: Catalog, region_id: str) -> list[Scene]:
    """The story of `region_id` with the presenter's edits (the default one on a new region)."""
    if st.session_state.get(BASE_REGION) != region_id or BASE not in st.session_state:
        _replace_story(default_story(catalog, region_id), region_id)
    # The editor's pending changes are read here, before it is drawn below the slide.
    return edited_story(st.session_state[BASE], st.session_state.get(editor_key()))


def reset_story() -> None:
    """Back to the default story of the picked region, from its first slide (callback)."""
    st.session_state[BASE_REGION] = None
    state.update(slide=0)


def pick_region(region_id: str | None) -> None:
    """Another partner region: its story from the first slide (callback)."""
    state.update(present_region=region_id, slide=0)


def current_index(total: int) -> int:
    """The slide shown, kept inside the story; starts the auto-advance clock on a new slide."""
    index = min(max(state.get().slide, 0), max(total - 1, 0))
    state.update(slide=index)
    if st.session_state.get(SHOWN, (None,))[0] != index:
        st.session_state[SHOWN] = (index, time.monotonic())
    return index


def step(delta: int, total: int) -> None:
    """Previous / next slide (button callback)."""
    state.update(slide=min(max(state.get().slide + delta, 0), max(total - 1, 0)))


def toggle_black() -> None:
    """Black the audience screen, or show the slide again (B, button callback)."""
    st.session_state[BLACK] = not st.session_state.get(BLACK, False)


def restart_clock() -> None:
    """Auto-advance counts from now (when it is switched on or its interval changes)."""
    st.session_state[SHOWN] = (state.get().slide, time.monotonic())


def restart_presentation_clock() -> None:
    """The presenter's clock starts again from 0:00 (button callback)."""
    st.session_state[STARTED] = time.time()


def advance_if_due(total: int, seconds: float) -> None:
    """Fragment body run every `seconds`: go to the next slide once this one has had its time.

    The fragment also runs inline on every full run, so the clock (not the call) decides.
    """
    index, shown_at = st.session_state.get(SHOWN, (0, time.monotonic()))
    if index < total - 1 and time.monotonic() - shown_at >= seconds * 0.9:
        state.update(slide=index + 1)
        st.rerun(scope="app")


def _plain(value: object) -> str:
    """Plain text made inert for markdown; a fallback mark stays on its word's line."""
    text = escape_markdown("" if pd.isna(value) else str(value))
    for mark in FALLBACK_MARKS.values():
        text = text.replace(" " + mark, "\u00a0" + mark)
    return text


def markdown_text(value: str) -> str:
    """Plain text for st.markdown: inert, with its line breaks kept."""
    return _plain(value).replace("\n", "  \n")


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with every cell and header escaped (st.table renders markdown)."""
    return frame.astype(object).map(_plain).set_axis([_plain(c) for c in frame.columns], axis=1)


def render_text(slide: Slide, per_row: int = 4, tables: bool = True) -> None:
    """Title, lines, figures (`per_row` to a row) and tables of a slide (all but the map)."""
    st.title(markdown_text(slide.title), anchor=False)  # no anchor icon to wrap onto a second line
    if slide.deck is not None and slide.lines:
        st.markdown(markdown_text(" · ".join(slide.lines)))  # one line: the map gets the room
    else:
        for line in slide.lines:
            st.markdown(markdown_text(line))
    if slide.empty:
        st.info(markdown_text(slide.empty), icon=":material/hourglass_empty:")
    for start in range(0, len(slide.figures), per_row):
        row = slide.figures[start : start + per_row]
        for column, figure in zip(st.columns(per_row), row, strict=False):
            column.metric(figure.label, figure.value)
    for table in slide.tables if tables else ():
        st.table(_table(table), hide_index=True)  # a part fits the screen: no inner scrolling


def render_slide(
    slide: Slide, second: Slide | None, map_height: int, per_row: tuple[int, int] = (4, 3)
) -> None:
    """A slide; with a second language, its text side by side (the map is drawn once).
    `per_row`: figures to a row alone, and side by side."""
    with st.container(key=f"present-kind-{slide.kind}"):
        if second is None:
            # In its own container, so the map below keeps its place (and is moved, not
            # redrawn) from one map slide to the next whatever the text above it.
            with st.container():
                render_text(slide, per_row=per_row[0])
        else:
            two = st.container(key="present-two").columns(2, gap="large")
            for column, shown in zip(two, (slide, second), strict=True):
                with column:
                    render_text(shown, per_row=per_row[1])
    if slide.deck is not None:
        # One key for every map slide: the same deck.gl map flies to the next camera.
        with st.container(key="present-map"):
            deck_map(slide.deck, key="present-map-deck", height=map_height)
    if slide.footer:
        with st.container(key="present-foot"):
            st.caption(markdown_text(slide.footer))


def story_editor(scenes: list[Scene], catalog: Catalog, lang: str) -> None:
    """The story as an editable table: keep, order and note of each scene."""
    table = story_table(
        scenes,
        lambda kind: t(f"present.kind.{kind}", lang),
        lambda region_id: region_name(catalog, region_id, lang),
    )
    st.data_editor(
        table,
        key=editor_key(),
        hide_index=True,
        width="stretch",
        disabled=["kind", "region"],
        column_config={
            "keep": st.column_config.CheckboxColumn(t("present.editor.keep", lang)),
            "order": st.column_config.NumberColumn(
                t("present.editor.order", lang), min_value=1, step=1, required=True
            ),
            "kind": st.column_config.TextColumn(t("present.editor.kind", lang)),
            "region": st.column_config.TextColumn(t("present.editor.region", lang)),
            "note": st.column_config.TextColumn(
                t("present.editor.note", lang), max_chars=MAX_NOTE_CHARS, width="large"
            ),
        },
    )


def load_upload(catalog: Catalog) -> None:
    """Check an uploaded story (callback); on success it replaces the story, otherwise the
    current story stays as it is and the problems and the file's text are kept to show."""
    uploaded = st.session_state.get(UPLOAD)
    if uploaded is None:
        st.session_state.pop(UPLOAD_RESULT, None)
        return
    data = uploaded.getvalue()
    try:
        scenes = story_from_json(data, catalog)
    except StoryError as error:
        text = data.decode("utf-8", errors="replace")[:SHOWN_TEXT_CHARS]
        st.session_state[UPLOAD_RESULT] = ("problems", uploaded.name, error.problems, text)
        return
    region_id = main_region(scenes, catalog) or state.get().present_region
    state.update(present_region=region_id, slide=0)
    _replace_story(scenes, region_id)
    st.session_state[UPLOAD_RESULT] = ("loaded", uploaded.name, len(scenes), "")


MAX_NAME_CHARS = 120


def upload_feedback(lang: str) -> None:
    """What became of the last uploaded story: loaded, or every problem found in it."""
    result = st.session_state.get(UPLOAD_RESULT)
    if result is None:
        return
    outcome, name, detail, text = result
    name = _plain(name[:MAX_NAME_CHARS])  # the visitor's file name is text, never markdown
    if outcome == "loaded":
        st.success(t("present.upload.ok", lang, name=name, count=detail))
        return
    st.error(t("present.upload.problems", lang, name=name, count=len(detail)))
    rows = [
        {
            t("present.problem.col.scene", lang): "—" if p.scene is None else str(p.scene),
            t("present.problem.col.field", lang): p.field or "—",
            t("present.problem.col.rule", lang): p.rule,
            t("present.problem.col.problem", lang): what_is_wrong(p, lang),
        }
        for p in detail
    ]
    st.table(_table(pd.DataFrame(rows)), hide_index=True)  # wraps long lists of allowed values
    st.caption(t("present.upload.kept", lang))
    with st.expander(t("present.upload.file", lang, name=name)):
        st.code(text, language="json", line_numbers=True)


def navigation(index: int, total: int, lang: str) -> None:
    """Previous / counter / next (the keys are the remote's: see `present_remote`)."""
    st.button(
        t("present.previous", lang),
        key="present_previous",
        icon=":material/arrow_back:",
        on_click=step,
        args=(-1, total),
        disabled=index == 0,
    )
    with st.container(key="present-counter", width="content"):
        st.markdown(t("present.counter", lang, index=index + 1 if total else 0, total=total))
    st.button(
        t("present.next", lang),
        key="present_next",
        icon=":material/arrow_forward:",
        on_click=step,
        args=(1, total),
        disabled=index >= total - 1,
    )


def on_key(action: str, total: int) -> None:
    """A key or clicker press (remote callback): next, previous, or black screen."""
    if action == "black":
        toggle_black()
    else:
        step(1 if action == "next" else -1, total)


def settings(lang: str) -> tuple[str | None, str, float | None]:
    """The settings popover: second language, the audience's language, auto-advance interval.

    Returns the second language (or None), the audience screen's language, and the
    auto-advance seconds (None when off)."""
    with st.popover(t("present.settings", lang), icon=":material/tune:"):
        second = st.selectbox(
            t("present.second_language", lang),
            [None, *(other for other in LANGUAGES if other != lang)],
            format_func=lambda x: (
                t("present.second_none", lang) if x is None else LANGUAGE_NAMES[x]
            ),
            key="present_second",
        )
        st.session_state.setdefault(AUDIENCE_LANG, lang)
        audience_lang = st.selectbox(
            t("present.audience_language", lang),
            LANGUAGES,
            format_func=LANGUAGE_NAMES.get,
            key=AUDIENCE_LANG,
        )
        auto = st.toggle(t("present.auto", lang), key="present_auto", on_change=restart_clock)
        seconds = st.select_slider(
            t("present.interval", lang),
            AUTO_SECONDS,
            value=15,
            format_func=lambda s: t("present.seconds", lang, seconds=s),
            key="present_seconds",
            on_change=restart_clock,
            disabled=not auto,
        )
        st.caption(t("present.keys", lang))
    return second, audience_lang, seconds if auto else None


def audience_url(deck_id: str) -> str:
    """The audience screen's link: the presentation id is all it needs (the rest follows)."""
    view = state.get()
    follower = type(view)(
        present_region=view.present_region, slide=view.slide, screen="audience", deck=deck_id
    )
    return view_url(state.page_url(), follower)


def presenter(catalog: Catalog, lang: str) -> None:
    """The presenter's window: controls, clock, the slide the audience sees and the next one,
    and the speaker notes. Everything the audience screen needs is published to the stage."""
    if state.get().deck is None:
        state.update(deck=new_deck_id())
    deck_id = state.get().deck
    st.session_state.setdefault(STARTED, time.time())
    st.html(SLIDE_CSS)
    regions = partner_regions(catalog)
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        chosen = state.get().present_region
        region = st.selectbox(
            t("present.region", lang),
            regions,
            format_func=lambda r: region_name(catalog, r, lang),
            label_visibility="collapsed",
            width=280,
            **state.bind(REGION, chosen if chosen in regions else regions[0], pick_region),
        )
        state.update(present_region=region)  # the link names what is shown
        story = current_story(catalog, region)
        screens = plan(catalog, story)
        index = current_index(len(screens))
        navigation(index, len(screens), lang)
        black = st.session_state.get(BLACK, False)
        st.button(
            t("present.black", lang),
            key="present_black_button",
            icon=":material/tv_off:",
            type="primary" if black else "secondary",
            on_click=toggle_black,
        )
        remote(
            "present_remote",
            time.time() - st.session_state[STARTED],
            t("present.clock", lang),
            keys=not st.session_state.get(EDITING),  # arrows then move in the editor's table
            on_action=lambda action: on_key(action, len(screens)),
        )
        st.button(
            "",
            key="present_clock_restart",
            icon=":material/restart_alt:",
            help=t("present.clock.restart", lang),
            on_click=restart_presentation_clock,
        )
        st.link_button(
            t("present.audience", lang),
            audience_url(deck_id),
            icon=":material/cast:",
            help=t("present.audience.help", lang),
        )
        second, audience_lang, seconds = settings(lang)
        # The region's PDF briefing in one click, on the whole data (as the slides show it).
        frame.briefing_download(region, lang, key="present_briefing")
    stage().publish(
        deck_id,
        Cue(region, tuple(story), index, black=black, lang=audience_lang, second=second),
    )
    if seconds and screens:
        # A small timed fragment: only it reruns each tick; the slide reruns when it advances.
        st.fragment(advance_if_due, run_every=seconds)(len(screens), seconds)
    if black:
        with st.container(key="present-black-note"):
            st.markdown(t("present.black.on", lang))
    now, side = st.columns([3, 2], gap="large")
    with now:
        st.caption(t("present.now", lang))
        with st.container(key="present-slide"):
            if not screens:
                st.info(t("present.no_scene", lang))
            else:
                basemap = frame.basemap_url()
                slide = screen_slide(catalog, story, screens[index], lang, basemap, False)
                extra = (
                    screen_slide(catalog, story, screens[index], second, None, False)
                    if second
                    else None
                )
                render_slide(slide, extra, PRESENTER_MAP_HEIGHT)
    with side:
        st.caption(t("present.up_next", lang))
        with st.container(key="present-next", border=True):
            if index + 1 < len(screens):
                upcoming = screens[index + 1]
                st.caption(t(f"present.kind.{story[upcoming[0]].kind}", lang))
                render_text(screen_slide(catalog, story, upcoming, lang, None, False), per_row=3)
            else:
                st.markdown(t("present.the_end", lang))
        with st.container(key="present-notes"):
            st.subheader(t("present.notes", lang), anchor=False)
            note = story[screens[index][0]].note if screens else ""
            st.markdown(markdown_text(note) if note else t("present.notes.empty", lang))
    with st.expander(
        t("present.edit", lang), icon=":material/edit_note:", key=EDITING, on_change="rerun"
    ):
        story_files(story, region, catalog, lang)
    frame.as_of_caption(catalog, lang)
    if index + 1 < len(screens):
        # Build the next screen now, while the presenter talks (the page is already drawn):
        # a press then shows it at once, here and on the audience screen (a map slide takes
        # a second or more to build the first time).
        basemap = frame.basemap_url()
        screen_slide(catalog, story, screens[index + 1], lang, basemap, False)
        screen_slide(catalog, story, screens[index + 1], audience_lang, basemap, True)


def standalone_cue(catalog: Catalog, lang: str) -> Cue:
    """What an audience screen shows while no presenter's window publishes its presentation
    (not opened yet, or the server restarted): the slide its own link names."""
    view = state.get()
    regions = partner_regions(catalog)
    region = view.present_region if view.present_region in regions else regions[0]
    return Cue(region, tuple(default_story(catalog, region)), view.slide, lang=lang)


def audience(catalog: Catalog, lang: str) -> None:
    """The audience screen: the presenter's current slide alone, in large type, full screen;
    it looks for the presenter's change every FOLLOW_SECONDS and redraws when there is one."""
    deck_id = state.get().deck
    cue = stage().get(deck_id) or standalone_cue(catalog, lang)
    st.session_state[SEEN] = cue.version
    screens = plan(catalog, list(cue.scenes))
    index = min(max(cue.slide, 0), max(len(screens) - 1, 0))
    # The link names what is shown, so a reload (or a restarted server) shows the same slide.
    state.update(present_region=cue.region_id, slide=index, lang=cue.lang)
    st.html(AUDIENCE_CSS + (BLACK_CSS if cue.black else ""))
    # Black hides the slide rather than dropping it: the map is still there when it comes back.
    with st.container(key="present-audience-black" if cue.black else "present-audience"):
        if not screens:
            st.info(t("present.no_scene", cue.lang))
        else:
            scenes = list(cue.scenes)
            slide = screen_slide(
                catalog, scenes, screens[index], cue.lang, frame.basemap_url(), True
            )
            second = cue.second and screen_slide(
                catalog, scenes, screens[index], cue.second, None, True
            )
            # Three big figures to a row (two side by side): a 66,270,000 fits in a third.
            render_slide(slide, second or None, AUDIENCE_MAP_HEIGHT, per_row=(3, 2))
    if deck_id:
        st.fragment(follow, run_every=FOLLOW_SECONDS)(deck_id)


def follow(deck_id: str) -> None:
    """Fragment body: rerun the whole audience screen once the presenter's cue has changed."""
    cue = stage().get(deck_id)
    if cue is not None and cue.version != st.session_state.get(SEEN):
        st.rerun(scope="app")


def story_files(story: list[Scene], region_id: str, catalog: Catalog, lang: str) -> None:
    """Edit the story, download it as JSON, go back to the default, or load a story file."""
    st.caption(t("present.edit.help", lang))
    story_editor(st.session_state[BASE], catalog, lang)
    left, right = st.columns(2)
    left.download_button(
        t("present.download", lang),
        story_to_json(story),
        file_name=f"story-{region_id}.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
    )
    right.button(t("present.reset", lang), on_click=reset_story, icon=":material/restart_alt:")
    st.file_uploader(
        t("present.upload", lang),
        type=["json"],
        key=UPLOAD,
        max_upload_size=1,
        on_change=load_upload,
        args=(catalog,),
    )
    upload_feedback(lang)
