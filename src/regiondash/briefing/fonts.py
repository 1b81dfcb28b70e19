"""Fonts of the briefing: a TrueType subset of Noto Sans CJK covering the text printed (Latin,
French and Chinese), which every PDF reader and text extractor reads."""

from __future__ import annotations

import string
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fpdf import FPDF

NOTO_CJK = {
    "": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "B": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
# Face in Debian's fonts-noto-cjk collections (JP, KR, SC, TC, HK). Each covers every CJK
# character; they differ in glyph style, and SC sets quotes and apostrophes full width as Chinese
# typesetting wants, which would gape in Latin text: JP keeps them proportional.
NOTO_FACES = {"zh": 2}
NOTO_DEFAULT_FACE = 0
FONT = "briefing"
# fpdf2 does no shaping and writes horizontally: layout and vertical tables are never used.
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG")
# Always in the font subset: digits and punctuation that fpdf2 writes itself (page numbers).
BASE_CHARACTERS = string.printable + "\u00a0–—’“”"


def _truetype_subset(collection: Path, face: int, text: str, target: Path) -> None:
    """Write the glyphs `text` needs from one face of a Noto CJK collection, as TrueType.

    Noto CJK has CID-keyed CFF outlines, which fpdf2 embeds with a custom CMap encoding that
    some text extractors (pypdf among them) cannot read. Quadratic TrueType outlines make fpdf2
    use Identity-H, which every extractor reads; subsetting first keeps this under a second.
    """
    font = TTFont(collection, fontNumber=face)
    for tag in UNUSED_TABLES:
        if tag in font:
            del font[tag]  # unread: parsing CJK layout tables is the slow part of subsetting
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    _cff_to_glyf(font)
    font.save(target)


def _cff_to_glyf(font: TTFont) -> None:
    """Replace a font's cubic CFF outlines by quadratic glyf ones (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["maxp"] = _truetype_maxp()
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    post.glyphOrder = order
    font.sfntVersion = "\0\1\0\0"


def _truetype_maxp():
    """A version 1.0 maxp table (TrueType) with no hinting limits; counts are recomputed."""
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    return maxp


def add_fonts(pdf: FPDF, lang: str, text: str, folder: Path) -> None:
    """Register regular and bold faces that cover `text` (Latin, French and Chinese)."""
    missing = [str(path) for path in NOTO_CJK.values() if not path.exists()]
    if missing:
        raise FileNotFoundError(f"{missing} not found: install Debian's fonts-noto-cjk")
    for style, collection in NOTO_CJK.items():
        target = folder / f"briefing{style or 'R'}.ttf"
        _truetype_subset(collection, NOTO_FACES.get(lang, NOTO_DEFAULT_FACE), text, target)
        pdf.add_font(FONT, style, target)
