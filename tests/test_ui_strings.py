"""No page shows a hard-coded string: every literal label goes through the catalog.

Static check over the UI code: a string literal with letters passed as the first argument (or a
label keyword) of a Streamlit call is a string the translation catalogs would never see.
"""

from __future__ import annotations

import ast

from conftest import ROOT

UI_FILES = [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py")]
UI_FILES += sorted((ROOT / "src" / "regiondash" / "ui").glob("*.py"))
TEXT_CALLS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "write",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "button",
    "download_button",
    "selectbox",
    "multiselect",
    "slider",
    "toggle",
    "checkbox",
    "radio",
    "segmented_control",
    "pills",
    "text_input",
    "date_input",
    "metric",
    "expander",
    "popover",
    "tabs",
    "link_button",
    "file_uploader",
    "number_input",
}
LABEL_KEYWORDS = {"label", "help", "placeholder"}


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if any(ch.isalpha() for ch in node.value) else None
    return None


def hard_coded_strings(path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in TEXT_CALLS:
            continue
        candidates = node.args[:1] + [k.value for k in node.keywords if k.arg in LABEL_KEYWORDS]
        for candidate in candidates:
            text = _literal_text(candidate)
            if text:
                found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def test_ui_code_has_no_hard_coded_user_facing_strings():
    found = [hit for path in UI_FILES for hit in hard_coded_strings(path)]
    assert not found, "strings shown without t():\n" + "\n".join(found)


def test_the_check_catches_a_literal_label(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text('import streamlit as st\nst.button("Save")\nst.caption(t("ok", lang))\n')
    assert hard_coded_strings(sample) == ["page.py:2: 'Save'"]
