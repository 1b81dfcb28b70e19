"""The list of pages app.py routes to (a test checks it matches the files in app_pages/).

The folder is not called `pages/`: Streamlit treats a `pages/` folder beside the entry script as
a legacy multipage app and, on a deep link such as /map, runs the page file without app.py
(no router, no shared sidebar, no page config) until app.py has run once in the process.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    icon: str
    url_path: str
    # Routed for everyone (a refusal is clearer than "page not found"), linked only for editors.
    editors_only: bool = False


PAGES = (
    PageSpec("app_pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    PageSpec("app_pages/map.py", "nav.map", ":material/public:", "map"),
    PageSpec("app_pages/institutions.py", "nav.institutions", ":material/school:", "institutions"),
    PageSpec("app_pages/compare.py", "nav.compare", ":material/compare_arrows:", "compare"),
    PageSpec("app_pages/themes.py", "nav.themes", ":material/category:", "themes"),
    PageSpec("app_pages/timeline.py", "nav.timeline", ":material/timeline:", "timeline"),
    PageSpec("app_pages/trends.py", "nav.trends", ":material/show_chart:", "trends"),
    PageSpec("app_pages/sources.py", "nav.sources", ":material/menu_book:", "sources"),
    PageSpec("app_pages/present.py", "nav.present", ":material/slideshow:", "present"),
    PageSpec("app_pages/curate.py", "nav.curate", ":material/edit_note:", "curate", True),
)
