"""The loader's checks on a changed state, rerunning only what a change can break.

A committed state passed every check. A change of some tables can only break: the field and
primary-key checks of those tables, the foreign keys from or to them, and the cross-table rules
(rerun in full on typed tables, the unchanged ones reused). The result is the same list of
problems the whole check (`data.checked_catalog`) gives, in a fraction of the time.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiondash.data import TABLE_NAMES, _typed, checked_catalog  # the loader's own steps
from regiondash.problems import DataPackageError
from regiondash.rules import TABLE_CHECKS, Package, run_checks
from regiondash.validation import check_fields, check_foreign_keys, check_primary_key


@dataclass(frozen=True)
class Checked:
    """A state that passed every check: its version, tables of strings and typed tables."""

    version: int
    raw: dict[str, pd.DataFrame]
    typed: dict[str, pd.DataFrame]


def check_all(version: int, descriptor: dict, raw: dict, geo) -> Checked:
    """Every check on a whole state (raises DataPackageError)."""
    catalog = checked_catalog(descriptor, raw, geo)
    return Checked(version, raw, {name: catalog.table(name) for name in TABLE_NAMES})


def check_change(
    base: Checked, version: int, descriptor: dict, raw: dict, changed: set[str], geo
) -> Checked:
    """The checks `changed` tables can break, on `raw` = `base` with those tables changed."""
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    referencing = {
        name
        for name, schema in schemas.items()
        for key in schema.get("foreignKeys", [])
        if (key["reference"].get("resource") or name) in changed
    }
    problems = []
    for name in sorted(changed):
        problems += check_fields(name, raw[name], schemas[name])
        problems += check_primary_key(name, raw[name], schemas[name])
    for name in sorted(changed | referencing):
        problems += check_foreign_keys(name, raw[name], schemas[name], raw)
    if problems:
        raise DataPackageError(problems)
    typed = base.typed | {name: _typed(raw[name], schemas[name]) for name in changed}
    problems = run_checks(TABLE_CHECKS, Package(descriptor, typed, geo()[0]))
    if problems:
        raise DataPackageError(problems)
    return Checked(version, raw, typed)
