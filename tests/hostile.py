"""A corpus of injection payloads, and a copy of the Data Package with one in every free-text cell.

Every payload either tries to run script (which would set `window.__pwned` or open an alert), to
become markup from data (a link, an image, SVG, a colour, a formula, a heading), or to confuse
the text itself (bidi overrides, zero-width characters, very long strings). Each carries "PWN"
or "pwn" so the browser test can tell data from the app's own markup.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

PAYLOADS = [
    # script and event handlers
    "<script>window.__pwned=1</script>PWN1",
    '<img src=x onerror="window.__pwned=2">PWN2',
    '<svg onload="window.__pwned=3"><circle r=9/></svg>PWN3',
    "<svg><script>window.__pwned=4</script></svg>PWN4",
    '<iframe src="javascript:parent.__pwned=5"></iframe>PWN5',
    '<a href="javascript:window.__pwned=6">PWN6 click</a>',
    '<details open ontoggle="window.__pwned=10">PWN10</details>',
    "<body onload=window.__pwned=11>PWN11",
    '"><script>window.__pwned=12</script>PWN12',
    "'><img src=x onerror=window.__pwned=13>PWN13",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=15>PWN15",
    "<input autofocus onfocus=window.__pwned=26>PWN26",
    '<video><source onerror="window.__pwned=27"></video>PWN27',
    '<object data="javascript:window.__pwned=28"></object>PWN28',
    '<embed src="javascript:window.__pwned=29">PWN29',
    '<form action="javascript:window.__pwned=30"><button>PWN30</button></form>',
    '<base href="javascript:/">PWN31',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=33">PWN33',
    '<svg><a xlink:href="javascript:window.__pwned=47"><text>PWN47</text></a></svg>',
    "</script><script>window.__pwned=51</script>PWN51",
    "<img src=x onerror=alert(60)>PWN60",
    "<svg/onload=alert(61)>PWN61",
    "</textarea><script>alert(64)</script>PWN64",
    "</title><script>alert(65)</script>PWN65",
    "<style>*{display:none!important}</style>PWN24",
    "<marquee>PWN25</marquee>",
    "<!-- PWN52 -->",
    # links and images
    "javascript:window.__pwned=14",
    "[PWN7 click](javascript:window.__pwned=7)",
    "[PWN8 login](https://pwn.example/8)",
    "![PWN9](https://pwn.example/9.png)",
    "[PWN34 ref][r]\n\n[r]: javascript:window.__pwned=34",
    "<https://pwn.example/35> PWN35",
    "https://pwn.example/36 PWN36",
    "[PWN48](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD00ODwvc2NyaXB0Pg==)",
    '<img src="https://pwn.example/46.png">PWN46',
    # LaTeX, colour and icon directives, markdown structure
    "$\\color{red}{PWN16}$",
    "$$\\href{javascript:window.__pwned=19}{PWN19}$$",
    "$\\htmlStyle{color:red}{PWN20}$",
    ":red[PWN17]",
    ":rainbow-background[PWN18]",
    ":blue-badge[PWN62]",
    ":material/warning: PWN21",
    "**PWN22 bold**",
    "# PWN23 heading",
    "`PWN53 code`",
    "> PWN55 quote",
    "- PWN56 list",
    "| PWN54 | t |\n|---|---|\n| a | b |",
    "PWN59 line\n\n## PWN59 heading",
    # templates, encodings, SQL, string breaks
    "{{constructor.constructor('window.__pwned=41')()}}PWN41",
    "${window.__pwned=42}PWN42",
    "%3Cscript%3Ewindow.__pwned=43%3C/script%3EPWN43",
    "&lt;script&gt;window.__pwned=44&lt;/script&gt;PWN44",
    "' OR 1=1; DROP TABLE sources; -- PWN49",
    '"; window.__pwned=50; "PWN50',
    # bidi, zero-width, scripts, length
    "PWN37\u202egnp.exe",
    "P\u200bW\u200cN\u200d38\ufeff",
    "\u202b\u202dالعربية PWN39 \u2066x\u2069",
    "中文<script>window.__pwned=40</script>PWN40",
    "A" * 10_000 + " PWN57",
    "W" * 3_000 + "PWN58",
]
# Payloads for `format: uri` fields (the loader only accepts http(s) addresses there).
URL_PAYLOADS = [
    'https://pwn.example/a"onmouseover="window.__pwned=70',
    "https://pwn.example/'><img/src=x/onerror=alert(71)>",
    "https://pwn.example/<script>alert(72)</script>",
    "HTTPS://pwn.example/%22%3E%3Csvg/onload=alert(73)%3E",
]
# Text a markdown construct of a payload would produce if it were rendered, not shown.
RENDERED_MARKUP = [
    "PWN22 bold",
    "PWN23 heading",
    "PWN53 code",
    "PWN55 quote",
    "PWN56 list",
    "PWN59 heading",
    "PWN17",
    "PWN18",
    "PWN62",
    "PWN16",
    "PWN19",
    "PWN20",
    "PWN54",
]


def _free_text_fields(schema: dict) -> list[dict]:
    """String fields a person types freely: not keys, enums or patterns."""
    keys = schema.get("primaryKey", [])
    keys = {keys} if isinstance(keys, str) else set(keys)
    for foreign_key in schema.get("foreignKeys", []):
        fields = foreign_key["fields"]
        keys |= {fields} if isinstance(fields, str) else set(fields)
    return [
        field
        for field in schema["fields"]
        if field.get("type", "string") == "string"
        and field["name"] not in keys
        and not {"enum", "pattern"} & set(field.get("constraints", {}))
    ]


def hostile_copy(source: Path, target: Path) -> dict[str, list[str]]:
    """Copy the package to `target` with a payload in every free-text cell (payloads in turn, so
    every one is used); return the fields changed, per table."""
    shutil.copytree(source, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    changed: dict[str, list[str]] = {}
    turn = 0
    for resource in descriptor["resources"]:
        path = target / resource["path"]
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        fields = _free_text_fields(resource["schema"])
        for field in fields:
            pool = URL_PAYLOADS if field.get("format") == "uri" else PAYLOADS
            for row in frame.index:
                frame.loc[row, field["name"]] = pool[turn % len(pool)]
                turn += 1
        if fields:
            frame.to_csv(path, index=False)
            changed[resource["name"]] = [field["name"] for field in fields]
    return changed
