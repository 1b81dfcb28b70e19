"""How a sourced count reads: its qualifier ("over", "about", a target) in the reader's language."""

from __future__ import annotations

from regiondash.i18n import format_number, t
from regiondash.text import is_missing

QUALIFIER_MARKS = {"at_least": "≥", "about": "≈", "at_most": "≤", "exact": ""}
# Announced goals, not headcounts: shown as such, never added to a count of students.
NOT_A_COUNT = frozenset({"target"})


def actual_counts(headcounts):
    """Headcount rows that count people (announced targets left out)."""
    return headcounts[~headcounts["qualifier"].isin(NOT_A_COUNT)]


def count_text(count, qualifier, lang: str) -> str:
    """ "≥15,000" in the reader's number format, "target: 65,000" for a goal, and "not
    sourced" when there is no value."""
    if is_missing(count):
        return t("value.not_sourced", lang)
    number = format_number(int(count), lang)
    if not is_missing(qualifier) and str(qualifier) in NOT_A_COUNT:
        return t("value.target", lang, value=number)
    mark = "" if is_missing(qualifier) else QUALIFIER_MARKS.get(str(qualifier), "")
    return f"{mark}{number}"


def qualifier_text(count, qualifier, lang: str) -> str:
    """The qualifier of a count in words, for a column of its own beside the number: "" for an
    exact count, "at least", "target (not a count)", and "not sourced" when there is no value."""
    if is_missing(count):
        return t("value.not_sourced", lang)
    if is_missing(qualifier) or str(qualifier) not in {*QUALIFIER_MARKS, *NOT_A_COUNT}:
        return ""
    return "" if str(qualifier) == "exact" else t(f"qualifier.{qualifier}", lang)


def numbers(values) -> list:
    """Counts or years as whole numbers for a table column (None where missing), so that
    exports hold numbers, never "≥48,000"."""
    return [None if is_missing(v) else int(v) for v in values]
