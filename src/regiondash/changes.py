"""What changed since a date: agreements signed, events held and projects started after it."""

from __future__ import annotations

from datetime import date

import pandas as pd

from regiondash import memo
from regiondash.data import Catalog


def dated_items(catalog: Catalog) -> pd.DataFrame:
    """Agreements, events and projects with the date they happened (year-only → 1 January).

    Columns: kind, id, when (Timestamp), precise (False when only the year is sourced), title_en,
    source_id.
    """
    agreements = catalog.agreements
    events = catalog.events
    projects = catalog.projects.dropna(subset=["start_year"])
    frames = [
        pd.DataFrame(
            {
                "kind": "agreement",
                "id": agreements["id"],
                "when": agreements["signed_on"].fillna(_january(agreements["signed_year"])),
                "precise": agreements["signed_on"].notna(),
                "source_id": agreements["source_id"],
            }
        ),
        pd.DataFrame(
            {
                "kind": "event",
                "id": events["id"],
                "when": events["date"],
                "precise": True,
                "source_id": events["source_id"],
            }
        ),
        pd.DataFrame(
            {
                "kind": "project",
                "id": projects["id"],
                "when": _january(projects["start_year"]),
                "precise": False,
                "source_id": projects["source_id"],
            }
        ),
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["kind", "id", "when", "precise", "source_id"]).astype(
            {"when": "datetime64[ns]", "precise": bool}
        )
    items = pd.concat(frames, ignore_index=True)
    return items.sort_values("when", ascending=False).reset_index(drop=True)


def _january(years: pd.Series) -> pd.Series:
    return pd.to_datetime(years.astype("string") + "-01-01", errors="coerce")


@memo.per_catalog(max_entries=16)
def changes_since(catalog: Catalog, since: date) -> dict[str, int]:
    """How many agreements, events and projects are dated on or after `since`.

    Year-only items count when their year is at or after the year of `since` (a 2018 agreement
    with no day may have been signed after 1 June 2018).
    """
    items = dated_items(catalog)
    if items.empty:
        return {"agreement": 0, "event": 0, "project": 0}
    cutoff = pd.Timestamp(since)
    after = items["when"] >= cutoff
    same_year = ~items["precise"] & (items["when"].dt.year >= cutoff.year)
    counted = items[after | same_year]
    counts = counted["kind"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in ("agreement", "event", "project")}


def clicked_region(event, region_ids: set[str]) -> str | None:
    """The region id carried by the first clicked point of a plotly selection event."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    found = [p.get("customdata") for p in points if p.get("customdata") in region_ids]
    return found[0] if found else None
