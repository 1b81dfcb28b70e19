"""The map legend, drawn by the app: static HTML whose every label is escaped text."""

from __future__ import annotations

import html

from regiondash.i18n import t
from regiondash.maps import HOME_FILL, PARTNER_SCALE, category_colours


def _swatch(colour, label: str, round_: bool = False) -> str:
    radius = "50%" if round_ else "2px"
    rgb = ",".join(str(c) for c in colour[:3])
    return (
        f'<span style="display:inline-flex;align-items:center;margin:0 12px 4px 0">'
        f'<span style="width:12px;height:12px;border-radius:{radius};background:rgb({rgb});'
        f'display:inline-block;margin-right:5px;border:1px solid #777"></span>'
        f"{html.escape(label)}</span>"
    )


def legend_html(categories, category_label, lang: str) -> str:
    """Legend of fills, point sizes and arc colours; `category_label` names each category."""
    parts = [_swatch(HOME_FILL, t("map.role.home", lang))]
    parts += [
        _swatch(PARTNER_SCALE[0], t("legend.partner_few", lang)),
        _swatch(PARTNER_SCALE[-1], t("legend.partner_many", lang)),
        _swatch([31, 78, 121], t("legend.institution", lang), round_=True),
        _swatch([200, 40, 60], t("legend.campus", lang), round_=True),
    ]
    arcs = "".join(
        _swatch(colour, category_label(category))
        for category, colour in category_colours(categories).items()
        if category in set(categories)
    )
    return (
        '<div style="font-size:0.85rem;line-height:1.6">'
        + "".join(parts)
        + f"<br><b>{html.escape(t('legend.arcs', lang))}</b> "
        + arcs
        + f'<br><span style="opacity:0.75">{html.escape(t("legend.sizes", lang))}</span></div>'
    )
