"""A real local OIDC provider for sign-in tests, and the secrets file that points the app at it.

The provider is the npm package oauth2-mock-server (pinned below), installed with npm into the
git-ignored var/oidc-provider/ on first use and started by tests/oidc_provider.cjs. It answers
discovery, authorize, token and JWKS like any provider; the app's st.login talks to it through
Authlib exactly as it would to Google or Entra.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from browser import ROOT, free_port

from regiondash import settings

PACKAGE = "oauth2-mock-server"
VERSION = "7.2.1"  # supports Node 18 (Debian bookworm's nodejs) to 22
INSTALL_DIR = ROOT / "var" / "oidc-provider"
SCRIPT = Path(__file__).with_name("oidc_provider.cjs")
CLIENT_ID, CLIENT_SECRET = "regiondash-test", "not-a-real-secret"


def _missing(message: str):
    if settings.get("require_browser") == "1":
        pytest.fail(message)
    pytest.skip(message)


def install_provider() -> Path:
    """The pinned provider package, installed once into var/oidc-provider/."""
    if not (shutil.which("node") and shutil.which("npm")):
        _missing("node and npm are needed for the sign-in tests (apt-get install nodejs npm)")
    installed = INSTALL_DIR / "node_modules" / PACKAGE / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == VERSION:
        return INSTALL_DIR
    INSTALL_DIR.mkdir(parents=True, exist_ok=True)
    command = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(INSTALL_DIR)]
    result = subprocess.run(
        [*command, f"{PACKAGE}@{VERSION}"], capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        _missing(f"npm could not install {PACKAGE}@{VERSION}: {result.stderr[-800:]}")
    return INSTALL_DIR


@contextlib.contextmanager
def oidc_provider(claims: dict, timeout: float = 30.0):
    """Run the provider on a free port with these id-token claims; yield its issuer URL."""
    folder = install_provider()
    port = free_port()
    process = subprocess.Popen(
        ["node", str(SCRIPT), str(folder), str(port), json.dumps(claims)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                url = f"{issuer}/.well-known/openid-configuration"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(process.stderr.read()) from None
                time.sleep(0.2)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def write_secrets(folder: Path, issuer: str, editors: list[str]) -> Path:
    """A secrets.toml for a served app: [auth] pointing at `issuer`, and the editors."""
    text = f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"

[curate]
editors = {json.dumps(editors)}
"""
    path = folder / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    return path
