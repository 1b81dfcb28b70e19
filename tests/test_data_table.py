"""A page table shows at most MAX_TABLE_ROWS rows, and says so when it holds more."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from regiondash.ui.frame import MAX_TABLE_ROWS


def table_page(rows: int) -> None:
    import pandas as pd

    from regiondash.data import load_catalog
    from regiondash.ui import frame

    table = pd.DataFrame({"n": range(rows)})
    frame.data_table(table, "numbers", load_catalog(), [], "en")


@pytest.mark.parametrize("rows", [0, MAX_TABLE_ROWS, MAX_TABLE_ROWS + 1, 3 * MAX_TABLE_ROWS])
def test_a_long_table_shows_its_first_rows_and_says_so(rows):
    app = AppTest.from_function(table_page, args=(rows,), default_timeout=60).run()
    assert not app.exception
    shown = app.dataframe[0].value
    assert len(shown) == min(rows, MAX_TABLE_ROWS)
    assert list(shown["n"]) == list(range(min(rows, MAX_TABLE_ROWS)))  # the first ones
    captions = [c.value for c in app.caption]
    capped = f"The table shows the first {MAX_TABLE_ROWS} of {rows} rows"
    assert any(c.startswith(capped) for c in captions) == (rows > MAX_TABLE_ROWS)


def test_a_table_is_converted_for_the_browser_once_per_table_object():
    import pandas as pd
    import pyarrow as pa

    from regiondash.ui.frame import shown_table

    table = pd.DataFrame({"name": ["a", "b", "c"], "count": pd.array([1, None, 3], dtype="Int64")})
    first = shown_table(table, ("count",), 2)
    assert isinstance(first, pa.Table)
    assert first.column_names == ["count"] and first.to_pydict() == {"count": [1, None]}
    assert shown_table(table, ("count",), 2) is first  # the same table object: not converted again
    assert shown_table(table.copy(), ("count",), 2) is not first
    assert shown_table(table).num_rows == 3  # rows=0: every row


def test_a_table_arrow_cannot_convert_is_left_to_streamlit():
    import pandas as pd

    from regiondash.ui.frame import shown_table

    mixed = pd.DataFrame({"value": [1, "two", 3.5]})
    assert shown_table(mixed) is not None
    assert list(shown_table(mixed)["value"]) == [1, "two", 3.5]  # the frame, unconverted


def two_drawings_of_one_figure() -> None:
    import plotly.graph_objects as go

    from regiondash.ui import frame

    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"title": {"text": "Counts"}})
    calls = []
    built = type(figure).to_dict

    def counted(self):
        calls.append(1)
        return built(self)

    type(figure).to_dict = counted  # class-wide: the cached dict must stop these calls
    try:
        frame.plotly_chart(figure, key="first")
        frame.plotly_chart(figure, key="second")
    finally:
        type(figure).to_dict = built
    import streamlit as st

    st.markdown(f"to_dict calls: {len(calls)}")


def test_a_figure_is_turned_into_its_dict_once_and_drawn_the_same_each_time():
    import json

    app = AppTest.from_function(two_drawings_of_one_figure, default_timeout=60).run()
    assert not app.exception
    assert app.markdown[0].value == "to_dict calls: 1"
    charts = app.get("plotly_chart")
    assert len(charts) == 2
    first, second = (json.loads(chart.proto.spec) for chart in charts)
    assert first == second
    assert first["data"][0]["type"] == "bar" and first["layout"]["title"]["text"] == "Counts"
