"""Data Package in and out of the store: import whole or not at all; export a checked version."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import sqlalchemy as sa

from regiondash.data import build_catalog, read_raw_tables
from regiondash.problems import DESCRIPTOR_FILE, DataPackageError, Problem
from regiondash.store.core import State, Store, same_schema_problems

GEO_DIR = "geo"


def import_package(store: Store, package_dir: Path, who: str) -> int:
    """Replace the store's tables with the package at `package_dir`; returns the new version.

    The package passes the loader's checks first (the same as `make run` on files); then every
    table is replaced in one transaction, so a failure leaves the store as it was.
    """
    build_catalog(package_dir)  # raises DataPackageError listing every problem
    descriptor, raw_tables = read_raw_tables(package_dir)
    problems = same_schema_problems(descriptor)
    if problems:
        raise DataPackageError(problems)
    with store.write() as state:
        for table in store.tables.values():
            state.connection.execute(sa.delete(table))
        version = state.version + 1
        incoming = State(state.connection, state.version, descriptor)
        for name, raw in raw_tables.items():
            store.insert_rows(incoming, name, raw, version)
        store.commit_version(incoming, _unpublished(descriptor))
        counts = {name: len(raw) for name, raw in raw_tables.items()}
        store.log_entry(
            state, who=who, action="import", after={"rows": counts}, store_version=version
        )
    return version


def _unpublished(descriptor: dict) -> dict:
    """The descriptor without the store stamps an export adds (the store keeps its own)."""
    return {k: v for k, v in descriptor.items() if k not in ("store_version", "store_updated")}


def export_package(store: Store, target: Path, check: bool = True) -> Path:
    """Write the store as a Data Package at `target` (a new folder); returns it.

    The package carries the store's version and date (`store_version`, `store_updated`) and
    the region boundaries of data/geo/. With `check`, the loader and, when installed,
    frictionless validate it before it appears at `target` (the app's download skips this: every
    stored state passed the loader's checks when it was committed).
    """
    if target.exists():
        raise FileExistsError(f"{target} exists already; export writes a new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as work:
        folder = Path(work) / "package"
        folder.mkdir()
        with store.reading() as connection:
            row = connection.execute(sa.select(store.meta)).mappings().first()
            if row is None:
                raise DataPackageError([_problem("the store is empty: nothing to export")])
            descriptor = json.loads(row["descriptor"]) | {
                "store_version": row["version"],
                "store_updated": _iso(row["updated_at"]),
            }
            raw_tables = store.raw_tables(connection, descriptor)
        (folder / DESCRIPTOR_FILE).write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        for resource in descriptor["resources"]:
            raw_tables[resource["name"]].to_csv(
                folder / resource["path"], index=False, lineterminator="\n"
            )
        shutil.copytree(store.data_dir / GEO_DIR, folder / GEO_DIR)
        if check:
            build_catalog(folder)
            frictionless_problems = validate_with_frictionless(folder)
            if frictionless_problems:
                raise DataPackageError(frictionless_problems)
        folder.rename(target)
    return target


def validate_with_frictionless(folder: Path) -> list[Problem]:
    """Frictionless's own validation of the package (nothing when frictionless is absent)."""
    try:
        import frictionless
    except ImportError:
        return []
    report = frictionless.validate(str(folder / DESCRIPTOR_FILE))
    if report.valid:
        return []
    return [
        Problem(DESCRIPTOR_FILE, None, None, "frictionless", str(error))
        for error in report.flatten(["type", "message"])
    ]


def _iso(moment: dt.datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return moment.isoformat(timespec="seconds")


def _problem(message: str) -> Problem:
    return Problem(DESCRIPTOR_FILE, None, None, "store", message)
