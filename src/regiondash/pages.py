"""The list of pages app.py routes to (a test checks it matches the files in pages/)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    icon: str
    url_path: str


PAGES = (
    PageSpec("pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    PageSpec("pages/map.py", "nav.map", ":material/public:", "map"),
    PageSpec("pages/institutions.py", "nav.institutions", ":material/school:", "institutions"),
    PageSpec("pages/themes.py", "nav.themes", ":material/category:", "themes"),
    PageSpec("pages/timeline.py", "nav.timeline", ":material/timeline:", "timeline"),
    PageSpec("pages/sources.py", "nav.sources", ":material/menu_book:", "sources"),
)
