"""The Account and CredentialAccount entities."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from townsquare.kit.content_cache import ContentCache, row_content
from townsquare.kit.json import iso
from townsquare.models import Account, User
from townsquare.settings import Settings

DEFAULT_AVATAR = "/avatars/original/missing.png"
DEFAULT_HEADER = "/headers/original/missing.png"

FieldSource = Callable[[Account], list[dict[str, Any]]]
_field_sources: list[FieldSource] = []
AttributeSource = Callable[[Account, Settings], dict[str, Any]]
_attribute_sources: list[AttributeSource] = []
# A timeline page shows the same authors to every reader: rendered once per process for
# each version of their row (a changed row is a new key, see kit.content_cache).
_rendered: ContentCache[dict[str, Any]] = ContentCache(max_entries=4096)


def register_account_fields(source: FieldSource) -> None:
    """Let a feature package append profile fields (after the user's own) to every Account."""
    if source not in _field_sources:
        _field_sources.append(source)
        _rendered.clear()


def register_account_attributes(source: AttributeSource) -> None:
    """Let a feature package add top-level attributes (e.g. ``managed_by``) to every Account,
    from the account's own row and ``settings.base_url`` only (rendering an Account never
    runs a query, and rendered Accounts are kept under those two)."""
    if source not in _attribute_sources:
        _attribute_sources.append(source)
        _rendered.clear()


def render_account(account: Account, settings: Settings) -> dict[str, Any]:
    """The public Account entity: a new dict each time, whose top-level fields the caller
    may set (its nested lists are shared: replace them, never change them in place)."""
    content = row_content(account)
    key = None if content is None else (settings.base_url, content)
    entity = _rendered.get(key) if key is not None else None
    if entity is None:
        entity = _core_account(account, settings)
        for source in _attribute_sources:
            entity.update(source(account, settings))
        if key is not None:
            _rendered.put(key, entity)
    return dict(entity)


def _core_account(account: Account, settings: Settings) -> dict[str, Any]:
    base = settings.base_url
    url = f"{base}/@{account.username}"
    avatar = base + DEFAULT_AVATAR
    header = base + DEFAULT_HEADER
    last = account.last_status_at
    return {
        "id": str(account.id),
        "username": account.username,
        "acct": account.username,
        "display_name": account.display_name,
        "locked": account.locked,
        "bot": account.bot,
        "discoverable": account.discoverable,
        "indexable": account.indexable,
        "group": False,
        "created_at": iso(account.created_at),
        "note": account.note_html,
        "url": url,
        "uri": f"{base}/users/{account.username}",
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "followers_count": account.followers_count,
        "following_count": account.following_count,
        "statuses_count": account.statuses_count,
        "last_status_at": last.strftime("%Y-%m-%d") if last else None,
        "hide_collections": account.hide_collections,
        "noindex": False,
        "suspended": account.suspended_at is not None or None,
        "emojis": [],
        "roles": [],
        "fields": [
            {"name": f.get("name", ""), "value": f.get("value_html", ""), "verified_at": None}
            for f in account.fields or []
        ]
        + [field for source in _field_sources for field in source(account)],
    }


def render_credential_account(
    account: Account,
    settings: Settings,
    *,
    follow_requests_count: int = 0,
    user: User | None = None,
) -> dict[str, Any]:
    """The CredentialAccount entity: the Account plus ``source`` and ``role``."""
    entity = render_account(account, settings)
    entity["source"] = {
        "privacy": user.default_privacy if user else "public",
        "sensitive": user.default_sensitive if user else False,
        "language": user.default_language if user else None,
        "note": account.note,
        "fields": [
            {"name": f.get("name", ""), "value": f.get("value", ""), "verified_at": None}
            for f in account.fields or []
        ],
        "follow_requests_count": follow_requests_count,
    }
    entity["role"] = {
        "id": {"user": "-99", "moderator": "2", "admin": "3"}.get(account.role, "-99"),
        "name": account.role if account.role != "user" else "",
        "color": "",
        "permissions": "0",
        "highlighted": account.role != "user",
    }
    return entity
