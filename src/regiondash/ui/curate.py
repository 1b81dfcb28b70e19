"""The Curate page: signed-in editors add, edit and retire rows, each change with a source.

Forms are built from datapackage.json (`curation.field_specs`); every save goes through
`store.edits` (checks before commit, optimistic locking, audit log). What the editor typed
lives in session state under the widgets' keys, so a refused save loses nothing. Data values
are shown with st.dataframe / st.text or escaped, never as markdown or HTML.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from regiondash import curation
from regiondash.data import TABLE_NAMES, load_catalog
from regiondash.i18n import t
from regiondash.problems import DataPackageError, Problem
from regiondash.store import edits, open_store
from regiondash.text import escape_markdown
from regiondash.ui.auth import current_editor, sign_in_configured, user_info

ADD, EDIT, RETIRE = edits.ADD, edits.EDIT, edits.RETIRE
EXISTING, NEW = "existing", "new"
RESULT = "curate_result"  # (kind, payload) of the last save: saved / problems / stale / error


def curate_page(lang: str) -> None:
    st.title(t("curate.title", lang))
    who = current_editor()
    if who is None:
        refusal(lang)
        return
    st.caption(t("curate.intro", lang))
    edit_tab, log_tab = st.tabs([t("curate.tab.edit", lang), t("curate.tab.log", lang)])
    with edit_tab:
        edit_section(who, lang)
    with log_tab:
        audit_section(who, lang)


def refusal(lang: str) -> None:
    """Anyone but a signed-in editor: why they cannot edit, and how to sign in."""
    if not sign_in_configured():
        st.info(t("curate.no_sign_in", lang), icon=":material/lock:")
    elif user_info():
        st.warning(t("curate.not_editor", lang), icon=":material/lock:")
    else:
        st.info(t("curate.sign_in_first", lang), icon=":material/lock:")


# --- reading the store ------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _raw_tables(version: int) -> dict[str, pd.DataFrame]:
    """Every table as stored (text cells), once per store version."""
    store = open_store()
    _, _, descriptor = store.status()
    with store.reading() as connection:
        return store.raw_tables(connection, descriptor)


def _descriptor() -> dict:
    return load_catalog().descriptor


# --- editing ----------------------------------------------------------------------------------


def edit_section(who: str, lang: str) -> None:
    store = open_store()
    catalog = load_catalog()
    descriptor = catalog.descriptor
    left, right = st.columns([2, 3])
    table = left.selectbox(
        t("curate.table", lang),
        TABLE_NAMES,
        format_func=lambda name: f"{t(f'table.{name}', lang)} · {name}",  # and its CSV's name
        key="curate_table",
    )
    actions = [ADD, EDIT, RETIRE]
    st.session_state.setdefault("curate_action", ADD)
    action = right.segmented_control(
        t("curate.action", lang),
        actions,
        format_func=lambda a: t(f"curate.action.{a}", lang),
        required=True,
        key="curate_action",
    )
    tables = {name: catalog.table(name) for name in TABLE_NAMES}
    specs = curation.field_specs(descriptor, table, tables, lang)
    key = None
    if action != ADD:
        raw = _raw_tables(store.version())[table]
        rows = curation.row_choices(descriptor, table, raw, lang)
        if not rows:
            st.info(t("curate.no_rows", lang))
            return
        labels = dict(rows)
        key = st.selectbox(
            t("curate.row", lang),
            [k for k, _ in rows],
            format_func=labels.get,
            key=f"curate_row:{table}",
        )
    prefix = _form_prefix(table, action, key)
    if key is not None and not _load_row(store, table, key, prefix, specs):
        st.warning(t("curate.row_gone", lang))
        return
    if key is None and f"{prefix}:ready" not in st.session_state:
        for name, value in curation.blank_values(specs).items():
            st.session_state[f"{prefix}:{name}"] = value
        st.session_state[f"{prefix}:ready"] = True

    result = st.session_state.get(RESULT)
    mine = result if result and result[1] == prefix else None
    problems = mine[2] if mine and mine[0] == "problems" else []
    in_fields = [p for p in problems if p.rule != "source"]  # shown at the source picker
    placed, others = curation.problems_by_field(in_fields, table, [s.name for s in specs])

    with st.container(border=True):
        if action == RETIRE:
            _row_values(specs, prefix, lang)
        else:
            _field_inputs(specs, prefix, action, placed, lang)
    source_placed = _source_picker(catalog, table, tables, problems, lang)
    shown = {id(p) for ps in (*placed.values(), *source_placed.values()) for p in ps}
    _problem_list([p for p in others if id(p) not in shown], lang)
    _result_message(mine, lang)
    if mine and mine[0] == "stale":
        st.button(
            t("curate.reload", lang),
            icon=":material/refresh:",
            key=f"{prefix}:reload",
            on_click=_reload_row,
            args=(prefix,),
        )
    st.button(
        t(f"curate.save.{action}", lang),
        type="primary",
        icon=":material/save:",
        key=f"{prefix}:save",
        on_click=_save,
        args=(store, table, action, key, specs, prefix, who),
    )
    if key is not None:
        with st.expander(t("curate.history", lang), icon=":material/history:"):
            history = edits.history(store, table, key)
            if not history:
                st.caption(t("curate.history_none", lang))
            else:
                _entries_table(history, lang)


def _form_prefix(table: str, action: str, key) -> str:
    row = curation.key_text(key) if key is not None else "new"
    return f"curate:{table}:{action}:{row}"


def _load_row(store, table, key, prefix, specs) -> bool:
    """Fill the form from the stored row once (later runs keep what the editor typed)."""
    if f"{prefix}:version" in st.session_state:
        return True
    found = edits.row(store, table, key)
    if found is None:
        return False
    values, version = found
    for spec in specs:
        st.session_state[f"{prefix}:{spec.name}"] = values.get(spec.name, "")
    st.session_state[f"{prefix}:version"] = version
    return True


def _reload_row(prefix: str) -> None:
    """Start again from the row as stored now (after a stale save): drops what was typed."""
    _forget(prefix)
    st.session_state.pop(RESULT, None)


def _forget(prefix: str) -> None:
    """Drop a form's values (not its buttons' states)."""
    for name in [k for k in st.session_state if str(k).startswith(f"{prefix}:")]:
        if not name.endswith((":save", ":reload")):
            del st.session_state[name]


def _field_inputs(specs, prefix, action, placed, lang) -> None:
    columns = st.columns(2)
    for index, spec in enumerate(specs):
        with columns[index % 2]:
            _field_input(spec, f"{prefix}:{spec.name}", action != ADD and spec.key, lang)
            for problem in placed.get(spec.name, []):
                st.error(_problem_text(problem, lang), icon=":material/error:")


def _field_input(spec: curation.FieldSpec, widget_key: str, locked: bool, lang: str) -> None:
    label = curation.field_label(spec, lang)
    hint = _hint(spec, lang)
    if spec.is_choice:
        options = spec.options
        current = st.session_state.get(widget_key, "")
        if current not in options:  # a stored value the choices lack stays selectable
            options = [*options, current]
        labels = dict(spec.choices)
        none_label = t("curate.same_source" if spec.follows_change else "curate.none", lang)
        st.selectbox(
            label,
            options,
            format_func=lambda v: labels.get(v, v) if v else none_label,
            key=widget_key,
            help=hint,
            disabled=locked,
        )
    else:
        st.text_input(label, key=widget_key, help=hint, disabled=locked)


def _hint(spec: curation.FieldSpec, lang: str) -> str:
    parts = [spec.name, t(f"curate.type.{spec.type}", lang)]
    if spec.required:
        parts.append(t("curate.required", lang))
    if spec.pattern:
        parts.append(t("curate.pattern", lang, pattern=spec.pattern))
    if spec.minimum is not None or spec.maximum is not None:
        low = "" if spec.minimum is None else spec.minimum
        high = "" if spec.maximum is None else spec.maximum
        parts.append(t("curate.range", lang, low=low, high=high))
    if spec.reference:
        parts.append(t("curate.points_at", lang, table=spec.reference))
    return escape_markdown(" · ".join(parts))


def _row_values(specs, prefix, lang) -> None:
    """The row about to be retired, as inert text."""
    rows = [
        {
            t("curate.col.field", lang): t(f"curate.field.{s.name}", lang),
            t("curate.col.value", lang): st.session_state.get(f"{prefix}:{s.name}", ""),
        }
        for s in specs
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


# --- the change's source ----------------------------------------------------------------------


def _source_picker(catalog, table, tables, problems, lang) -> dict[str, list[Problem]]:
    """Pick the source of this change, or describe a new one; returns the problems it shows."""
    st.subheader(t("curate.source", lang))
    st.caption(t("curate.source_help", lang))
    st.session_state.setdefault("curate_source_kind", EXISTING)
    kind = st.segmented_control(
        t("curate.source_kind", lang),
        [EXISTING, NEW],
        format_func=lambda k: t(f"curate.source_kind.{k}", lang),
        required=True,
        key="curate_source_kind",
    )
    source_problems = [p for p in problems if p.rule == "source"]
    if kind == EXISTING:
        choices = curation.choice_labels(catalog.sources, "id", lang)
        labels = dict(choices)
        st.selectbox(
            t("curate.source_pick", lang),
            ["", *labels],
            format_func=lambda v: labels.get(v, v) if v else t("curate.none", lang),
            key="curate_source_id",
        )
        for problem in source_problems:
            st.error(_problem_text(problem, lang), icon=":material/error:")
        return {"source_id": source_problems}
    specs = curation.field_specs(catalog.descriptor, curation.SOURCES, tables, lang)
    if "curate:newsource:ready" not in st.session_state:
        for name, value in curation.blank_values(specs).items():
            st.session_state[f"curate:newsource:{name}"] = value
        st.session_state["curate:newsource:accessed_on"] = dt.date.today().isoformat()
        st.session_state["curate:newsource:ready"] = True
    new_problems = (
        [p for p in problems if p.table == curation.SOURCES] if table != curation.SOURCES else []
    )
    placed, _ = curation.problems_by_field(new_problems, curation.SOURCES, [s.name for s in specs])
    with st.container(border=True, key="curate_new_source"):
        _field_inputs(specs, "curate:newsource", ADD, placed, lang)
    for problem in source_problems:
        st.error(_problem_text(problem, lang), icon=":material/error:")
    placed["source"] = source_problems
    return placed


def _chosen_source(catalog) -> str | dict | None:
    if st.session_state.get("curate_source_kind", EXISTING) == EXISTING:
        return st.session_state.get("curate_source_id") or None
    names = [
        f["name"]
        for f in curation.resource(catalog.descriptor, curation.SOURCES)["schema"]["fields"]
    ]
    return {name: st.session_state.get(f"curate:newsource:{name}", "") for name in names}


# --- saving -----------------------------------------------------------------------------------


def _save(store, table, action, key, specs, prefix, who) -> None:
    """Button callback: one change through store.edits; its outcome kept for this run."""
    catalog = load_catalog()
    source = _chosen_source(catalog)
    values = {s.name: st.session_state.get(f"{prefix}:{s.name}", "") for s in specs}
    values = curation.with_change_source(values, source)
    try:
        if action == ADD:
            change = edits.add(store, table, values, source=source, who=who)
        elif action == EDIT:
            version = st.session_state[f"{prefix}:version"]
            change = edits.edit(store, table, key, values, version=version, source=source, who=who)
        else:
            version = st.session_state[f"{prefix}:version"]
            change = edits.retire(store, table, key, version=version, source=source, who=who)
    except edits.StaleEdit as stale:
        st.session_state[RESULT] = ("stale", prefix, stale)
        return
    except edits.EditRejected as rejected:
        st.session_state[RESULT] = ("problems", prefix, rejected.problems)
        return
    except DataPackageError as error:  # the database itself (unreachable, full disk)
        st.session_state[RESULT] = ("problems", prefix, error.problems)
        return
    _saved(prefix, action, change)


def _saved(prefix: str, action: str, change) -> None:
    """After a save: the form starts again from what is stored; a new source is now existing."""
    _forget(prefix)
    if st.session_state.get("curate_source_kind") == NEW:
        new_id = st.session_state.get("curate:newsource:id", "")
        for name in [k for k in st.session_state if str(k).startswith("curate:newsource:")]:
            del st.session_state[name]
        st.session_state["curate_source_kind"] = EXISTING
        st.session_state["curate_source_id"] = new_id
    if action != ADD and change.key:
        st.session_state[f"curate_row:{change.table}"] = tuple(change.key)
    st.session_state[RESULT] = ("saved", prefix, change)


def _result_message(result, lang: str) -> None:
    if not result:
        return
    kind, _, payload = result
    if kind == "saved":
        st.success(
            t("curate.saved", lang, entry=payload.entry_id, version=payload.version),
            icon=":material/check_circle:",
        )
    elif kind == "problems" and curation.is_fault(payload):
        st.error(t("curate.fault", lang), icon=":material/cloud_off:")
    elif kind == "problems":
        st.error(t("curate.refused", lang, count=len(payload)), icon=":material/block:")
    elif kind == "stale":
        _stale_message(payload, lang)


def _stale_message(stale: edits.StaleEdit, lang: str) -> None:
    """Someone changed the row since it was opened: who, and each field then -> now."""
    who = ", ".join(sorted({c.who for c in stale.changes})) or "?"
    st.warning(t("curate.stale", lang, who=escape_markdown(who)), icon=":material/sync_problem:")
    rows = curation.stale_rows(stale.fields)
    if stale.now is None:
        st.caption(t("curate.stale_retired", lang))
    if rows:
        frame = pd.DataFrame(rows).rename(
            columns={c: t(f"curate.col.{c}", lang) for c in ("field", "then", "now")}
        )
        st.dataframe(frame, hide_index=True, width="stretch")
    st.caption(t("curate.stale_kept", lang))


def _problem_list(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        st.error(_problem_text(problem, lang, with_place=True), icon=":material/error:")


def _problem_text(problem: Problem, lang: str, with_place: bool = False) -> str:
    return curation.problem_text(problem, lang, with_place)


# --- audit log --------------------------------------------------------------------------------


def audit_section(who: str, lang: str) -> None:
    store = open_store()
    entries = edits.audit_log(store, limit=200)
    st.caption(t("curate.log_intro", lang, count=len(entries)))
    if not entries:
        return
    _entries_table(entries, lang)
    revertible = [e.id for e in entries if e.action in (ADD, EDIT, RETIRE)]
    if not revertible:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(
        t("curate.revert_pick", lang),
        revertible,
        format_func=lambda i: f"#{i}",
        key="curate_revert_id",
    )
    right.button(
        t("curate.revert", lang),
        icon=":material/undo:",
        key="curate_revert",
        on_click=_revert,
        args=(store, who),
    )
    result = st.session_state.get(RESULT)
    if result and result[1] == "revert":
        kind, _, payload = result
        if kind == "problems":
            _problem_list(payload, lang)
        _result_message(result, lang)


def _revert(store, who: str) -> None:
    entry_id = st.session_state.get("curate_revert_id")
    try:
        change = edits.revert(store, int(entry_id), who=who)
    except edits.StaleEdit as stale:
        st.session_state[RESULT] = ("stale", "revert", stale)
        return
    except DataPackageError as error:
        st.session_state[RESULT] = ("problems", "revert", error.problems)
        return
    st.session_state[RESULT] = ("saved", "revert", change)


def _entries_table(entries, lang: str) -> None:
    frame = curation.entry_rows(entries, lambda a: t(f"curate.action.{a}", lang))
    frame = frame.rename(columns={c: t(f"curate.col.{c}", lang) for c in frame.columns})
    st.dataframe(frame, hide_index=True, width="stretch")
