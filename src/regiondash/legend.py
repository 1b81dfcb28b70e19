"""The map legend, drawn by the app: static HTML whose every label is escaped text."""

from __future__ import annotations

import html

from regiondash.i18n import t
from regiondash.maps import DEFAULT_LAYERS, REGISTRY, category_colours


def _swatch(colour, label: str, round_: bool = False) -> str:
    radius = "50%" if round_ else "2px"
    rgb = ",".join(str(c) for c in colour[:3])
    return (
        f'<span style="display:inline-flex;align-items:center;margin:0 12px 4px 0">'
        f'<span style="width:12px;height:12px;border-radius:{radius};background:rgb({rgb});'
        f'display:inline-block;margin-right:5px;border:1px solid #777"></span>'
        f"{html.escape(label)}</span>"
    )


def legend_html(categories, category_label, lang: str, layers=DEFAULT_LAYERS) -> str:
    """Legend of the switched-on `layers` (their REGISTRY entries) and of the arc colours;
    `category_label` names each arc category."""
    parts = [
        _swatch(swatch.colour, t(swatch.label_key, lang), swatch.round_)
        for layer in REGISTRY
        if layer.name in layers
        for swatch in layer.legend
    ]
    if "arcs" in layers:
        arcs = "".join(
            _swatch(colour, category_label(category))
            for category, colour in category_colours(categories).items()
            if category in set(categories)
        )
        parts.append(f"<br><b>{html.escape(t('legend.arcs', lang))}</b> {arcs}")
    return (
        '<div style="font-size:0.85rem;line-height:1.6">'
        + "".join(parts)
        + f'<br><span style="opacity:0.75">{html.escape(t("legend.sizes", lang))}</span></div>'
    )
