"""Streamlit side of the Present page: session state of the story, slides in large type, the
story editor and story files. Pure content comes from `slides` and `story`."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from regiondash.data import Catalog
from regiondash.i18n import FALLBACK_MARK, LANGUAGE_NAMES, LANGUAGES, t
from regiondash.slides import Slide, region_name
from regiondash.story import (
    MAX_NOTE_CHARS,
    Scene,
    StoryError,
    default_story,
    edited_story,
    main_region,
    story_from_json,
    story_table,
    story_to_json,
    what_is_wrong,
)
from regiondash.text import escape_markdown
from regiondash.ui import state

REGION = "present_region"
BASE = "present_base"  # the story before the editor's changes
BASE_REGION = "present_base_region"
VERSION = "present_version"  # bumped when BASE is replaced, so the editor starts afresh
SHOWN = "present_shown"  # (slide index, time it was first shown) for auto-advance
UPLOAD = "present_upload"
UPLOAD_RESULT = "present_upload_result"
EDITING = "present_editing"  # the story editor's expander is open
AUTO_SECONDS = [5, 10, 15, 20, 30, 45, 60]
SHOWN_TEXT_CHARS = 20_000  # how much of a rejected file is shown back to the user
TABLE_ROWS = 9  # more rows than fit under a slide title at 1080 px: the table scrolls
TABLE_HEIGHT = 600

# Static CSS only (no data is ever written into it): large type for a projector.
SLIDE_CSS = """<style>
.st-key-present-slide h1 { font-size: 3.4rem; line-height: 1.15; padding-bottom: 0.4rem; }
.st-key-present-slide [data-testid="stMarkdownContainer"] p { font-size: 1.65rem; }
.st-key-present-slide [data-testid="stMetricValue"] p { font-size: 3.4rem; font-weight: 600; }
.st-key-present-slide [data-testid="stMetricLabel"] p { font-size: 1.35rem; }
.st-key-present-slide [data-testid="stMetricLabel"] * { white-space: normal; overflow: visible; }
.st-key-present-slide [data-testid="stTable"] p { font-size: 1.3rem; }
.st-key-present-slide [data-testid="stTable"] td > div { max-width: none; }
.st-key-present-slide [data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
.st-key-present-kind-title h1 { font-size: 5rem; margin-top: 14vh; }
.st-key-present-kind-title [data-testid="stMarkdownContainer"] p { font-size: 2.2rem; }
.st-key-present-kind-sources [data-testid="stTable"] p { font-size: 1.05rem; }
.st-key-present-two h1 { font-size: 2.8rem; }
.st-key-present-kind-title .st-key-present-two h1 { font-size: 3.6rem; }
.st-key-present-two [data-testid="stMarkdownContainer"] p { font-size: 1.45rem; }
.st-key-present-two [data-testid="stMetricValue"] p { font-size: 2.5rem; }
.st-key-present-two [data-testid="stMetricLabel"] p { font-size: 1.25rem; }
.st-key-present-two [data-testid="stTable"] p { font-size: 1.15rem; }
.st-key-present-counter p { font-size: 1.4rem; font-weight: 600; margin: 0; }
</style>"""
# Presentation look: no sidebar, no header bar, the slide uses the whole screen.
PRESENTING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 3rem 1rem 3rem; max-width: 100%; }
</style>"""


def style(presenting: bool) -> None:
    """Inject the slide CSS, and the full-screen look while presenting."""
    st.html(SLIDE_CSS + (PRESENTING_CSS if presenting else ""))


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


def restart_clock() -> None:
    """Auto-advance counts from now (when it is switched on or its interval changes)."""
    st.session_state[SHOWN] = (state.get().slide, time.monotonic())


def advance_if_due(total: int, seconds: float) -> None:
    """Fragment body run every `seconds`: go to the next slide once this one has had its time.

    The fragment also runs inline on every full run, so the clock (not the call) decides.
    """
    index, shown_at = st.session_state.get(SHOWN, (0, time.monotonic()))
    if index < total - 1 and time.monotonic() - shown_at >= seconds * 0.9:
        state.update(slide=index + 1)
        st.rerun(scope="app")


def _plain(value: object) -> str:
    """Plain text made inert for markdown; the English-fallback mark stays on its word's line."""
    text = escape_markdown("" if pd.isna(value) else str(value))
    return text.replace(" " + FALLBACK_MARK, "\u00a0" + FALLBACK_MARK)


def markdown_text(value: str) -> str:
    """Plain text for st.markdown: inert, with its line breaks kept."""
    return _plain(value).replace("\n", "  \n")


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with every cell and header escaped (st.table renders markdown)."""
    return frame.astype(object).map(_plain).set_axis([_plain(c) for c in frame.columns], axis=1)


def render_text(slide: Slide, per_row: int = 4) -> None:
    """Title, lines, figures (`per_row` to a row) and tables of a slide (all but the map)."""
    st.title(markdown_text(slide.title), anchor=False)  # no anchor icon to wrap onto a second line
    for line in slide.lines:
        st.markdown(markdown_text(line))
    if slide.empty:
        st.info(markdown_text(slide.empty), icon=":material/hourglass_empty:")
    for start in range(0, len(slide.figures), per_row):
        row = slide.figures[start : start + per_row]
        for column, figure in zip(st.columns(per_row), row, strict=False):
            column.metric(figure.label, figure.value)
    for table in slide.tables:
        # Long tables scroll inside the slide rather than push it past the screen's bottom.
        height = TABLE_HEIGHT if len(table) > TABLE_ROWS else "content"
        st.table(_table(table), hide_index=True, height=height)


def render_slide(slide: Slide, second: Slide | None) -> None:
    """A slide; with a second language, its text side by side (the map is drawn once)."""
    with st.container(key=f"present-kind-{slide.kind}"):
        if second is None:
            # In its own container, so the map below keeps its place (and is moved, not
            # redrawn) from one map slide to the next whatever the text above it.
            with st.container():
                render_text(slide)
        else:
            two = st.container(key="present-two").columns(2, gap="large")
            for column, shown in zip(two, (slide, second), strict=True):
                with column:
                    render_text(shown, per_row=3)
    if slide.deck is not None:
        # One key for every map slide: the same map is moved to the next camera, not redrawn.
        # (A transitionDuration in the view state was tried: Streamlit 1.67 does not animate it.)
        st.pydeck_chart(slide.deck, height=640, key="present-map")
    if slide.footer:
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
    """Previous / counter / next. The arrow keys press the buttons: Streamlit's own
    st.button(shortcut=...), no custom JavaScript. While the story editor is open they are
    left to its table, whose cells the arrows move between."""
    keys = not st.session_state.get(EDITING)
    st.button(
        t("present.previous", lang),
        key="present_previous",
        icon=":material/arrow_back:",
        shortcut="Left" if keys else None,
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
        shortcut="Right" if keys else None,
        on_click=step,
        args=(1, total),
        disabled=index >= total - 1,
    )


def settings(lang: str) -> tuple[str | None, bool, float | None]:
    """The settings popover: second language, presentation look, auto-advance interval.

    Returns the second language (or None), whether to present, and the auto-advance seconds
    (None when off)."""
    with st.popover(t("present.settings", lang), icon=":material/tune:"):
        second = st.selectbox(
            t("present.second_language", lang),
            [None, *(other for other in LANGUAGES if other != lang)],
            format_func=lambda x: (
                t("present.second_none", lang) if x is None else LANGUAGE_NAMES[x]
            ),
            key="present_second",
        )
        presenting = st.toggle(t("present.presenting", lang), key="present_presenting")
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
    return second, presenting, seconds if auto else None


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
