"""Sign-in with Streamlit's st.login (OIDC), configured in .streamlit/secrets.toml.

Viewing needs no sign-in. `[auth]` configures the provider; `[curate] editors` lists who may
edit (verified emails or subjects). Without `[auth]` nobody can sign in, so nobody can edit.

Streamlit's sign-in always comes back to "/", a new session that knows nothing of the page and
view the editor left. So while nobody is signed in, a tiny component keeps the view's address
in a cookie (the browser's, so it works whichever server answers); the first landing at "/"
after signing in goes back there (`landing`), and the cookie is cleared once signed in.
"""

from __future__ import annotations

import functools
from urllib.parse import unquote

import streamlit as st

from regiondash.access import editors_from, identity, is_editor
from regiondash.i18n import t
from regiondash.text import escape_markdown
from regiondash.viewstate import parse_view_address

RETURN_COOKIE = "regiondash_return"
RETURN_MAX_AGE_S = 1800  # time to sign in at the provider
RETURNED = "_sign_in_returned"  # this session has landed once since signing in
RETURN_JS = """
export default function ({ data }) {
  const name = data.cookie;
  document.cookie = typeof data.address === "string"
    ? `${name}=${encodeURIComponent(data.address)}; Path=/; Max-Age=${data.maxAge}; SameSite=Lax`
    : `${name}=; Path=/; Max-Age=0; SameSite=Lax`;
}
"""


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


@functools.cache
def _return_component():
    return st.components.v2.component("regiondash.sign_in_return", js=RETURN_JS)


def _keep_return_address(address: str | None) -> None:
    """Keep `address` in the browser's return cookie (None: clear it)."""
    data = {"cookie": RETURN_COOKIE, "address": address, "maxAge": RETURN_MAX_AGE_S}
    _return_component()(key="sign_in_return", data=data, width="content", height=0)


def landing(url_paths: tuple[str, ...]) -> tuple[str, dict[str, list[str]]] | None:
    """(url path, query) of the view a just-signed-in user left to sign in; None otherwise.
    Once a session: a reload keeps the session, and with it the cookies it was opened with."""
    if not user_info() or st.session_state.get(RETURNED):
        return None
    st.session_state[RETURNED] = True
    return parse_view_address(unquote(st.context.cookies.get(RETURN_COOKIE) or ""), url_paths)


def account_box(lang: str, address: str | None = None) -> None:
    """Sidebar: sign in (for editors), or who is signed in and sign out. `address` is the view
    shown (a `view_address`), where signing in comes back to."""
    if not sign_in_configured():
        return
    info = user_info()
    if not info:
        st.button(
            t("auth.sign_in", lang), icon=":material/login:", key="auth_sign_in", on_click=st.login
        )
    else:
        name = identity(info) or str(info.get("name") or "")
        st.caption(t("auth.signed_in_as", lang, who=escape_markdown(name)))
        st.button(
            t("auth.sign_out", lang),
            icon=":material/logout:",
            key="auth_sign_out",
            on_click=st.logout,
        )
    _keep_return_address(None if info else address)  # last: its empty box adds no gap above
