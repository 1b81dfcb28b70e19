"""The map legend, drawn by the app: static HTML whose every label is escaped text."""

from __future__ import annotations

import html

from regiondash.i18n import t
from regiondash.maps import DEFAULT_LAYERS, REGISTRY, category_colours


def _swatch(colour, label: str, round_: bool = False, hollow: bool = False) -> str:
    radius = "50%" if round_ or hollow else "2px"
    rgb = ",".join(str(c) for c in colour[:3])
    fill, border = (
        ("transparent", f"2px solid rgb({rgb})") if hollow else (f"rgb({rgb})", "1px solid #777")
    )
    return (
        f'<span style="display:inline-flex;align-items:center;margin:0 12px 4px 0">'
        f'<span style="width:12px;height:12px;border-radius:{radius};background:{fill};'
        f'display:inline-block;margin-right:5px;border:{border};box-sizing:border-box"></span>'
        f"{html.escape(label)}</span>"
    )


def layer_entries(lang: str, layers=DEFAULT_LAYERS) -> list[dict]:
    """Legend entries of the switched-on `layers` (their REGISTRY swatches): colour, label,
    round, hollow. Plain data, also drawn under the downloadable map image."""
    return [
        {
            "colour": list(swatch.colour[:3]),
            "label": t(swatch.label_key, lang),
            "round": swatch.round_,
            "hollow": swatch.hollow,
        }
        for layer in REGISTRY
        if layer.name in layers
        for swatch in layer.legend
    ]


def arc_entries(categories, category_label) -> list[dict]:
    """Legend entries of the arc colours of these categories."""
    present = set(categories)
    return [
        {"colour": list(colour[:3]), "label": category_label(c), "round": False, "hollow": False}
        for c, colour in category_colours(categories).items()
        if c in present
    ]


def legend_html(categories, category_label, lang: str, layers=DEFAULT_LAYERS) -> str:
    """Legend of the switched-on `layers` (their REGISTRY entries) and of the arc colours;
    `category_label` names each arc category."""
    parts = [
        _swatch(e["colour"], e["label"], e["round"], e["hollow"])
        for e in layer_entries(lang, layers)
    ]
    if "arcs" in layers:
        arcs = "".join(
            _swatch(e["colour"], e["label"]) for e in arc_entries(categories, category_label)
        )
        parts.append(f"<br><b>{html.escape(t('legend.arcs', lang))}</b> {arcs}")
    return (
        '<div style="font-size:0.85rem;line-height:1.6">'
        + "".join(parts)
        + f'<br><span style="opacity:0.75">{html.escape(t("legend.sizes", lang))}</span></div>'
    )
