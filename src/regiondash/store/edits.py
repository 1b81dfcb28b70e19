"""Curators' changes: add, edit, retire or revert one row, each with a source, all audited.

Every change runs in one write transaction of the store: it names a source (an existing row of
`sources`, or a new one saved with it), the whole new state passes the loader's checks before
anything is written, a stale edit (the row changed since the editor read it) is refused with
what changed, and one audit log entry records who, when, what, before -> after and the source.
Values are the text a CSV cell holds ("" for empty), exactly as the editor typed them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from regiondash.problems import DataPackageError, Problem
from regiondash.store.checks import Checked, check_change
from regiondash.store.core import State, Store, key_fields, resource_of
from regiondash.store.schema import SEQ, VERSION, to_column, to_text
from regiondash.validation import missing_values

ADD, EDIT, RETIRE, IMPORT = "add", "edit", "retire", "import"
SOURCES = "sources"


class EditRejected(DataPackageError):
    """The change breaks rules; `problems` locate each by table, field and row. Nothing saved."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        listing = "\n".join(f"- {problem}" for problem in problems)
        self.args = (f"The change was not saved: {len(problems)} problem(s):\n{listing}",)


@dataclass(frozen=True)
class Entry:
    """One audit log entry."""

    id: int
    at: dt.datetime
    who: str
    action: str
    table: str | None
    key: tuple[str, ...] | None
    before: dict | None
    after: dict | None
    source_id: str | None
    store_version: int
    reverts: int | None


class StaleEdit(Exception):
    """The row changed since `expected` (a store version); `fields` maps field -> (then, now)."""

    def __init__(
        self, table: str, key: tuple, expected: int, changes: list[Entry], now: dict | None
    ):
        self.table, self.key, self.expected, self.changes, self.now = (
            table,
            key,
            expected,
            changes,
            now,
        )
        then = changes[0].before if changes else None
        names = sorted(set(then or {}) | set(now or {}))
        self.fields = {
            name: ((then or {}).get(name, ""), (now or {}).get(name, ""))
            for name in names
            if (then or {}).get(name, "") != (now or {}).get(name, "")
        }
        who = ", ".join(sorted({c.who for c in changes})) or "someone"
        what = ", ".join(self.fields) or ("the row was retired" if now is None else "the row")
        super().__init__(f"{table} {list(key)} was changed by {who} since you opened it: {what}")


@dataclass(frozen=True)
class Change:
    """A committed change: its audit entry, the store version it made, the row's key."""

    entry_id: int
    version: int
    table: str
    key: tuple[str, ...]


def row(store: Store, table: str, key: tuple[str, ...]) -> tuple[dict[str, str], int] | None:
    """The row's values as text and its version (pass it back to `edit`); None when absent."""
    with store.reading() as connection:
        descriptor = _descriptor(connection, store)
        found = _current(store, connection, descriptor, table, tuple(key))
    return found


def add(store: Store, table: str, values: dict[str, str], *, source, who: str) -> Change:
    """Add a row to `table`; `source` is a source id or a new source row (a dict)."""
    return _apply(store, table, None, dict(values), None, source, who, ADD)


def edit(
    store: Store, table: str, key, values: dict[str, str], *, version: int, source, who: str
) -> Change:
    """Change some fields of the row with `key`, as read at `version`."""
    return _apply(store, table, tuple(key), dict(values), version, source, who, EDIT)


def retire(store: Store, table: str, key, *, version: int, source, who: str) -> Change:
    """Remove the row with `key` from the published data (its history stays)."""
    return _apply(store, table, tuple(key), None, version, source, who, RETIRE)


def revert(store: Store, entry_id: int, *, who: str, source=None) -> Change:
    """Undo one change, if its row is still as that change left it (else StaleEdit)."""
    entry = _entry(store, entry_id)
    if entry.action not in (ADD, EDIT, RETIRE):
        raise EditRejected([_problem(None, None, "revert", f"a {entry.action} cannot be reverted")])
    source = source or entry.source_id
    key = tuple(entry.key)
    if entry.action == RETIRE:
        return _apply(store, entry.table, None, entry.before, None, source, who, ADD, entry)
    if entry.action == ADD:
        return _apply(store, entry.table, key, None, None, source, who, RETIRE, entry)
    return _apply(store, entry.table, key, entry.before, None, source, who, EDIT, entry)


def history(store: Store, table: str, key) -> list[Entry]:
    """Every change of one row, oldest first."""
    log = store.log
    query = sa.select(log).where(log.c.table_name == table, log.c.row_key == _key_text(key))
    with store.reading() as connection:
        return [_as_entry(r) for r in connection.execute(query.order_by(log.c.id)).mappings()]


def audit_log(store: Store, limit: int = 100) -> list[Entry]:
    """The latest changes of the whole store, newest first."""
    query = sa.select(store.log).order_by(store.log.c.id.desc()).limit(limit)
    with store.reading() as connection:
        return [_as_entry(r) for r in connection.execute(query).mappings()]


def _apply(store, table, key, values, expected, source, who, action, reverted=None) -> Change:
    if not who:
        raise EditRejected([_problem(table, None, "who", "a change needs a signed-in editor")])
    with store.write() as state:
        descriptor, connection = state.descriptor, state.connection
        if state.version == 0:
            raise EditRejected([_problem(None, None, "store", "the store is empty")])
        if table not in store.tables:
            raise EditRejected([_problem(table, None, "table", f"no table '{table}'")])
        current = _current(store, connection, descriptor, table, key) if key else None
        _check_fresh(store, connection, table, key, expected, current, reverted)
        before = current[0] if current else None
        after = _after(descriptor, table, before, values, action)
        source_id, new_source, missing_source = _source(source, table, after)
        if action == ADD and "source_id" in after and not after["source_id"]:
            after["source_id"] = source_id
        version = state.version + 1
        base = store.checked(state)
        raw = _changed(base.raw, descriptor, table, key, after, new_source)
        changed = {table, SOURCES} if new_source else {table}
        checked = _check(
            store, base, version, descriptor, raw, changed, table, source_id, missing_source
        )
        if new_source:
            store.insert_rows(
                state,
                SOURCES,
                pd.DataFrame([new_source]),
                version,
                _next(store, connection, SOURCES),
            )
        _write(store, state, table, key, after, version)
        store.commit_version(state)
        new_key = _key_of(descriptor, table, after or before)
        entry_id = store.log_entry(
            state,
            who=who,
            action=action,
            table_name=table,
            row_key=_key_text(new_key),
            before=before,
            after=after,
            source_id=source_id,
            store_version=version,
            reverts=reverted.id if reverted else None,
        )
    store.remember(checked)  # only once committed: the next change starts from it
    return Change(entry_id, version, table, new_key)


def _after(descriptor, table, before, values, action) -> dict | None:
    if action == RETIRE:
        return None
    names = [f["name"] for f in resource_of(descriptor, table)["schema"]["fields"]]
    unknown = [name for name in values if name not in names]
    if unknown:
        raise EditRejected([_problem(table, n, "unknown-column", "no such field") for n in unknown])
    start = before or dict.fromkeys(names, "")
    return {name: str(values.get(name, start[name]) or "") for name in names}


def _source(source, table: str, after: dict | None) -> tuple[str, dict | None, list[Problem]]:
    """(source id, new source row or None, the problem when there is no source).

    No source, no save: but the rest of the form is still checked, so the editor sees every
    problem at once.
    """
    if isinstance(source, dict):
        new = {k: str(v or "") for k, v in source.items()}
        if not new.get("id"):  # the checks of the new source row say "id: required"
            return "", new, []
        return new["id"], new, []
    if table == SOURCES and after and not source:
        return after["id"], None, []  # a new or corrected source is its own source
    if not source:
        return "", None, [_problem(table, "source_id", "source", "every change names a source")]
    return str(source), None, []


def _changed(raw, descriptor, table, key, after, new_source) -> dict[str, pd.DataFrame]:
    """The whole state as it would be after the change (frames of strings)."""
    raw = dict(raw)
    if new_source:
        raw[SOURCES] = _append(raw[SOURCES], new_source)
    frame = raw[table]
    if key is not None:
        frame = frame[~_matches(frame, key_fields(descriptor, table), key)]
    if after is not None:
        frame = (
            _append(frame, after)
            if key is None
            else _insert_back(raw[table], frame, key, descriptor, table, after)
        )
    raw[table] = frame.reset_index(drop=True)
    return raw


def _insert_back(original, without, key, descriptor, table, after) -> pd.DataFrame:
    """The edited row at its own place (problems then name its line)."""
    position = int(_matches(original, key_fields(descriptor, table), key).to_numpy().argmax())
    return pd.concat([without.iloc[:position], pd.DataFrame([after]), without.iloc[position:]])


def _append(frame: pd.DataFrame, values: dict) -> pd.DataFrame:
    row = pd.DataFrame([{c: values.get(c, "") for c in frame.columns}], dtype=str)
    return pd.concat([frame, row], ignore_index=True)


def _matches(frame: pd.DataFrame, fields: list[str], key) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for name, value in zip(fields, key, strict=True):
        mask &= frame[name] == str(value)
    return mask


def _check(
    store, base, version, descriptor, raw, changed, table, source_id, missing_source
) -> Checked:
    """The loader's checks on the new state; problems located by field, row named by key.

    Without a source, the checks still run; a row's own source_id left to the change's source
    is then not reported again as required.
    """
    problems = list(missing_source)
    if source_id and source_id not in set(raw[SOURCES]["id"]):
        problems.append(_problem(table, "source_id", "source", f"no source '{source_id}'"))
    try:
        checked = check_change(base, version, descriptor, raw, changed, lambda: store.geo)
    except DataPackageError as error:
        problems += [
            _located(p, raw, descriptor)
            for p in error.problems
            if source_id or (p.table, p.field) != (table, "source_id")
        ]
    if problems:
        raise EditRejected(problems)
    return checked


def _located(problem: Problem, raw, descriptor) -> Problem:
    """A problem naming the row by its key (lines mean nothing in a database)."""
    frame = raw.get(problem.table)
    if frame is None or problem.line is None or not 0 <= problem.line - 2 < len(frame):
        return problem
    record = frame.iloc[problem.line - 2]
    key = [record[f] for f in key_fields(descriptor, problem.table)]
    return Problem(problem.table, None, problem.field, problem.rule, f"{key}: {problem.message}")


def _write(store: Store, state: State, table: str, key, after: dict | None, version: int) -> None:
    target = store.tables[table]
    if key is not None:
        where = _where(store, state.descriptor, table, key)
        if after is None:
            state.connection.execute(sa.delete(target).where(where))
            return
        values = _columns(state.descriptor, table, after) | {VERSION: version}
        state.connection.execute(sa.update(target).where(where).values(**values))
        return
    store.insert_rows(
        state, table, pd.DataFrame([after]), version, _next(store, state.connection, table)
    )


def _columns(descriptor, table, values: dict) -> dict:
    schema = resource_of(descriptor, table)["schema"]
    missing = missing_values(schema)
    return {f["name"]: to_column(values[f["name"]], f, missing) for f in schema["fields"]}


def _next(store: Store, connection, table: str) -> int:
    column = store.tables[table].c[SEQ]
    return (connection.execute(sa.select(sa.func.max(column))).scalar() or 0) + 1


def _where(store: Store, descriptor, table, key):
    schema = resource_of(descriptor, table)["schema"]
    by_name = {f["name"]: f for f in schema["fields"]}
    target = store.tables[table]
    return sa.and_(
        *[
            target.c[name] == to_column(str(value), by_name[name], missing_values(schema))
            for name, value in zip(key_fields(descriptor, table), key, strict=True)
        ]
    )


def _current(store, connection, descriptor, table, key):
    """(values as text, row version) of the row with `key`, or None."""
    if table not in store.tables or len(key) != len(key_fields(descriptor, table)):
        return None
    try:
        where = _where(store, descriptor, table, key)
    except ValueError:  # a key that cannot even be typed names no row
        return None
    found = connection.execute(sa.select(store.tables[table]).where(where)).mappings().first()
    if found is None:
        return None
    fields = resource_of(descriptor, table)["schema"]["fields"]
    return {f["name"]: to_text(found[f["name"]], f) for f in fields}, found[VERSION]


def _check_fresh(store, connection, table, key, expected, current, reverted) -> None:
    """Refuse a change made on an older state of the row than the one stored."""
    if key is None and reverted is None:
        return
    now = current[0] if current else None
    if reverted is not None:
        # A revert applies only while the row is as the reverted change left it.
        if now != reverted.after:
            changes = [
                e for e in history(store, reverted.table, reverted.key) if e.id > reverted.id
            ]
            raise StaleEdit(
                reverted.table, tuple(reverted.key), reverted.store_version, changes, now
            )
        return
    if current is None or current[1] != expected:
        log = store.log
        query = (
            sa.select(log)
            .where(log.c.table_name == table, log.c.row_key == _key_text(key))
            .where(log.c.store_version > expected)
            .order_by(log.c.id)
        )
        changes = [_as_entry(r) for r in connection.execute(query).mappings()]
        raise StaleEdit(table, key, expected, changes, now)


def _descriptor(connection, store: Store) -> dict:
    text = connection.execute(sa.select(store.meta.c.descriptor)).scalar()
    if text is None:
        raise EditRejected([_problem(None, None, "store", "the store is empty")])
    return json.loads(text)


def _entry(store: Store, entry_id: int) -> Entry:
    query = sa.select(store.log).where(store.log.c.id == entry_id)
    with store.reading() as connection:
        found = connection.execute(query).mappings().first()
    if found is None:
        raise EditRejected([_problem(None, None, "revert", f"no change #{entry_id}")])
    return _as_entry(found)


def _as_entry(found) -> Entry:
    at = found["at"] if found["at"].tzinfo else found["at"].replace(tzinfo=dt.UTC)
    return Entry(
        id=found["id"],
        at=at,
        who=found["who"],
        action=found["action"],
        table=found["table_name"],
        key=tuple(json.loads(found["row_key"])) if found["row_key"] else None,
        before=json.loads(found["before"]) if found["before"] else None,
        after=json.loads(found["after"]) if found["after"] else None,
        source_id=found["source_id"],
        store_version=found["store_version"],
        reverts=found["reverts"],
    )


def _key_of(descriptor, table, values: dict) -> tuple[str, ...]:
    return tuple(values[name] for name in key_fields(descriptor, table))


def _key_text(key) -> str:
    return json.dumps([str(k) for k in key], ensure_ascii=False)


def _problem(table, field_name, rule, message) -> Problem:
    return Problem(table or "database", None, field_name, rule, message)
