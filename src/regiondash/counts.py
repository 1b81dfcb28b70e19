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
