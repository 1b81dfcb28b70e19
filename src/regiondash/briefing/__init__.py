"""A one-click PDF briefing on one partner region, in English, French or Chinese.

`briefing_pdf` is pure apart from running headless Chromium for the map. One module per job:
`content` says what the PDF says (display text, sources numbered), `map_image` draws the map,
`fonts` subsets the font the text needs, `layout` draws the pages with fpdf2.
"""

from __future__ import annotations

from regiondash.briefing.content import (
    Briefing,
    Citations,
    Partnership,
    briefing_content,
    partnership,
)
from regiondash.briefing.fonts import NOTO_CJK
from regiondash.briefing.layout import render
from regiondash.briefing.map_image import MAP_SCALE, MAP_SIZE_PX, map_png, region_map_figure
from regiondash.data import Catalog

__all__ = [
    "MAP_SCALE",
    "MAP_SIZE_PX",
    "NOTO_CJK",
    "Briefing",
    "Citations",
    "Partnership",
    "assemble",
    "briefing_content",
    "briefing_pdf",
    "map_png",
    "partnership",
    "region_map_figure",
    "render",
]


def assemble(
    catalog: Catalog, region_id: str, lang: str, filters_summary: str = "", with_map: bool = True
) -> Briefing:
    """The briefing's content as display text, with the map image drawn when `with_map`."""
    partnership(catalog, region_id)  # a region that is not a partner fails before any drawing
    png = map_png(catalog, region_id, lang) if with_map else None
    return briefing_content(catalog, region_id, lang, filters_summary, png)


def briefing_pdf(catalog: Catalog, region_id: str, lang: str, filters_summary: str = "") -> bytes:
    """A PDF briefing on one partner region in `lang` (en, fr, zh), from `catalog` alone."""
    return render(assemble(catalog, region_id, lang, filters_summary))
