"""The layout the README promises: Streamlit only in ui/, pages only in app_pages/."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "src" / "regiondash"


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_streamlit():
    outside = [
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] == "streamlit" for name in imported_modules(path))
    ]
    assert outside == []


def test_the_ui_package_really_is_where_streamlit_is_used():
    users = [p for p in (PACKAGE / "ui").glob("*.py") if "streamlit" in imported_modules(p)]
    assert len(users) >= 4  # state, sidebar, frame, present, map controls


def test_there_is_no_legacy_pages_folder():
    # Streamlit runs a pages/ folder beside the entry script as a legacy app on deep links.
    assert not (ROOT / "pages").exists()


def test_pages_never_read_the_query_string_or_files_themselves():
    for path in (ROOT / "app_pages").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "query_params" not in text, path.name
        assert "open(" not in text and "read_csv" not in text, path.name
