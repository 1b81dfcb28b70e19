"""Map: regions, institutions, campuses and partnership arcs on an offline basemap."""

from dataclasses import replace

import streamlit as st

from regiondash import maps
from regiondash.charts import footnote_text
from regiondash.completeness import map_coverage
from regiondash.filters import Filters, apply, year_bounds
from regiondash.i18n import t
from regiondash.legend import arc_entries, layer_entries, legend_html
from regiondash.map_data import arc_pairs, names, search_index, search_labels, search_options
from regiondash.partnership import partner_regions
from regiondash.text import escape_markdown
from regiondash.ui import frame, state
from regiondash.ui import map_controls as map_state
from regiondash.ui.deck_map import MapImage, deck_map
from regiondash.ui.sidebar import filter_summary_text
from regiondash.viewstate import ARC_COLOURINGS

lang = frame.current_language()
catalog = frame.view()

st.title(t("map.title", lang))
frame.filter_banner(lang)
index = search_index(catalog, lang)
presets, jump, search = st.columns([2, 2, 3])
presets.segmented_control(
    t("map.view", lang),
    list(maps.VIEWS),
    format_func=lambda v: t(f"map.view.{v}", lang),
    key="map_preset",
    on_change=map_state.on_preset,
    args=(catalog, "map_preset"),
)
jump.selectbox(
    t("map.jump", lang),
    partner_regions(catalog),
    index=None,
    format_func=names(catalog, "regions", "name", lang).get,
    placeholder=t("map.jump_placeholder", lang),
    key="map_jump",
    on_change=map_state.on_region_jump,
    args=(catalog, "map_jump"),
)
options = search_options(index)
listed_all = len(options) == len(index)
labels = search_labels(catalog, lang)
search.selectbox(
    t("map.search", lang),
    options,
    index=None,
    format_func=lambda key: labels.get(key, key),  # a typed name is shown as typed
    placeholder=t("map.search_placeholder" if listed_all else "map.search_placeholder_typed", lang),
    accept_new_options=not listed_all,  # places not listed are found by their typed name
    key="map_search",
    on_change=map_state.on_search,
    args=(index, "map_search"),
)
if missed := st.session_state.get(map_state.SEARCH_MISSED):
    search.caption(t("map.search_missed", lang, text=escape_markdown(missed[:80])))
layers, colouring, years = st.columns([4, 2, 3])
view_state = state.get()
shown = layers.pills(
    t("map.layers", lang),
    list(maps.LAYERS),
    selection_mode="multi",
    format_func=lambda v: t(f"map.layer.{v}", lang),
    **state.bind(
        "map_layers",
        list(maps.DEFAULT_LAYERS if view_state.layers is None else view_state.layers),
        map_state.set_layers,
    ),
)
arc_colour = (
    colouring.segmented_control(
        t("map.arc_colour", lang),
        ARC_COLOURINGS,
        format_func=lambda v: t(f"map.arc_colour.{v}", lang),
        **state.bind(
            "map_arc_colour",
            view_state.arc_colour or ARC_COLOURINGS[0],
            lambda colour: state.update(arc_colour=None if colour == ARC_COLOURINGS[0] else colour),
        ),
    )
    or ARC_COLOURINGS[0]
)
first, last = year_bounds(frame.catalog())
by_year = years.toggle(t("map.by_year", lang), key="map_by_year")
playing = by_year and years.toggle(t("map.play", lang), key="map_play")
cumulative = by_year and years.checkbox(t("map.cumulative", lang), key="map_cumulative")


def map_image(shown_catalog, categories, category_label) -> MapImage:
    """What the downloadable PNG says under the map: what it shows, legend, sources, as of."""
    layers = frozenset(shown or ())
    legend = layer_entries(lang, layers)
    if "arcs" in layers:
        legend += arc_entries(categories, category_label)
    summary = filter_summary_text(frame.catalog(), frame.current_filters(), lang)
    title = f"{t('map.title', lang)} · {summary}"
    if by_year:
        caption = "map.year_caption_cumulative" if cumulative else "map.year_caption"
        title += " · " + t(caption, lang, year=st.session_state.get("map_year", first))
    return MapImage(
        label=t("map.image", lang),
        filename="regiondash-map.png",
        title=title,
        footnote=footnote_text(shown_catalog, maps.map_source_ids(shown_catalog), lang, limit=6),
        legend=tuple(legend),
    )


def map_and_details() -> None:
    """The deck and its detail panel."""
    shown_catalog = catalog
    if by_year:
        if playing and st.session_state.get("map_year", first) < last:
            st.session_state["map_year"] = st.session_state.get("map_year", first) + 1
        year = st.slider(t("map.year", lang), first, last, key="map_year")
        span = (first, year) if cumulative else (year, year)
        shown_catalog = apply(catalog, replace(Filters(), years=span))
        caption = "map.year_caption_cumulative" if cumulative else "map.year_caption"
        st.caption(t(caption, lang, year=year))
    options = maps.MapOptions(
        layers=frozenset(shown or ()),
        arc_colour=arc_colour,
        theme=st.context.theme.type or "light",
        tile_style_url=frame.tile_style_url(),
        browser_labels=True,  # deck_map places the names for the size and zoom it shows
    )
    basemap = frame.basemap_url()
    camera = map_state.camera()
    deck = maps.partnership_deck(
        shown_catalog, lang, basemap, camera or maps.VIEWS["world"], options
    )
    arcs = arc_pairs(shown_catalog, lang, arc_colour)
    categories = list(arcs["category"].unique())  # what the legend and the image's key need
    label = frame.category_label(catalog, arc_colour, lang)
    left, right = st.columns([3, 1.3])
    with left:
        deck_map(
            deck,
            key="partnership_map",
            height=600,
            on_camera=map_state.set_camera,
            on_click=map_state.on_click,
            # No camera in the view state: the deck frames every region for its own size.
            fit_bounds=maps.data_bounds(catalog) if camera is None else None,
            image=map_image(shown_catalog, categories, label),
        )
    with right:
        frame.detail_panel(shown_catalog, map_state.selection(), lang)
    left.html(legend_html(categories, label, lang, frozenset(shown or ())))
    if "arcs" in (shown or ()) and (cut := maps.arcs_cut_text(arcs, lang)):
        left.caption(cut)
    zoom = (camera or maps.VIEWS["world"]).zoom
    if "institutions" in (shown or ()) and (
        grouped := maps.sites_grouped_text(shown_catalog, lang, zoom)
    ):
        left.caption(grouped)


# While the years play, only the map reruns each tick; otherwise a pan or click reruns the whole
# page, so the address bar and "Copy link" follow at once.
(st.fragment(map_and_details, run_every=1.5) if playing else map_and_details)()
frame.coverage_caption(map_coverage(catalog), lang)
st.caption(t("map.basemap_note", lang))
frame.as_of_caption(catalog, lang)
