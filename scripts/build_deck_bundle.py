"""Build the deck.gl bundle the Map's deck component loads (src/regiondash/ui/deck_map/).

deck.gl's own UMD builds, as published on the npm registry, fetched with `npm pack` into a
temporary folder and checked against the pinned sha512 integrity below (so the output is
reproducible): `deck.gl` (core, layers, geo-layers, extensions: CollisionFilterExtension is in
it) followed by `@deck.gl/json` (JSONConverter, which reads pydeck's `Deck.to_json()`). Each UMD
build adds its exports to the global `deck`. The output is committed: the app needs no npm and
no network at run time or in CI.

Usage: python scripts/build_deck_bundle.py [--out src/regiondash/ui/deck_map]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "regiondash" / "ui" / "deck_map"
VERSION = "9.3.9"
BUNDLE = f"deckgl-{VERSION}.min.js"  # versioned name: a new build is a new URL for browsers
MEMBER = "package/dist.min.js"
# Names the component uses; the build fails if the bundle lacks one.
REQUIRED = ("Deck", "MapView", "JSONConverter", "JSONConfiguration", "CollisionFilterExtension")


class Package(NamedTuple):
    name: str
    integrity: str  # as published on the npm registry


PACKAGES = (
    Package(
        "deck.gl",
        "sha512-eJCcXa7I8oUZh3Ca9mStW2USBmRAEXhU8u19M1PRDta0xvZQmPj21dafqYPBLKWxUOp+qgdIBejW5VaxJ6R/kg==",
    ),
    Package(
        "@deck.gl/json",
        "sha512-Nkm/Nr07EwmXAqHiZiuB0Zx0DIXK4PtHTO1B+7R3AkG0n7Kz6DSz8GlPDuEdvLcLkG77XbcF83/IMMCQH5MszQ==",
    ),
)


class BuildError(Exception):
    """A pinned input is missing or not what was pinned."""


def integrity_of(path: Path) -> str:
    """npm's Subresource-Integrity string (sha512, base64) of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def npm_pack(package: Package, workdir: Path) -> str:
    """Fetch one pinned package with `npm pack`, check its integrity; its dist.min.js text."""
    spec = f"{package.name}@{VERSION}"
    command = ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"`{' '.join(command)}` failed:\n{result.stderr.strip()}")
    tarball = workdir / json.loads(result.stdout)[0]["filename"]
    if integrity_of(tarball) != package.integrity:
        raise BuildError(f"{spec} integrity {integrity_of(tarball)} is not the pinned one")
    with tarfile.open(tarball) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise BuildError(f"{tarball.name} has no regular file {MEMBER}")
        return member.read().decode("utf-8")


def bundle(sources: list[str]) -> str:
    """One script: a header naming what it is, then each UMD build in order."""
    header = "\n".join(
        [
            f"/* deck.gl {VERSION} UMD builds from the npm registry, concatenated by",
            " * scripts/build_deck_bundle.py (regiondash). MIT licence, Copyright Vis.gl",
            " * contributors (https://github.com/visgl/deck.gl/blob/master/LICENSE).",
            *(f" * {p.name}@{VERSION} {MEMBER} ({p.integrity})" for p in PACKAGES),
            " */",
        ]
    )
    text = "\n".join([header, *(source.rstrip() + ";" for source in sources)]) + "\n"
    missing = [name for name in REQUIRED if f"{name}:()=>" not in text]
    if missing:
        raise BuildError(f"the bundle exports none of {missing}")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            text = bundle([npm_pack(package, Path(tmp)) for package in PACKAGES])
    except BuildError as error:
        print(f"build_deck_bundle: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("deckgl-*.min.js"):
        old.unlink()
    target = args.out / BUNDLE
    target.write_text(text, encoding="utf-8")
    size = target.stat().st_size
    print(f"{target.relative_to(REPO)}: {size:,} bytes, {integrity_of(target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
