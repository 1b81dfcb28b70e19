"""The briefing's layout: fpdf2 draws the content on A4 pages, as plain text (fpdf2's
markdown stays off, since the text carries data)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from regiondash.briefing.content import Briefing
from regiondash.briefing.fonts import BASE_CHARACTERS, FONT, add_fonts

# Chinese has no spaces between words: lines may break between any two characters.
WRAP_MODES = {"zh": "CHAR"}
ACCENT = (31, 78, 121)
HEADING_FILL = (230, 236, 243)
MUTED = (90, 90, 90)
BLACK = (0, 0, 0)


class _Document(FPDF):
    """A4 pages with a footer: the partnership on the left, page numbers on the right."""

    footer_text = ""
    wrapmode = "WORD"

    def footer(self) -> None:
        """Runs on every page break."""
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 6, self.footer_text, align="L")
        self.cell(self.epw / 2, 6, f"{self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0)


def _lines(pdf: _Document, text: str, height: float) -> None:
    """Text wrapped across the page, as plain text: markdown off, since it may carry data."""
    pdf.multi_cell(
        0,
        height,
        text,
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
        markdown=False,
        wrapmode=pdf.wrapmode,
    )


def _heading(pdf: _Document, text: str) -> None:
    """A section title in the accent colour."""
    pdf.set_font(FONT, "B", 14)
    pdf.set_text_color(*ACCENT)
    _lines(pdf, text, 8)
    pdf.set_text_color(0)
    pdf.ln(1)


def _paragraph(pdf: _Document, text: str, size: float = 9, colour: tuple = MUTED) -> None:
    """A paragraph in a given size and colour."""
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*colour)
    _lines(pdf, text, size * 0.5)
    pdf.set_text_color(0)


def _table(pdf: _Document, headings: list[str], rows: list[list[str]], widths: tuple) -> None:
    """A plain-text table whose headings repeat on each page it spans."""
    pdf.set_font(FONT, "", 8.5)
    style = FontFace(family=FONT, emphasis="BOLD", fill_color=HEADING_FILL)
    with pdf.table(
        col_widths=widths,
        headings_style=style,
        text_align="LEFT",
        v_align="TOP",
        cell_fill_mode="NONE",
        line_height=4.4,
        padding=1.2,
        borders_layout="HORIZONTAL_LINES",
        markdown=False,
        repeat_headings=1,
        wrapmode=pdf.wrapmode,
    ) as table:
        for values in [headings, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(4)


def _first_page(pdf: _Document, b: Briefing) -> None:
    """Title band (region, partnership), the date of the data and the active filters, then the
    map and the headline figures on the same page: no page is left nearly blank."""
    pdf.add_page()
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 38, style="F")
    pdf.set_xy(pdf.l_margin, 8)
    pdf.set_text_color(255)
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, b.labels["briefing.title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 22)
    pdf.cell(0, 11, b.region_name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 12)
    pdf.cell(0, 7, b.pair_line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_fill_color(255)  # tables fill their cells with the current colour
    pdf.set_text_color(0)
    pdf.set_y(42)
    _paragraph(pdf, b.as_of_line, 9.5, BLACK)
    _paragraph(pdf, b.filters_line, 9.5, BLACK)
    pdf.ln(3)
    _heading(pdf, b.labels["briefing.map.title"])
    if b.map_png:
        pdf.image(io.BytesIO(b.map_png), w=pdf.epw)
    else:
        _paragraph(pdf, b.labels["briefing.map.unavailable"], 10, BLACK)
    pdf.ln(1)
    _paragraph(pdf, b.map_note, 8)
    pdf.ln(4)
    _heading(pdf, b.labels["briefing.figures.title"])
    _table(pdf, _labels(b, "col.fact", "col.value", "col.source"), b.figures, (5, 3, 2))
    if b.figures_note:
        _paragraph(pdf, b.figures_note, 8)
    pdf.ln(2)
    _paragraph(pdf, b.cover_note, 8)


def _section(pdf: _Document, title: str, headings, rows, widths, empty: str) -> None:
    """A titled table, or a sentence saying the data records nothing for it."""
    _heading(pdf, title)
    if rows:
        _table(pdf, headings, rows, widths)
    else:
        _paragraph(pdf, empty, 10, BLACK)
        pdf.ln(4)


def _detail_pages(pdf: _Document, b: Briefing) -> None:
    """Institutions, projects and the timeline of agreements and events."""
    pdf.add_page()
    _section(
        pdf,
        b.labels["institutions.title"],
        _labels(b, "col.institution", "col.kind", "col.city", "col.founded")
        + _labels(b, "briefing.col.students", "col.source"),
        b.institutions,
        (9, 4, 4, 3, 5, 3),
        b.labels["briefing.institutions.none"],
    )
    _section(
        pdf,
        b.labels["metric.projects"],
        _labels(b, "col.project", "col.status", "col.start", "col.end", "col.partners")
        + _labels(b, "col.source"),
        b.projects,
        (9, 3, 2.2, 2.2, 6, 2),
        b.labels["briefing.projects.none"],
    )
    _section(
        pdf,
        b.labels["briefing.timeline.title"],
        _labels(b, "briefing.col.date", "col.kind", "briefing.col.item", "col.source"),
        b.timeline,
        (3, 4.5, 11, 2),
        b.labels["briefing.timeline.none"],
    )


def _sources_page(pdf: _Document, b: Briefing) -> None:
    """Every cited source, numbered as in the [n] marks."""
    pdf.add_page()
    _heading(pdf, b.labels["sources.title"])
    _paragraph(pdf, b.labels["briefing.sources.intro"], 9)
    if "fallback_note" in b.labels:
        _paragraph(pdf, b.labels["fallback_note"], 9)
    pdf.ln(3)
    headings = _labels(b, "briefing.col.ref", "sources.col.title", "sources.col.publisher")
    _table(pdf, [*headings, b.labels["briefing.col.url"]], b.sources, (1.3, 8, 4, 7))


def _labels(b: Briefing, *keys: str) -> list[str]:
    """Column headings by message key."""
    return [b.labels[key] for key in keys]


def render(b: Briefing) -> bytes:
    """Lay the briefing out as an A4 PDF."""
    pdf = _Document(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.footer_text = b.pair_line
    pdf.wrapmode = WRAP_MODES.get(b.lang, "WORD")
    pdf.set_title(b.pair_line)
    pdf.set_lang(b.lang)
    pdf.set_creator("regiondash")
    with tempfile.TemporaryDirectory(prefix="regiondash-fonts-") as folder:
        add_fonts(pdf, b.lang, "".join(b.texts()) + BASE_CHARACTERS, Path(folder))
        _first_page(pdf, b)
        _detail_pages(pdf, b)
        _sources_page(pdf, b)
        return bytes(pdf.output())
