"""Vendor axe-core (the accessibility engine the browser tests inject) into tests/vendor/.

`npm pack axe-core@VERSION` into a temporary folder, check the tarball against the pinned
sha512 integrity the npm registry publishes, and copy `axe.min.js` and its licence (MPL-2.0,
distributed unmodified). The output is committed, so tests need no npm or network; the tests
check the committed file's own sha512 (AXE_SHA512 below) before injecting it.

Usage: python scripts/vendor_axe.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "vendor" / "axe-core"
VERSION = "4.14.1"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="  # noqa: E501
MEMBERS = {"package/axe.min.js": "axe.min.js", "package/LICENSE": "LICENSE"}


def sha512(data: bytes) -> str:
    """npm's Subresource-Integrity form: sha512-<base64>."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def main() -> int:
    with tempfile.TemporaryDirectory() as workdir:
        command = ["npm", "pack", f"axe-core@{VERSION}", "--json", "--pack-destination", workdir]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        tarball = Path(workdir) / json.loads(result.stdout)[0]["filename"]
        if sha512(tarball.read_bytes()) != INTEGRITY:
            print(f"axe-core@{VERSION}: integrity is not the pinned one", file=sys.stderr)
            return 1
        OUT.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as tar:
            for member, name in MEMBERS.items():
                (OUT / name).write_bytes(tar.extractfile(member).read())
    print(f"{OUT / 'axe.min.js'}: {sha512((OUT / 'axe.min.js').read_bytes())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
