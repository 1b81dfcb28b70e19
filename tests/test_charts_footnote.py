"""A figure's sources / as-of footnote fits the chart: cut into lines, the margin grows."""

from __future__ import annotations

import unicodedata

import plotly.graph_objects as go
import pytest

from regiondash.charts import (
    FOOTNOTE_CHARS,
    FOOTNOTE_LINE,
    FOOTNOTE_MARGIN,
    footnote_lines,
    with_footnote,
)

LONG = (
    "Sources: Université Paris-Saclay, annual report 2018 (students by cycle); Zhejiang "
    "University, facts and figures 2019; Région Île-de-France press release; +2 more · "
    "Data as of 2026-11-24"
)
CHINESE = (
    "来源：浙江大学概况（2019年）；巴黎萨克雷大学年度报告；另有 2 个 · 数据截至 2026-11-24 "
) * 2


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize(
    "text", [LONG, CHINESE, "\uff21" * FOOTNOTE_CHARS, "x" * (FOOTNOTE_CHARS * 2 + 1)]
)  # fullwidth Ａ: two columns each too
def test_every_line_fits_and_nothing_is_lost(text):
    lines = footnote_lines(text)
    assert len(lines) >= 2
    assert all(columns(line) <= FOOTNOTE_CHARS for line in lines), [columns(x) for x in lines]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_line_of_exactly_the_width_is_not_cut():
    assert footnote_lines("x" * FOOTNOTE_CHARS) == ["x" * FOOTNOTE_CHARS]
    assert footnote_lines("") == []


def test_a_name_is_never_cut_at_its_hyphens():
    # The line's end falls inside the name: "… Université Paris-" would fit.
    text = "x" * (FOOTNOTE_CHARS - 20) + " Université Paris-Saclay"
    assert footnote_lines(text)[-1] == "Paris-Saclay"


def test_the_margin_grows_with_the_lines_and_the_text_stays_escaped():
    short = with_footnote(go.Figure(), "Sources: A · Data as of 2026-11-24")
    long = with_footnote(go.Figure(), LONG + " <b>bold</b>")
    lines = footnote_lines(LONG + " <b>bold</b>")
    assert short.layout.margin.b == FOOTNOTE_MARGIN  # one line: no more room than before
    assert long.layout.margin.b - short.layout.margin.b == FOOTNOTE_LINE * (len(lines) - 1)
    text = long.layout.annotations[-1].text
    assert text.count("<br>") == len(lines) - 1
    assert "<b>" not in text and "&lt;b&gt;bold" in text
