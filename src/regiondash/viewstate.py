"""The view state: everything a user chose, as one frozen value, and its query-string codec.

One owner: the filters, the language, and each page's own state (map camera and selection,
Compare partners, Present region, slide, screen and presentation id, Institutions choice, the
Trends measure and series) live in
`ViewState`; `encode` and `decode` are the only code that turns it into a query string and back.
Streamlit's side of the sync is `regiondash.ui.state`. The page itself is the URL's path, given
to `view_url`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from regiondash.data import Catalog
from regiondash.filters import Filters, filter_options, year_bounds

# Query-string names of the filter fields (short, stable: they appear in shared links).
FILTER_NAMES = {
    "regions": "region",
    "themes": "theme",
    "institution_kinds": "ikind",
    "agreement_kinds": "akind",
    "project_kinds": "pkind",
    "statuses": "status",
    "years": "years",
}
# Query-string names of the other fields, in the order they appear in a link.
STATE_NAMES = {
    "lang": "lang",
    "camera": "cam",
    "layers": "layers",
    "arc_colour": "arcs",
    "selection": "sel",
    "partners": "partner",  # repeated; an old single-partner link still reads
    "present_region": "present",
    "slide": "slide",
    "screen": "screen",
    "deck": "deck",
    "institution": "inst",
    "breakdown_year": "byear",
    "themes_mode": "tmode",
    "themes_search": "q",
    "since": "since",
    "trend_measure": "tmeasure",
    "trend_regions": "treg",
    "trend_institutions": "tinst",
    "trend_cumulative": "tcum",
}
MAX_VALUE_CHARS = 4000  # a selected arc names up to MAX_PAIRS pairs; longer values are ignored
MAX_PAIRS = 50  # a selected arc bundles at most this many institution pairs
MAX_SLIDE = 999
MAX_SEARCH_CHARS = 100
ARC_COLOURINGS = ("kind", "theme")  # the first is the default
NO_LAYER = "none"  # `layers=none`: every map layer switched off
THEMES_MODES = ("institution", "region")  # themes_view.MODES; a test keeps them equal
# trends.MEASURES (a test keeps them equal): counts per year of a region, then headcounts
TREND_MEASURES = (
    "agreements",
    "events",
    "projects",
    "students_total",
    "students_first_cycle",
    "students_master",
    "students_doctoral",
    "international_students",
    "international_academics",
)
MAX_SERIES = 8  # partners on Compare, regions or institutions on Trends: more are ignored
NO_SERIES = "none"  # `treg=none`: the analyst cleared the list (absent means "the defaults")
SCREENS = ("audience",)  # Present: the presenter's view is the default (no `screen=`)
DECK_ID = re.compile(r"[a-z0-9]{6,16}")  # a presentation id, as `stage.new_deck_id` makes them
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
SELECTION_KINDS = ("region", "institution", "campus", "pairs")
YEARS = re.compile(r"([0-9]{4})-([0-9]{4})")  # ASCII digits only: isdigit() accepts "²"
NUMBER = re.compile(r"-?[0-9]{1,3}(\.[0-9]+)?")  # plain decimals: no "1e3", "nan" or "inf"


@dataclass(frozen=True)
class MapView:
    """A map camera (pitch > 0 tilts the map for 3-D columns)."""

    latitude: float
    longitude: float
    zoom: float
    pitch: float = 0.0


MIN_ZOOM, MAX_ZOOM = 0.0, 20.0
MAX_PITCH = 60.0


def valid_camera(view: MapView) -> bool:
    """A camera deck.gl can show: latitude, longitude, zoom and pitch in their ranges."""
    return (
        -90 <= view.latitude <= 90
        and -180 <= view.longitude <= 180
        and MIN_ZOOM <= view.zoom <= MAX_ZOOM
        and 0 <= view.pitch <= MAX_PITCH
    )


@dataclass(frozen=True)
class ViewState:
    """What the user has chosen; None means "the default" (e.g. the browser's language)."""

    filters: Filters = field(default_factory=Filters)
    lang: str | None = None
    camera: MapView | None = None
    layers: tuple[str, ...] | None = None  # switched-on map layers; None means the defaults
    arc_colour: str | None = None
    selection: tuple[str, str] | None = None
    partners: tuple[str, ...] | None = None  # Compare; None: the default partner
    present_region: str | None = None
    slide: int = 0  # 0-based here, 1-based in the URL as people count slides
    screen: str | None = None  # Present: "audience" (slide only) or None (presenter's view)
    deck: str | None = None  # Present: the presentation an audience screen follows
    institution: str | None = None
    breakdown_year: int | None = None  # Institutions page: the year of the breakdown chart
    themes_mode: str | None = None
    themes_search: str = ""
    since: date | None = None  # Overview: "changes since"
    trend_measure: str | None = None  # Trends: what is counted (None: agreements)
    trend_regions: tuple[str, ...] | None = None  # Trends series; None: the defaults
    trend_institutions: tuple[str, ...] | None = None
    trend_cumulative: bool = False


@dataclass(frozen=True)
class Choices:
    """The values a link may name, from the data (anything else is ignored with a notice)."""

    filters: dict[str, set[str]]
    years: tuple[int, int]
    languages: tuple[str, ...]
    partners: set[str]
    regions: set[str]
    institutions: set[str]
    campuses: set[str]
    as_of: date | None = None  # the data's date: no "since" after it
    map_layers: tuple[str, ...] = ()  # every map layer, in drawing order


def encode(state: ViewState) -> dict[str, list[str]]:
    """Query-string parameters of a view state (defaults left out)."""
    query = _encode_filters(state.filters)
    if state.lang:
        query["lang"] = [state.lang]
    if state.camera is not None:
        query["cam"] = [_camera_text(state.camera)]
    if state.layers is not None:
        query["layers"] = [",".join(state.layers) or NO_LAYER]
    if state.arc_colour:
        query["arcs"] = [state.arc_colour]
    if state.selection is not None:
        query["sel"] = [":".join(state.selection)]
    if state.partners is not None:
        query["partner"] = list(state.partners) or [NO_SERIES]
    if state.present_region:
        query["present"] = [state.present_region]
    if state.slide:
        query["slide"] = [str(state.slide + 1)]
    for name in ("screen", "deck", "institution"):
        if getattr(state, name):
            query[STATE_NAMES[name]] = [getattr(state, name)]
    if state.breakdown_year is not None:
        query["byear"] = [str(state.breakdown_year)]
    if state.themes_mode:
        query["tmode"] = [state.themes_mode]
    if state.themes_search:
        query["q"] = [state.themes_search]
    if state.since is not None:
        query["since"] = [state.since.isoformat()]
    if state.trend_measure:
        query["tmeasure"] = [state.trend_measure]
    for name in ("trend_regions", "trend_institutions"):
        if getattr(state, name) is not None:
            query[STATE_NAMES[name]] = list(getattr(state, name)) or [NO_SERIES]
    if state.trend_cumulative:
        query["tcum"] = ["1"]
    return query


def _encode_filters(filters: Filters) -> dict[str, list[str]]:
    query = {}
    for f in fields(Filters):
        value = getattr(filters, f.name)
        if f.name == "years" and value is not None:
            query[FILTER_NAMES[f.name]] = [f"{value[0]}-{value[1]}"]
        elif f.name != "years" and value:
            query[FILTER_NAMES[f.name]] = list(value)
    return query


def _camera_text(view: MapView) -> str:
    text = f"{view.latitude:.4f},{view.longitude:.4f},{view.zoom:.2f}"
    return text + (f",{view.pitch:.0f}" if view.pitch else "")


def decode(query: dict[str, list[str]], choices: Choices) -> tuple[ViewState, list[str]]:
    """A view state from query parameters, and the parameters it had to ignore.

    Unknown, malformed or out-of-range values are dropped and named in the returned list
    (as `name=value`), never raised; a year range reaching past the data is narrowed to it.
    """
    ignored: list[str] = []

    def values(name: str) -> list[str]:
        raw = query.get(name, [])
        kept = [v for v in raw if len(v) <= MAX_VALUE_CHARS]
        ignored.extend(f"{name}={v}" for v in raw if len(v) > MAX_VALUE_CHARS)
        return kept

    def last(name: str, parse) -> object:
        raw = values(name)
        if not raw:
            return None
        parsed = parse(raw[-1])
        if parsed is None:
            ignored.append(f"{name}={raw[-1]}")
        return parsed

    def series(name: str, valid: set[str]) -> tuple[str, ...] | None:
        """A repeated parameter naming up to MAX_SERIES known ids (None when absent)."""
        raw = values(name)
        if not raw:
            return None
        if raw == [NO_SERIES]:
            return ()
        kept = tuple(dict.fromkeys(v for v in raw if v in valid))
        ignored.extend(f"{name}={v}" for v in raw if v not in valid)
        ignored.extend(f"{name}={v}" for v in kept[MAX_SERIES:])
        return kept[:MAX_SERIES] if kept else None

    filters = {}
    for f in fields(Filters):
        name = FILTER_NAMES[f.name]
        if f.name == "years":
            filters["years"] = last(name, lambda text: _parse_years(text, choices.years))
            continue
        valid = choices.filters.get(f.name, set())
        raw = values(name)
        filters[f.name] = tuple(dict.fromkeys(v for v in raw if v in valid))
        ignored += [f"{name}={v}" for v in raw if v not in valid]
    state = ViewState(
        filters=Filters(**filters),
        lang=last("lang", lambda v: v if v in choices.languages else None),
        camera=last("cam", parse_camera),
        layers=last("layers", lambda v: _parse_layers(v, choices.map_layers)),
        arc_colour=last("arcs", lambda v: v if v in ARC_COLOURINGS else None),
        selection=last("sel", lambda v: _parse_selection(v, choices)),
        partners=series("partner", choices.partners),
        present_region=last("present", lambda v: v if v in choices.partners else None),
        slide=(last("slide", _parse_slide) or 1) - 1,
        screen=last("screen", lambda v: v if v in SCREENS else None),
        deck=last("deck", lambda v: v if DECK_ID.fullmatch(v) else None),
        institution=last("inst", lambda v: v if v in choices.institutions else None),
        breakdown_year=last("byear", lambda v: _parse_year(v, choices.years)),
        themes_mode=last("tmode", lambda v: v if v in THEMES_MODES else None),
        themes_search=last("q", lambda v: v if len(v) <= MAX_SEARCH_CHARS else None) or "",
        since=last("since", lambda v: _parse_date(v, choices.as_of)),
        trend_measure=last("tmeasure", lambda v: v if v in TREND_MEASURES else None),
        trend_regions=series("treg", choices.regions),
        trend_institutions=series("tinst", choices.institutions),
        trend_cumulative=last("tcum", lambda v: True if v == "1" else None) or False,
    )
    return state, ignored


def _parse_years(text: str, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """ "2015-2020" within the data's years; a range reaching past them is narrowed to them,
    one that misses them entirely (or runs backwards) is malformed."""
    match = YEARS.fullmatch(text)
    if match is None:
        return None
    low, high = int(match[1]), int(match[2])
    if low > high or high < bounds[0] or low > bounds[1]:
        return None
    return max(low, bounds[0]), min(high, bounds[1])


def parse_camera(text: str) -> MapView | None:
    """ "lat,lon,zoom[,pitch]" with every number in range, or None."""
    parts = text.split(",")
    if len(parts) not in (3, 4) or not all(NUMBER.fullmatch(p) for p in parts):
        return None
    view = MapView(*(float(p) for p in parts))
    if not all(math.isfinite(v) for v in (view.latitude, view.longitude, view.zoom)):
        return None
    return view if valid_camera(view) else None


def _parse_selection(text: str, choices: Choices) -> tuple[str, str] | None:
    """ "kind:id" naming an item that exists; for arcs, up to MAX_PAIRS "a|b" pairs."""
    kind, _, item_id = text.partition(":")
    known = {
        "region": choices.regions,
        "institution": choices.institutions,
        "campus": choices.campuses,
    }
    if kind in known:
        return (kind, item_id) if item_id in known[kind] else None
    if kind != "pairs":
        return None
    pairs = item_id.split(",")
    if not 0 < len(pairs) <= MAX_PAIRS:
        return None
    for pair in pairs:
        ends = pair.split("|")
        if len(ends) != 2 or not set(ends) <= choices.institutions or ends[0] == ends[1]:
            return None
    return kind, item_id


def _parse_layers(text: str, known: tuple[str, ...]) -> tuple[str, ...] | None:
    """ "regions,arcs" naming known layers (kept in drawing order), or "none"."""
    if text == NO_LAYER:
        return ()
    names = set(text.split(","))
    if not names <= set(known):
        return None
    return tuple(name for name in known if name in names)


def _parse_year(text: str, bounds: tuple[int, int]) -> int | None:
    """A year within the data's years."""
    if not re.fullmatch(r"[0-9]{4}", text):
        return None
    year = int(text)
    return year if bounds[0] <= year <= bounds[1] else None


def _parse_date(text: str, latest: date | None) -> date | None:
    """An ISO day from 1900 up to the data's date."""
    if DATE.fullmatch(text) is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if day.year < 1900 or (latest is not None and day > latest):
        return None
    return day


def _parse_slide(text: str) -> int | None:
    """A 1-based slide number."""
    if not re.fullmatch(r"[0-9]{1,3}", text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_SLIDE else None


def view_url(base: str, state: ViewState) -> str:
    """A link that reopens exactly this view: the page's URL + the encoded state."""
    encoded = urlencode(encode(state), doseq=True)
    return f"{base}?{encoded}" if encoded else base


MAX_ADDRESS_CHARS = 3800  # a view address is kept in a cookie (browsers keep up to 4096 bytes)
MAX_ADDRESS_FIELDS = 100


def view_address(url_path: str, query: dict[str, list[str]]) -> str:
    """ "map?region=CN-ZJ&lang=fr": a page's url path and a view's query string, without the
    host, as sign-in keeps it to come back to (see `parse_view_address`)."""
    return url_path + ("?" + urlencode(query, doseq=True) if query else "")


def parse_view_address(
    address: object, url_paths: tuple[str, ...]
) -> tuple[str, dict[str, list[str]]] | None:
    """(url path, query) of a `view_address`; None unless it names one of `url_paths`. The
    address comes back from the browser, so it is untrusted: nothing but one of the app's own
    pages is accepted (no other site, no script), and `decode` checks the query as it checks
    any link's."""
    if not isinstance(address, str) or len(address) > MAX_ADDRESS_CHARS:
        return None
    path, _, query = address.partition("?")
    if path not in url_paths:
        return None
    try:
        return path, parse_qs(query, keep_blank_values=True, max_num_fields=MAX_ADDRESS_FIELDS)
    except ValueError:  # more fields than any view writes
        return None


def with_filters(state: ViewState, **changes) -> ViewState:
    """The state with some filter fields changed."""
    return replace(state, filters=replace(state.filters, **changes))


def choices_for(catalog: Catalog, languages: tuple[str, ...]) -> Choices:
    """What a link may name in this catalog."""
    from regiondash.maps import LAYERS  # the layer registry; maps imports this module

    options = filter_options(catalog)
    return Choices(
        filters=options,
        years=year_bounds(catalog),
        languages=tuple(languages),
        partners=options["regions"],
        regions=set(catalog.regions["id"]),
        institutions=set(catalog.institutions["id"]),
        campuses=set(catalog.campuses["id"]),
        as_of=_parse_date(catalog.as_of, None),
        map_layers=LAYERS,
    )
