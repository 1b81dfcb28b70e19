"""Sign-in with Streamlit's st.login (OIDC), configured in .streamlit/secrets.toml.

Viewing needs no sign-in. `[auth]` configures the provider; `[curate] editors` lists who may
edit (verified emails or subjects). Without `[auth]` nobody can sign in, so nobody can edit.
"""

from __future__ import annotations

import streamlit as st

from regiondash.access import editors_from, identity, is_editor
from regiondash.i18n import t
from regiondash.text import escape_markdown


def _secret(section: str) -> dict:
    """One section of secrets.toml, {} when there is no secrets file or no such section."""
    if not st.secrets.load_if_toml_exists():
        return {}
    value = st.secrets.get(section)
    return dict(value) if value is not None else {}


def sign_in_configured() -> bool:
    """True when secrets.toml names an OIDC provider (st.login would work)."""
    auth = _secret("auth")
    return bool(auth.get("redirect_uri") and auth.get("cookie_secret"))


def user_info() -> dict:
    """The signed-in user's claims ({} when nobody is signed in)."""
    info = st.user.to_dict()  # a Mapping; without a session user it may lack is_logged_in
    return dict(info) if info.get("is_logged_in") else {}


def current_editor() -> str | None:
    """The signed-in editor's identity for the audit log; None for anyone else."""
    info = user_info()
    return (
        identity(info) if is_editor(info, editors_from(_secret("curate").get("editors"))) else None
    )


def account_box(lang: str) -> None:
    """Sidebar: sign in (for editors), or who is signed in and sign out."""
    if not sign_in_configured():
        return
    info = user_info()
    if not info:
        st.button(
            t("auth.sign_in", lang), icon=":material/login:", key="auth_sign_in", on_click=st.login
        )
        return
    name = identity(info) or str(info.get("name") or "")
    st.caption(t("auth.signed_in_as", lang, who=escape_markdown(name)))
    st.button(
        t("auth.sign_out", lang), icon=":material/logout:", key="auth_sign_out", on_click=st.logout
    )
