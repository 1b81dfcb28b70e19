"""Present: one partnership as a slide show for a delegation visit (projector, fully offline)."""

import streamlit as st

from regiondash.i18n import t
from regiondash.slides import region_name, slide_content
from regiondash.story import partner_regions
from regiondash.ui import frame, state
from regiondash.ui import present as show

lang = frame.current_language()
catalog = frame.catalog()  # the whole data: a presentation is about one region, not the filters

bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
with bar:
    regions = partner_regions(catalog)
    chosen = state.get().present_region
    region = st.selectbox(
        t("present.region", lang),
        regions,
        format_func=lambda r: region_name(catalog, r, lang),
        label_visibility="collapsed",
        width=320,
        **state.bind(show.REGION, chosen if chosen in regions else regions[0], show.pick_region),
    )
    state.update(present_region=region)  # the link names what is shown
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
        slide = slide_content(catalog, scene, lang, frame.basemap_url())
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
frame.as_of_caption(catalog, lang)
