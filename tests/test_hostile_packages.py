"""Fuzzed packages: every broken package is a located problem list (file, line, field, rule),
never a traceback and never silently wrong figures — in the loader and on the app's page."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA_DIR
from package_fuzz import ANY, NAMED_BREAKS, cell_breaks, expected_value

from regiondash.data import build_catalog
from regiondash.problems import DataPackageError, Problem

SEED = 14  # a fixed draw: a failure is reproducible; change it to explore other cells
CELL_BREAKS = cell_breaks(DATA_DIR, SEED, 16)


def _problems(data_dir) -> list[Problem]:
    with pytest.raises(DataPackageError) as raised:
        build_catalog(data_dir)
    problems = raised.value.problems
    assert problems, "an error with no problem listed"
    for problem in problems:
        shown = str(problem)
        assert str(data_dir) not in shown and "/tmp" not in shown, shown  # no server path
        assert len(shown) < 600, shown[:200]  # a 50 MB cell is not repeated in the list
        assert problem.file == "datapackage.json" or not problem.file.endswith(".json.csv")
    return problems


def _located(problems: list[Problem], file, rule, line=ANY, field=ANY) -> bool:
    return any(
        p.file == file
        and p.rule in (rule if isinstance(rule, tuple) else (rule,))
        and (line is ANY or p.line == line)
        and (field is ANY or p.field == field)
        for p in problems
    )


@pytest.mark.parametrize("brk", NAMED_BREAKS, ids=lambda b: b.name)
def test_each_named_break_is_a_located_problem(data_copy, brk):
    brk.change(data_copy)
    problems = _problems(data_copy)
    where = [(p.file, p.line, p.field, p.rule) for p in problems][:5]
    assert _located(problems, brk.file, brk.rule, brk.line, brk.field), where


@pytest.mark.parametrize(
    "cell", CELL_BREAKS, ids=lambda c: f"{c.table}.{c.field['name']}={c.value[:12]!r}"
)
def test_a_hostile_cell_loads_as_written_or_is_reported_on_its_line(data_copy, cell):
    frame = pd.read_csv(data_copy / f"{cell.table}.csv", dtype=str, keep_default_na=False)
    frame.loc[cell.row, cell.field["name"]] = cell.value
    frame.to_csv(data_copy / f"{cell.table}.csv", index=False)
    try:
        catalog = build_catalog(data_copy)
    except DataPackageError as error:
        here = [p for p in error.problems if p.file == f"{cell.table}.csv" and p.line == cell.line]
        assert here, [str(p) for p in error.problems][:5]
        return
    # It loaded: then the figure is exactly what the cell says (no wrap, no rounding to inf).
    loaded = catalog.table(cell.table)[cell.field["name"]].iloc[cell.row]
    try:
        expected = expected_value(cell.field, cell.value)
    except (ValueError, KeyError):
        pytest.fail(f"{cell.value!r} loaded as {loaded!r} in a {cell.field.get('type')} field")
    if expected is None:
        assert pd.isna(loaded)
    else:
        assert loaded == expected, (cell.value, loaded)


def test_the_draw_covers_every_kind_of_field():
    types = {cell.field.get("type", "string") for cell in CELL_BREAKS}
    assert {"integer", "number", "date", "string"} <= types


APP_BREAKS = [b for b in NAMED_BREAKS if b.name in {"csv cut mid-row", "two home regions", "bom"}]


@pytest.mark.parametrize("brk", APP_BREAKS, ids=lambda b: b.name)
def test_the_app_lists_the_problems_instead_of_a_traceback(data_copy, monkeypatch, brk):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    brk.change(data_copy)
    monkeypatch.setenv("REGIONDASH_DATA_DIR", str(data_copy))
    # A store of its own, filled from the broken copy (the tests' store holds the shipped data).
    monkeypatch.setenv("REGIONDASH_DATABASE_URL", f"sqlite:///{data_copy.parent}/store.sqlite")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    (table,) = app.dataframe
    listing = table.value
    rules = brk.rule if isinstance(brk.rule, tuple) else (brk.rule,)
    assert brk.file in set(listing.iloc[:, 0]) and set(rules) & set(listing.iloc[:, 3])
    assert not listing.astype(str).apply(lambda c: c.str.contains(str(data_copy))).any().any()
