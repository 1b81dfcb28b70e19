"""Fuzzed story uploads: malformed, oversized, deeply nested, huge numbers, hostile file names —
each is a list of located problems (never a traceback), and the current story is kept."""

from __future__ import annotations

import json

import pytest
from conftest import open_page

from regiondash.data import load_catalog
from regiondash.story import (
    MAX_DEPTH,
    MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
    StoryError,
    describe,
    story_from_json,
)
from regiondash.text import escape_markdown

CATALOG = load_catalog()


def _camera_story(latitude: str) -> str:
    camera = f'{{"latitude": {latitude}, "longitude": 120, "zoom": 6}}'
    scene = f'{{"kind": "map", "region_id": "CN-ZJ", "camera": {camera}}}'
    return f'{{"format": "regiondash-story", "version": 1, "scenes": [{scene}]}}'


UPLOADS = {
    "5,000 nested arrays": ("[" * 5000 + "]" * 5000, "depth"),
    "3,000 nested objects": ('{"a":' * 3000 + "1" + "}" * 3000, "depth"),
    "nesting just past the limit": ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "depth"),
    "a 5,000-digit integer": ('{"version": ' + "9" * 5000 + "}", "number_length"),
    "a 400-digit latitude": (_camera_story("1" * 400), "number_length"),
    "a 400-digit negative latitude": (_camera_story("-" + "1" * 400), "number_length"),
    "a 5,000-digit fraction": (_camera_story("0." + "1" * 5000), "number_length"),
    "1e400": (_camera_story("1e400"), "type"),
    "NaN": (_camera_story("NaN"), "type"),
    "-Infinity": (_camera_story("-Infinity"), "type"),
    "a repeated key": (
        '{"version": 1, "version": 2, "format": "regiondash-story"}',
        "duplicate_key",
    ),
    "oversized": (" " * (MAX_TEXT_CHARS + 1), "size"),
    "oversized bytes": (b"[" + b" " * (4 * MAX_TEXT_CHARS) + b"]", "size"),
    "not utf-8": (b"\xff\xfe{}", "encoding"),
    "empty": ("", "json"),
    "nul": ("\x00", "json"),
    "truncated": (_camera_story("30")[:-9], "json"),
    "a lone surrogate": ('"\\ud800"', "type"),
    "a list": ("[]", "type"),
}


@pytest.mark.parametrize("name", UPLOADS)
def test_each_hostile_story_is_a_located_problem(name):
    text, rule = UPLOADS[name]
    with pytest.raises(StoryError) as caught:
        story_from_json(text, CATALOG)
    problems = caught.value.problems
    assert rule in {p.rule for p in problems}, [(p.field, p.rule) for p in problems]
    for problem in problems:
        for lang in ("en", "fr", "zh"):
            assert len(describe(problem, lang)) < 1000  # no 5,000-digit value repeated


def test_the_limits_let_a_real_story_through():
    """A story nests 4 deep and its numbers are short: the limits are far from real files."""
    text = _camera_story("30.123456789012345678")
    assert json.loads(text)["scenes"][0]["camera"]["latitude"] > 30
    assert len(story_from_json(text, CATALOG)) == 1
    assert len("-30.123456789012345678") < MAX_NUMBER_CHARS
    deep = '{"format": "regiondash-story", "version": 1, "scenes": [{"kind": "title", '
    deep += '"region_id": "CN-ZJ", "camera": null}], "x": [[[[1]]]]}'  # 6 levels: parsed
    with pytest.raises(StoryError) as caught:
        story_from_json(deep, CATALOG)
    assert {p.rule for p in caught.value.problems} == {"unknown_field"}


def test_a_depth_problem_says_where():
    with pytest.raises(StoryError) as caught:
        story_from_json('{"scenes":\n  [[[[[[[[[[1]]]]]]]]]]}', CATALOG)
    (problem,) = caught.value.problems
    assert (problem.rule, problem.value) == ("depth", "line 2, column 10")


def test_brackets_inside_text_are_not_nesting():
    note = "[" * 50 + "{" * 50 + "9" * 100
    text = json.dumps(
        {
            "format": "regiondash-story",
            "version": 1,
            "scenes": [{"kind": "title", "region_id": "CN-ZJ", "note": note}],
        }
    )
    assert story_from_json(text, CATALOG)[0].note == note


HOSTILE_NAME = (
    "[Session expired](https://pwn.example/login) ![x](https://pwn.example/x.png) :red[$x$].json"
)


@pytest.mark.parametrize("content", ["[" * 5000 + "]" * 5000, _camera_story("1" * 400)])
def test_the_page_lists_problems_keeps_the_story_and_shows_the_name_as_text(content):
    app = open_page("app_pages/present.py", lang="en", present="CN-ZJ", slide="2")
    before = app.markdown[0].value  # "2 / N": N counts the screens of Zhejiang's story
    assert before.startswith("2 / ")
    app.file_uploader(key="present_upload").set_value(
        (HOSTILE_NAME, content.encode(), "application/json")
    )
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    (error,) = [e.value for e in app.error if "was not loaded" in e.value]
    assert escape_markdown(HOSTILE_NAME) in error  # every markdown character escaped
    assert "](" not in error and "![" not in error
    assert app.markdown[0].value == before  # the story and the slide are kept


def test_a_good_story_under_a_hostile_name_loads_and_shows_the_name_as_text():
    app = open_page("app_pages/present.py", lang="en", present="CN-ZJ")
    app.file_uploader(key="present_upload").set_value(
        (HOSTILE_NAME, _camera_story("30.2").encode(), "application/json")
    )
    app.run()
    assert not app.exception
    (success,) = [s.value for s in app.success]
    assert escape_markdown(HOSTILE_NAME) in success and "](" not in success
