"""Charts stay readable (and small) at scale: the timeline counts items per kind and year."""

from __future__ import annotations

import pandas as pd

from regiondash import charts


def items(count: int) -> pd.DataFrame:
    """`count` dated items, alternating kinds, spread over ten years."""
    return pd.DataFrame(
        {
            "kind": ["agreement" if i % 3 else "event" for i in range(count)],
            "id": [f"item-{i}" for i in range(count)],
            "when": pd.to_datetime([f"{2010 + i % 10}-03-0{1 + i % 9}" for i in range(count)]),
            "precise": [bool(i % 2) for i in range(count)],
            "title": [f"Item {i}" for i in range(count)],
            "source_id": "s",
        }
    )


def marks(figure) -> int:
    return sum(len(trace.x) for trace in figure.data)


def test_up_to_the_limit_every_item_is_its_own_mark():
    figure = charts.timeline_figure(items(charts.MAX_TIMELINE_MARKS), "en")
    assert marks(figure) == charts.MAX_TIMELINE_MARKS


def test_past_the_limit_marks_count_items_per_kind_and_year():
    many = items(charts.MAX_TIMELINE_MARKS + 1)
    figure = charts.timeline_figure(many, "en")
    assert marks(figure) == many.groupby(["kind", many["when"].dt.year]).ngroups == 20
    counts = [int(text.split(" in ")[0]) for trace in figure.data for text in trace.customdata]
    assert sum(counts) == len(many)  # every item is counted once
    agreements = next(trace for trace in figure.data if trace.name == "Agreements")
    years = {int(text.split(" in ")[1]) for text in agreements.customdata}
    assert years == set(range(2010, 2020))  # first and last year both drawn
