"""Who may edit: a signed-in identity (OIDC claims) against the configured list of editors.

Viewing needs no sign-in. Editing needs a signed-in user whose verified email or subject
(`sub`, the provider's stable id) is listed under `[curate] editors` in secrets.toml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def editors_from(config: object) -> frozenset[str]:
    """The configured identities: a list of strings, or one comma-separated string."""
    if config is None:
        return frozenset()
    items = config.split(",") if isinstance(config, str) else config
    if not isinstance(items, Iterable):
        return frozenset()
    return frozenset(str(item).strip() for item in items if str(item).strip())


def _verified_email(user_info: Mapping) -> str:
    """The user's email, folded to lower case; "" when absent or marked unverified."""
    email = str(user_info.get("email") or "").strip()
    if not email or user_info.get("email_verified") is False:
        return ""
    return email.casefold()


def is_editor(user_info: Mapping | None, editors: Iterable[str]) -> bool:
    """True when a signed-in user's verified email or subject is one of `editors`.

    Emails compare without case (providers differ in how they spell them); subjects exactly.
    """
    if not user_info or not user_info.get("is_logged_in"):
        return False
    listed = {identity.strip() for identity in editors if identity and identity.strip()}
    subject = str(user_info.get("sub") or "")
    if subject and subject in listed:
        return True
    email = _verified_email(user_info)
    return bool(email) and email in {identity.casefold() for identity in listed}


def identity(user_info: Mapping | None) -> str:
    """How a user is named in the audit log: verified email, else the subject; "" if none."""
    if not user_info or not user_info.get("is_logged_in"):
        return ""
    return _verified_email(user_info) or str(user_info.get("sub") or "")
