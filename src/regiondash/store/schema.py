"""Database tables derived from datapackage.json, and how a cell goes between text and column.

The descriptor stays the one source of fields, types and keys: each resource becomes a table
with one typed column per field, its primary key, NOT NULL where a field is required, and its
foreign keys (deferred to commit, so a whole package can be written in any order). Two
bookkeeping columns follow every row: `_seq` keeps the CSV's row order and `_version` is the
store version of the row's last change (optimistic locking). Rules a database cannot state
(patterns, enums, ranges, custom checks) stay in validation.py and rules.py, run before commit.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

from regiondash.validation import FALSE_VALUES, TRUE_VALUES, as_list

SEQ, VERSION = "_seq", "_version"
BOOKKEEPING = (SEQ, VERSION)
NAMING = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ix": "ix_%(table_name)s_%(column_0_name)s",
}
COLUMN_TYPES = {
    "string": sa.Text,
    "integer": sa.BigInteger,
    "year": sa.BigInteger,
    "number": sa.Double,
    "date": sa.Date,
    "boolean": sa.Boolean,
}
# SQLite only numbers an INTEGER PRIMARY KEY itself; elsewhere a 64-bit identity.
LOG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def metadata_for(descriptor: dict) -> sa.MetaData:
    """Every resource of the descriptor as a table, plus `store_meta` and `audit_log`."""
    metadata = sa.MetaData(naming_convention=NAMING)
    for resource in descriptor["resources"]:
        _data_table(metadata, resource)
    sa.Table(
        "store_meta",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("descriptor", sa.Text, nullable=False),
        comment="One row: the store's version (one step per committed change) and descriptor.",
    )
    sa.Table(
        "audit_log",
        metadata,
        sa.Column("id", LOG_ID, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("table_name", sa.Text),
        sa.Column("row_key", sa.Text),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("source_id", sa.Text),
        sa.Column("store_version", sa.BigInteger, nullable=False),
        sa.Column("reverts", sa.BigInteger),
        sa.Index("ix_audit_log_row", "table_name", "row_key"),
        comment="Append-only (database triggers refuse UPDATE and DELETE).",
    )
    return metadata


def _data_table(metadata: sa.MetaData, resource: dict) -> sa.Table:
    schema, name = resource["schema"], resource["name"]
    primary_key = as_list(schema.get("primaryKey", []))
    columns = []
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        columns.append(
            sa.Column(
                field["name"],
                COLUMN_TYPES[field.get("type", "string")](),
                primary_key=field["name"] in primary_key,
                nullable=not (constraints.get("required") or field["name"] in primary_key),
                unique=bool(constraints.get("unique")) and primary_key != [field["name"]],
            )
        )
    keys = [
        sa.ForeignKeyConstraint(
            as_list(key["fields"]),
            [
                f"{key['reference'].get('resource') or name}.{target}"
                for target in as_list(key["reference"]["fields"])
            ],
            deferrable=True,
            initially="DEFERRED",
        )
        for key in schema.get("foreignKeys", [])
    ]
    return sa.Table(
        name,
        metadata,
        *columns,
        sa.Column(SEQ, sa.BigInteger, nullable=False),
        sa.Column(VERSION, sa.BigInteger, nullable=False),
        *keys,
    )


@lru_cache(maxsize=1)
def shipped_descriptor() -> dict:
    """The descriptor the migrations follow: the package shipped in data/."""
    from regiondash.settings import PROJECT_ROOT

    return json.loads((PROJECT_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def shipped_metadata() -> sa.MetaData:
    """Tables of the shipped descriptor (the migrations' target)."""
    return metadata_for(shipped_descriptor())


def field_types(descriptor: dict) -> dict[str, dict[str, str]]:
    """Table -> field -> type: what a package must share with the store's tables to be imported."""
    return {
        r["name"]: {f["name"]: f.get("type", "string") for f in r["schema"]["fields"]}
        for r in descriptor["resources"]
    }


def to_column(text: str, field: dict, missing: list[str]) -> object:
    """A checked cell's text as its column value; missing values are NULL."""
    if text in missing:
        return None
    field_type = field.get("type", "string")
    if field_type in ("integer", "year"):
        return int(text)
    if field_type == "number":
        return float(text)
    if field_type == "date":
        return dt.date.fromisoformat(text)
    if field_type == "boolean":
        return text in field.get("trueValues", TRUE_VALUES)
    return text


def to_text(value: object, field: dict) -> str:
    """A column value as the text a CSV holds (the inverse of `to_column`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return (
            field.get("trueValues", TRUE_VALUES)
            if value
            else field.get("falseValues", FALSE_VALUES)
        )[0]
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def migrations_dir() -> Path:
    return Path(__file__).with_name("migrations")
