"""Fuzzed links: every query parameter with malformed values (empty, 100k characters, unicode,
JSON, markdown, repeated keys) is read or ignored with a notice, never raised; every page still
runs, and no value becomes a link, image, colour or formula in the notice."""

from __future__ import annotations

import re

import pytest
from conftest import DATA_DIR

from regiondash.data import load_catalog
from regiondash.i18n import LANGUAGES
from regiondash.pages import PAGES
from regiondash.viewstate import FILTER_NAMES, STATE_NAMES, choices_for, decode

PARAMETERS = [*FILTER_NAMES.values(), *STATE_NAMES.values()]
MALFORMED = {
    "empty": [""],
    "100k characters": ["9" * 100_000],
    "unicode": ["\u202eCN-ZJ\u200b", "中文🙂", "²⁰¹⁵-²⁰²⁰", "١٢٣"],
    "json": ['{"region": ["CN-ZJ"], "__proto__": {"x": 1}}', "[1, 2, [3]]", "null"],
    "markdown": ["[Sign in](https://pwn.example/login)", "![x](https://pwn.example/x.png)"],
    "directives": [":red[alert]", "$\\color{red}{x}$", ":material/warning: <b>x</b>"],
    "numbers": ["NaN", "1e400", "-0", str(10**30), "1,2,3,4,5", "0x10"],
    "repeated keys": ["CN-ZJ", "CN-ZJ", "nope", "", "CN-ZJ"] * 20,
}
# The parts of markdown that make a link, an image, a colour or a formula (an escaped
# character is preceded by a backslash; what Streamlit reads as markup is not).
LIVE_MARKDOWN = re.compile(r"(?<!\\)(\]\(|!\[|(?<!\\):[a-z]+\[|\$|<[a-z])")


@pytest.fixture(scope="module")
def choices():
    return choices_for(load_catalog(DATA_DIR), LANGUAGES)


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize("name", PARAMETERS)
def test_every_parameter_reads_or_names_each_malformed_value(choices, name, kind):
    values = MALFORMED[kind]
    state, ignored = decode({name: values}, choices)
    # Whatever was not ignored was read into a valid state: decoding it again is clean.
    from regiondash.viewstate import encode

    again, ignored_again = decode(encode(state), choices)
    assert ignored_again == [] and again == state
    for value in set(values):
        named = f"{name}={value}"
        if named in ignored:
            continue
        # A value read into the state: only the data's own ids and well-formed numbers are.
        assert len(value) < 5000, f"{name}: a {len(value)}-character value was read silently"


def _hostile_query(offset: int) -> dict[str, list[str]]:
    """Every parameter at once, each with a different kind of malformed value."""
    kinds = list(MALFORMED)
    return {
        name: MALFORMED[kinds[(number + offset) % len(kinds)]]
        for number, name in enumerate(PARAMETERS)
    }


@pytest.mark.parametrize(
    ("offset", "spec"), list(enumerate(PAGES)), ids=[p.url_path for p in PAGES]
)
def test_every_page_runs_under_a_hostile_link_and_names_what_it_ignored(offset, spec):
    from conftest import open_page

    app = open_page(spec.path, **_hostile_query(offset))  # asserts no exception
    assert app.title or app.header or app.markdown, "the page drew nothing"
    (notice,) = [c.value for c in app.sidebar.caption if c.value.startswith("Ignored")]
    assert LIVE_MARKDOWN.search(notice.split(":", 1)[1]) is None, notice[:300]
    assert len(notice) < 20_000  # each value is cut (a 100k-character value is not repeated)
