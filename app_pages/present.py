"""Present: one partnership as a slide show for a delegation visit (projector, fully offline)."""

import streamlit as st

from regiondash import present_ui as show
from regiondash import ui
from regiondash.i18n import t
from regiondash.slides import region_name, slide_content
from regiondash.story import partner_regions

lang = ui.current_language()
catalog = ui.catalog()  # the whole data: a presentation is about one region, not the filters

bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
with bar:
    region = st.selectbox(
        t("present.region", lang),
        partner_regions(catalog),
        format_func=lambda r: region_name(catalog, r, lang),
        key=show.REGION,
        label_visibility="collapsed",
        width=320,
    )
    story = show.current_story(catalog, region)
    index = show.current_index(len(story))
    show.navigation(index, len(story), lang)
    second, presenting, seconds = show.settings(lang)
show.style(presenting)

with st.container(key="present-slide"):
    if not story:
        st.info(t("present.no_scene", lang))
    else:
        scene = story[index]
        slide = slide_content(catalog, scene, lang, ui.basemap_url())
        extra = slide_content(catalog, scene, second) if second else None
        show.render_slide(slide, extra)
if seconds and story:
    # A small timed fragment: only it reruns each tick; the slide reruns when it advances.
    st.fragment(show.advance_if_due, run_every=seconds)(len(story), seconds)

with st.expander(t("present.notes", lang), icon=":material/speaker_notes:"):
    note = story[index].note if story else ""
    st.markdown(show.markdown_text(note) if note else t("present.notes.empty", lang))
with st.expander(
    t("present.edit", lang), icon=":material/edit_note:", key=show.EDITING, on_change="rerun"
):
    show.story_files(story, region, catalog, lang)
ui.as_of_caption(catalog, lang)
