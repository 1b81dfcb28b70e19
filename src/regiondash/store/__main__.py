"""Command line: `python -m regiondash.store export [FOLDER]` / `import FOLDER` / `version`.

Works on the configured store (REGIONDASH_DATABASE_URL, default var/regiondash.sqlite).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from regiondash import settings
from regiondash.problems import DataPackageError
from regiondash.store import open_store
from regiondash.store.package import export_package, import_package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m regiondash.store")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the store as a new Data Package folder")
    export.add_argument("folder", nargs="?", help="default: var/export/regiondash-v<version>")
    load = commands.add_parser("import", help="replace the store's data with a Data Package")
    load.add_argument("folder")
    commands.add_parser("version", help="print the store's version and last change")
    args = parser.parse_args(argv)
    try:
        store = open_store()
        if args.command == "version":
            version, updated, _ = store.status()
            print(f"{store.url}: version {version}, last changed {updated:%Y-%m-%d %H:%M} UTC")
        elif args.command == "export":
            version, _, _ = store.status()
            default = settings.PROJECT_ROOT / "var" / "export" / f"regiondash-v{version}"
            folder = export_package(store, Path(args.folder) if args.folder else default)
            print(f"exported version {version} to {folder}")
        else:
            who = f"{getpass.getuser()} (command line, {dt.date.today().isoformat()})"
            version = import_package(store, Path(args.folder), who=who)
            print(f"imported {args.folder}: the store is now at version {version}")
    except DataPackageError as error:
        print(error, file=sys.stderr)
        return 1
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
