"""What the Curate page's forms are made of, derived from datapackage.json (no Streamlit here).

The descriptor is the one source of each field's type, whether it is required, its allowed
values (enum) and the table a foreign key points at; the catalog gives the choices. Values stay
the text a CSV cell holds ("" for empty), as `store.edits` expects them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from regiondash.i18n import localized, t
from regiondash.problems import DATABASE, Problem
from regiondash.text import escape_markdown
from regiondash.validation import as_list

SOURCES = "sources"
# Fields that name a row in words, in the order a label prefers them.
NAME_FIELDS = ("name", "title")


@dataclass(frozen=True)
class FieldSpec:
    """One form field: its type, whether required or part of the key, and its choices."""

    name: str
    type: str
    required: bool
    key: bool
    enum: tuple[str, ...] = ()
    reference: str | None = None  # the table a foreign key points at
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) of each row it may point at
    pattern: str | None = None
    minimum: object = None
    maximum: object = None
    # The row's own source_id: "" means "the source of this change" (filled in on save).
    follows_change: bool = False

    @property
    def options(self) -> list[str]:
        """Values a choice field offers; "" (none) first unless a value is required."""
        values = list(self.enum) if self.enum else [value for value, _ in self.choices]
        return values if self.required and not self.follows_change else ["", *values]

    @property
    def is_choice(self) -> bool:
        return bool(self.enum or self.reference)


def resource(descriptor: Mapping, table: str) -> Mapping:
    return next(r for r in descriptor["resources"] if r["name"] == table)


def key_fields(descriptor: Mapping, table: str) -> list[str]:
    return as_list(resource(descriptor, table)["schema"].get("primaryKey", []))


def references(descriptor: Mapping, table: str) -> dict[str, tuple[str, str]]:
    """field -> (table, field) it points at, for single-field foreign keys."""
    found = {}
    for foreign_key in resource(descriptor, table)["schema"].get("foreignKeys", []):
        fields, target = as_list(foreign_key["fields"]), foreign_key["reference"]
        target_fields = as_list(target["fields"])
        if len(fields) == 1 and len(target_fields) == 1:
            found[fields[0]] = (target.get("resource") or table, target_fields[0])
    return found


def field_specs(
    descriptor: Mapping, table: str, tables: Mapping[str, pd.DataFrame], lang: str
) -> list[FieldSpec]:
    """The form of one table: a spec per field, foreign keys offering the rows they may name."""
    schema = resource(descriptor, table)["schema"]
    keys, pointers = set(key_fields(descriptor, table)), references(descriptor, table)
    specs = []
    for field in schema["fields"]:
        name, constraints = field["name"], field.get("constraints", {})
        target = pointers.get(name)
        choices = ()
        if target is not None and target[0] in tables:
            choices = choice_labels(tables[target[0]], target[1], lang)
        enum = tuple(str(value) for value in constraints.get("enum", ()))
        if enum:
            choices = tuple((value, enum_label(table, name, value, lang)) for value in enum)
        specs.append(
            FieldSpec(
                name=name,
                type=field.get("type", "string"),
                required=bool(constraints.get("required")) or name in keys,
                key=name in keys,
                enum=enum,
                reference=target[0] if target else None,
                choices=choices,
                pattern=constraints.get("pattern"),
                minimum=constraints.get("minimum", constraints.get("exclusiveMinimum")),
                maximum=constraints.get("maximum", constraints.get("exclusiveMaximum")),
                follows_change=name == "source_id" and target == (SOURCES, "id"),
            )
        )
    return specs


def choice_labels(frame: pd.DataFrame, field: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(value, "value — name") for each row of `frame`, in its order (data text, shown inert)."""
    labels = []
    for _, row in frame.iterrows():
        value = _text(row[field])
        name = next(
            (localized(row, prefix, lang)[0] for prefix in NAME_FIELDS if f"{prefix}_en" in row),
            "",
        )
        labels.append((value, f"{value} — {name}" if name else value))
    return tuple(labels)


def row_choices(
    descriptor: Mapping, table: str, raw: pd.DataFrame, lang: str
) -> list[tuple[tuple[str, ...], str]]:
    """(key, label) of every row of a table of strings, for picking the row to edit."""
    fields = key_fields(descriptor, table)
    rows = []
    for _, row in raw.iterrows():
        key = tuple(_text(row[f]) for f in fields)
        name = next(
            (localized(row, prefix, lang)[0] for prefix in NAME_FIELDS if f"{prefix}_en" in row),
            "",
        )
        shown = " · ".join(key)
        rows.append((key, f"{shown} — {name}" if name else shown))
    return rows


def blank_values(specs: Iterable[FieldSpec]) -> dict[str, str]:
    """An empty row; a required choice starts on its first allowed value."""
    return {
        s.name: (s.options[0] if s.is_choice and s.required and s.options else "") for s in specs
    }


def with_change_source(values: Mapping[str, str], source: object) -> dict[str, str]:
    """The row's values, an empty own `source_id` taking the change's source (id or new row)."""
    source_id = source.get("id", "") if isinstance(source, Mapping) else str(source or "")
    filled = dict(values)
    if "source_id" in filled and not filled["source_id"] and source_id:
        filled["source_id"] = source_id
    return filled


# The message prefix of each coded field's values, as the pages show them.
ENUM_MESSAGES = {
    ("agreements", "kind"): "agreement_kind",
    ("agreements", "status"): "status",
    ("projects", "kind"): "project_kind",
    ("projects", "status"): "status",
    ("institutions", "kind"): "institution_kind",
    ("headcounts", "category"): "category",
    ("headcounts", "qualifier"): "qualifier",
    ("sources", "authority"): "authority",
    ("themes", "category"): "theme_category",
}


def enum_label(table: str, field: str, value: str, lang: str) -> str:
    """A coded value in the user's language, then the code itself ("Cadre · framework"); the
    code alone where the pages have no name for it."""
    prefix = ENUM_MESSAGES.get((table, field))
    label = t(f"{prefix}.{value}", lang) if prefix else value
    return value if label in (value, f"{prefix}.{value}") else f"{label} · {value}"


def field_label(spec: FieldSpec, lang: str) -> str:
    """The field's name in the user's language, " *" when required (the column name is in the
    field's help)."""
    label = t(f"curate.field.{spec.name}", lang)
    return f"{label} *" if spec.required else label


ROW_KEY_PREFIX = re.compile(r"^\[[^\]]*\]:\s*")


def problem_text(problem: Problem, lang: str, with_place: bool = False) -> str:
    """The rule in the user's language, then the checker's detail (data text, escaped).

    A fault of the database itself (full disk, lost connection) reads as what happened and what
    to do; its detail is the driver's first line (never the statement or a password).
    """
    slug = re.sub(r"[^a-z0-9]+", "_", problem.rule.lower())  # catalog keys: [a-z0-9_]
    rule = t(f"curate.rule.{slug}", lang)
    if rule == f"curate.rule.{slug}":
        rule = t("curate.rule.other", lang, rule=problem.rule)
    place = ""
    if with_place and problem.field:
        place = f"{problem.table} · {problem.field} — "
    # The checker names the row by its key ("['']: …"); under the form's own field that is the
    # row being typed, so only the detail is kept, and not at all when it repeats the rule.
    detail = ROW_KEY_PREFIX.sub("", problem.message).strip()
    english_rule = t(f"curate.rule.{slug}", "en")
    if not detail or detail.rstrip(".").lower() == english_rule.rstrip(".").lower():
        return escape_markdown(f"{place}{rule}")
    return escape_markdown(f"{place}{rule} ({detail})")


def is_fault(problems: Iterable[Problem]) -> bool:
    """True when a save failed because of the database (not of what was typed)."""
    problems = list(problems)
    return bool(problems) and all(p.table == DATABASE for p in problems)


def problems_by_field(
    problems: Iterable[Problem], table: str, names: Iterable[str]
) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Problems of the edited table placed under the field(s) they name; the rest apart.

    A rule over several fields ("lat, lon", a compound key) is shown under each of them.
    """
    names = set(names)
    placed: dict[str, list[Problem]] = {}
    others = []
    for problem in problems:
        fields = [f.strip() for f in (problem.field or "").split(",") if f.strip()]
        hits = [f for f in fields if f in names] if problem.table == table else []
        if not hits:
            others.append(problem)
        for name in hits:
            placed.setdefault(name, []).append(problem)
    return placed, others


def stale_rows(fields: Mapping[str, tuple[str, str]]) -> list[dict[str, str]]:
    """What changed since the editor opened the row: field, value then, value now."""
    return [{"field": name, "then": then, "now": now} for name, (then, now) in fields.items()]


def changes_text(before: Mapping | None, after: Mapping | None) -> str:
    """ "field: before → after" for each changed field (a whole row when added or retired)."""
    before, after = before or {}, after or {}
    names = list(dict.fromkeys([*before, *after]))
    parts = [
        f"{name}: {before.get(name, '')} → {after.get(name, '')}"
        for name in names
        if before.get(name, "") != after.get(name, "")
    ]
    return "; ".join(parts)


def entry_rows(entries: Iterable, action_label) -> pd.DataFrame:
    """Audit log entries as a table of text: id, when, who, action, row, changes, source."""
    rows = [
        {
            "id": entry.id,
            "at": entry.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "who": entry.who,
            "action": action_label(entry.action),
            "table": entry.table or "",
            "key": " · ".join(entry.key or ()),
            "changes": changes_text(entry.before, entry.after),
            "source_id": entry.source_id or "",
            "reverts": "" if entry.reverts is None else f"#{entry.reverts}",
        }
        for entry in entries
    ]
    columns = ["id", "at", "who", "action", "table", "key", "changes", "source_id", "reverts"]
    return pd.DataFrame(rows, columns=columns)


def key_text(key: Iterable[str]) -> str:
    """A row key as stable text (a session-state key part)."""
    return json.dumps([str(k) for k in key], ensure_ascii=False)


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)
