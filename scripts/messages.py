"""Keep the en / fr / zh message catalogs in step.

    python scripts/messages.py set KEY "English text" [--fr "..."] [--zh "..."]
    python scripts/messages.py missing

`set` adds or updates KEY in English; a translation not given is added empty (or, when the
English text changed, kept but marked fuzzy) so that `missing` and the tests flag it.
`missing` lists keys whose fr/zh translation is empty, absent or fuzzy, and exits 1 if any.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from regiondash.i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALES_DIR

TRANSLATED = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)
KEY_PATTERN = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")


def po_path(lang: str) -> Path:
    """The catalog file of one language."""
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


def load(lang: str) -> Catalog:
    """Read one catalog."""
    with po_path(lang).open("rb") as po_file:
        return read_po(po_file, locale=lang)


def save(lang: str, catalog: Catalog) -> None:
    """Write one catalog in the project's layout (width 100, sorted), replacing it atomically."""
    path = po_path(lang)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, path)


def put(catalog: Catalog, key: str, text: str) -> None:
    """Set the text of `key` (adding it if absent); a set text is no longer fuzzy."""
    message = catalog.get(key)
    if message is None:
        catalog.add(key, text)
    else:
        message.string = text
        message.flags.discard("fuzzy")


def placeholders(text: str) -> set[str]:
    """Names of the {placeholders} in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def set_key(key: str, english: str, translations: dict[str, str | None]) -> list[str]:
    """Add or update `key`; returns one line per change made."""
    en = load(DEFAULT_LANGUAGE)
    previous = en.get(key)
    english_changed = previous is None or previous.string != english
    changes = []
    if english_changed:
        put(en, key, english)
        save(DEFAULT_LANGUAGE, en)
        changes.append(f"{DEFAULT_LANGUAGE}: {'added' if previous is None else 'updated'} {key}")
    for lang in TRANSLATED:
        catalog = load(lang)
        message = catalog.get(key)
        text = translations.get(lang)
        if text is not None:
            put(catalog, key, text)
            changes.append(f"{lang}: set {key}")
        elif message is None:
            put(catalog, key, "")
            changes.append(f"{lang}: added {key} untranslated")
        elif english_changed and message.string:
            message.flags.add("fuzzy")
            changes.append(f"{lang}: marked {key} fuzzy (English changed)")
        else:
            continue
        save(lang, catalog)
    return changes


def missing() -> list[str]:
    """One line per key whose translation is empty, absent or fuzzy."""
    keys = [str(m.id) for m in load(DEFAULT_LANGUAGE) if m.id]
    lines = []
    for lang in TRANSLATED:
        catalog = load(lang)
        for key in keys:
            message = catalog.get(key)
            if message is None or not message.string:
                lines.append(f"{lang}\t{key}")
            elif message.fuzzy:
                lines.append(f"{lang}\t{key}\t(fuzzy: English changed)")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    set_parser = commands.add_parser("set", help="add or update a key")
    set_parser.add_argument("key", help='message id, e.g. "nav.map"')
    set_parser.add_argument("english", help="English text")
    for lang in TRANSLATED:
        set_parser.add_argument(f"--{lang}", help=f"{lang} translation")
    commands.add_parser("missing", help="list keys still to translate (exit 1 if any)")
    args = parser.parse_args(argv)

    if args.command == "missing":
        lines = missing()
        print("\n".join(lines) if lines else "All translations present.")
        return 1 if lines else 0

    if not KEY_PATTERN.fullmatch(args.key):
        parser.error(f"key {args.key!r} is not of the form section.name (lowercase, dots)")
    translations = {lang: getattr(args, lang) for lang in TRANSLATED}
    expected = placeholders(args.english)
    for lang, text in translations.items():
        if text is not None and (found := placeholders(text)) != expected:
            parser.error(f"--{lang} placeholders {sorted(found)} differ from {sorted(expected)}")
    print("\n".join(set_key(args.key, args.english, translations)) or "Nothing to change.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
