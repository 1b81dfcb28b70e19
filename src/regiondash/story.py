"""Presenter stories: an ordered list of scenes, built from the data, kept as a small JSON file.

Pure (no streamlit): the Present page shows one scene at a time; a presenter can reorder, drop
and annotate scenes, download the story and load it again. Loading checks every rule and
reports every problem at once, each with its scene number, field and rule.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from regiondash.data import Catalog
from regiondash.i18n import DEFAULT_LANGUAGE, t
from regiondash.maps import region_view
from regiondash.partnership import home_region, partner_regions
from regiondash.viewstate import MapView

KINDS = ("title", "map", "figures", "institutions", "projects", "timeline", "sources")
FORMAT = "regiondash-story"
VERSION = 1
MAX_SCENES = 60
MAX_NOTE_CHARS = 2000
MAX_TEXT_CHARS = 200_000  # a story of MAX_SCENES long notes stays well under this
ZOOM_RANGE = (0.0, 20.0)  # deck.gl's web-mercator zoom levels
CAMERA_RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0), "zoom": ZOOM_RANGE}
MAX_DEPTH = 8  # a story nests 4 deep (file, scenes, scene, camera); more is not a story
MAX_NUMBER_CHARS = 30  # longer JSON numbers are refused before Python parses them
SCENE_FIELDS = ("kind", "region_id", "note", "camera")
TOP_FIELDS = ("format", "version", "scenes")


@dataclass(frozen=True)
class Scene:
    """One slide of a story: what it shows, about which region, the speaker's note, a camera."""

    kind: str
    region_id: str
    note: str = ""
    camera: MapView | None = None  # map scenes only; None means "fit the region"


@dataclass(frozen=True)
class StoryProblem:
    """One broken rule: scene number (1-based, None for the whole file), field, rule, details."""

    scene: int | None
    field: str
    rule: str
    value: object = ""  # the offending value, as shown in the message
    expected: object = ""  # what the rule allows


class StoryError(ValueError):
    """A story file breaks one or more rules; `problems` lists every one of them."""

    def __init__(self, problems: list[StoryProblem]):
        """Keep the problems and list them all in the message."""
        self.problems = tuple(problems)
        listing = "\n".join(f"- {describe(p)}" for p in self.problems)
        super().__init__(f"The story has {len(self.problems)} problem(s):\n{listing}")


def what_is_wrong(problem: StoryProblem, lang: str = DEFAULT_LANGUAGE) -> str:
    """What the rule says about the offending value, e.g. "25 is outside 0–20"."""
    values = {"value": problem.value, "expected": problem.expected}
    return t(f"present.rule.{problem.rule}", lang, **values)


def describe(problem: StoryProblem, lang: str = DEFAULT_LANGUAGE) -> str:
    """One problem as a sentence: where (scene, field), what is wrong, and the rule's name."""
    scene = t("present.problem.file", lang) if problem.scene is None else str(problem.scene)
    return t(
        "present.problem.line",
        lang,
        scene=scene,
        field=problem.field or "—",
        rule=problem.rule,
        what=what_is_wrong(problem, lang),
    )


def camera_for(catalog: Catalog, region_id: str) -> MapView:
    """A camera fitting the region, rounded so story files stay short and readable."""
    view = region_view(catalog, region_id)
    return MapView(round(view.latitude, 4), round(view.longitude, 4), round(view.zoom, 2))


def default_story(catalog: Catalog, region_id: str) -> list[Scene]:
    """The story of one partnership, the same shape for every region: title, a flight from the
    home region to the partner, figures, institutions, projects, timeline, sources."""
    if region_id not in set(catalog.regions["id"]):
        raise StoryError([StoryProblem(None, "region_id", "region", region_id)])
    home = home_region(catalog)
    flight = [] if home is None else [Scene("map", home, camera=camera_for(catalog, home))]
    return [
        Scene("title", region_id),
        *flight,  # a catalog without a home region has no flight from it
        Scene("map", region_id, camera=camera_for(catalog, region_id)),
        Scene("figures", region_id),
        Scene("institutions", region_id),
        Scene("projects", region_id),
        Scene("timeline", region_id),
        Scene("sources", region_id),
    ]


def main_region(scenes: list[Scene], catalog: Catalog) -> str | None:
    """The partner region most scenes are about (what the page's region picker should show)."""
    partners = set(partner_regions(catalog))
    counts = Counter(s.region_id for s in scenes if s.region_id in partners)
    return counts.most_common(1)[0][0] if counts else None


def scene_to_dict(scene: Scene) -> dict:
    """A scene as JSON-ready data (the camera only when there is one)."""
    data = {"kind": scene.kind, "region_id": scene.region_id, "note": scene.note}
    if scene.camera is not None:
        camera = scene.camera
        data["camera"] = {
            "latitude": camera.latitude,
            "longitude": camera.longitude,
            "zoom": camera.zoom,
        }
    return data


def story_to_json(scenes: list[Scene]) -> str:
    """The story as a small, readable JSON document."""
    document = {"format": FORMAT, "version": VERSION, "scenes": [scene_to_dict(s) for s in scenes]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _type_name(value: object) -> str:
    """JSON name of a value's type, for error messages."""
    names = {bool: "boolean", int: "number", float: "number", str: "text", list: "list"}
    names |= {dict: "object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _is_number(value: object) -> bool:
    """A JSON number (booleans are ints in Python, not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_text(scene: dict, field: str, number: int) -> list[StoryProblem]:
    """A required text field (kind, region_id)."""
    if field not in scene:
        return [StoryProblem(number, field, "required")]
    if not isinstance(scene[field], str):
        return [StoryProblem(number, field, "type", _type_name(scene[field]), "text")]
    return []


def _check_camera(camera: object, kind: object, number: int) -> list[StoryProblem]:
    """The optional camera: an object of three finite numbers within their ranges."""
    if camera is None:
        return []
    if kind != "map":
        return [StoryProblem(number, "camera", "camera_kind", str(kind))]
    if not isinstance(camera, dict):
        return [StoryProblem(number, "camera", "type", _type_name(camera), "object")]
    problems = [
        StoryProblem(number, f"camera.{key}", "unknown_field", key, ", ".join(CAMERA_RANGES))
        for key in camera
        if key not in CAMERA_RANGES
    ]
    for key, (low, high) in CAMERA_RANGES.items():
        field, value = f"camera.{key}", camera.get(key)
        if key not in camera:
            problems.append(StoryProblem(number, field, "required"))
        elif not _is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
            problems.append(StoryProblem(number, field, "type", repr(value), "number"))
        elif not low <= value <= high:
            problems.append(StoryProblem(number, field, "range", str(value), f"{low:g}–{high:g}"))
    return problems


def _check_scene(scene: object, number: int, region_ids: list[str]) -> list[StoryProblem]:
    """Every rule of one scene."""
    if not isinstance(scene, dict):
        return [StoryProblem(number, "", "type", _type_name(scene), "object")]
    problems = [
        StoryProblem(number, key, "unknown_field", str(key), ", ".join(SCENE_FIELDS))
        for key in scene
        if key not in SCENE_FIELDS
    ]
    problems += _check_text(scene, "kind", number) + _check_text(scene, "region_id", number)
    kind, region = scene.get("kind"), scene.get("region_id")
    if isinstance(kind, str) and kind not in KINDS:
        problems.append(StoryProblem(number, "kind", "kind", kind, ", ".join(KINDS)))
    if isinstance(region, str) and region not in region_ids:
        problems.append(StoryProblem(number, "region_id", "region", region, ", ".join(region_ids)))
    note = scene.get("note", "")
    if not isinstance(note, str):
        problems.append(StoryProblem(number, "note", "type", _type_name(note), "text"))
    elif len(note) > MAX_NOTE_CHARS:
        problems.append(StoryProblem(number, "note", "max_length", len(note), MAX_NOTE_CHARS))
    return problems + _check_camera(scene.get("camera"), kind, number)


def _check_document(document: object) -> list[StoryProblem]:
    """Rules of the whole file: an object with a supported version and a list of scenes."""
    if not isinstance(document, dict):
        return [StoryProblem(None, "", "type", _type_name(document), "object")]
    problems = [
        StoryProblem(None, str(key), "unknown_field", str(key), ", ".join(TOP_FIELDS))
        for key in document
        if key not in TOP_FIELDS
    ]
    if document.get("format", FORMAT) != FORMAT:
        problems.append(StoryProblem(None, "format", "format", str(document["format"]), FORMAT))
    if "version" not in document:
        problems.append(StoryProblem(None, "version", "required"))
    elif document["version"] != VERSION or isinstance(document["version"], bool):
        problems.append(StoryProblem(None, "version", "version", str(document["version"]), "1"))
    scenes = document.get("scenes")
    if "scenes" not in document:
        problems.append(StoryProblem(None, "scenes", "required"))
    elif not isinstance(scenes, list):
        problems.append(StoryProblem(None, "scenes", "type", _type_name(scenes), "list"))
    elif not scenes:
        problems.append(StoryProblem(None, "scenes", "min_scenes", "0", "1"))
    elif len(scenes) > MAX_SCENES:
        problems.append(StoryProblem(None, "scenes", "max_scenes", len(scenes), MAX_SCENES))
    return problems


# JSON strings (the rest of a file is structure and numbers), and what a scan looks for.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS_OR_NUMBER = re.compile(r"[\[\]{}]|-?[0-9][0-9.eE+-]*")


def _where(text: str, offset: int) -> str:
    """Line and column of a character, as a JSON error names them."""
    line_start = text.rfind("\n", 0, offset) + 1
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - line_start + 1}"


def _check_shape(text: str) -> list[StoryProblem]:
    """Nesting deeper than MAX_DEPTH or a number longer than MAX_NUMBER_CHARS: refused before
    json.loads, which would overflow Python's stack or spend seconds on a 5,000-digit number."""
    outside_strings = _JSON_STRING.sub(lambda m: " " * len(m.group()), text)
    depth = 0
    for match in _BRACKETS_OR_NUMBER.finditer(outside_strings):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                where = _where(text, match.start())
                return [StoryProblem(None, "", "depth", where, MAX_DEPTH)]
        elif token in "]}":
            depth -= 1
        elif len(token) > MAX_NUMBER_CHARS:
            where = f"{len(token)} ({_where(text, match.start())})"
            return [StoryProblem(None, "", "number_length", where, MAX_NUMBER_CHARS)]
    return []


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose keys are all different (json.loads would keep the last silently)."""
    repeated = sorted(key for key, count in Counter(k for k, _ in pairs).items() if count > 1)
    if repeated:
        raise StoryError([StoryProblem(None, key, "duplicate_key", key) for key in repeated])
    return dict(pairs)


def _parse(text: str) -> object:
    """The JSON document in `text`, or a StoryError naming the line and column."""
    if len(text) > MAX_TEXT_CHARS:
        raise StoryError([StoryProblem(None, "", "size", str(len(text)), str(MAX_TEXT_CHARS))])
    problems = _check_shape(text)
    if problems:
        raise StoryError(problems)
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except StoryError:
        raise
    except json.JSONDecodeError as error:
        where = f"{error.msg} (line {error.lineno}, column {error.colno})"
        raise StoryError([StoryProblem(None, "", "json", where)]) from error
    except (ValueError, RecursionError) as error:  # what the shape check should have caught
        raise StoryError([StoryProblem(None, "", "json", type(error).__name__)]) from error


def _scene_from_dict(data: dict) -> Scene:
    """A checked scene dict as a Scene."""
    camera = data.get("camera")
    view = None
    if camera is not None:
        view = MapView(float(camera["latitude"]), float(camera["longitude"]), float(camera["zoom"]))
    return Scene(data["kind"], data["region_id"], data.get("note", ""), view)


def story_from_json(text: str | bytes, catalog: Catalog) -> list[Scene]:
    """The scenes of a story file; raises StoryError listing every problem found."""
    if isinstance(text, bytes):
        if len(text) > 4 * MAX_TEXT_CHARS:  # more bytes than the longest allowed text can take
            raise StoryError([StoryProblem(None, "", "size", str(len(text)), str(MAX_TEXT_CHARS))])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise StoryError([StoryProblem(None, "", "encoding", str(error))]) from error
    document = _parse(text)
    problems = _check_document(document)
    scenes = document.get("scenes") if isinstance(document, dict) else None
    if isinstance(scenes, list) and len(scenes) <= MAX_SCENES:
        region_ids = [str(r) for r in catalog.regions["id"]]
        for number, scene in enumerate(scenes, start=1):
            problems += _check_scene(scene, number, region_ids)
    if problems:
        raise StoryError(problems)
    return [_scene_from_dict(scene) for scene in scenes]


# The story editor: one row per scene with stable column ids (the page translates the labels).
EDITOR_COLUMNS = ("keep", "order", "kind", "region", "note")


def story_table(scenes: list[Scene], kind_label, region_label) -> pd.DataFrame:
    """The scenes as rows the presenter edits: keep, order, kind, region, note."""
    return pd.DataFrame(
        {
            "keep": [True] * len(scenes),
            "order": list(range(1, len(scenes) + 1)),
            "kind": [kind_label(s.kind) for s in scenes],
            "region": [region_label(s.region_id) for s in scenes],
            "note": [s.note for s in scenes],
        },
        columns=list(EDITOR_COLUMNS),
    )


def edited_story(scenes: list[Scene], edits: dict | None) -> list[Scene]:
    """The story after the editor's changes (st.data_editor's `edited_rows` state): rows not
    kept are dropped, the rest sorted by their order number (ties keep their place)."""
    rows = (edits or {}).get("edited_rows", {})
    kept = []
    for position, scene in enumerate(scenes):
        change = rows.get(position, rows.get(str(position), {}))
        if change.get("keep", True) is False:
            continue
        order = change.get("order")
        order = position + 1 if order is None or pd.isna(order) else float(order)
        note = change.get("note", scene.note)
        note = "" if note is None else str(note)[:MAX_NOTE_CHARS]
        kept.append((order, position, Scene(scene.kind, scene.region_id, note, scene.camera)))
    return [scene for _, _, scene in sorted(kept, key=lambda item: item[:2])]
