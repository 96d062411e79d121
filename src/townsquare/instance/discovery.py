"""Discovery documents: nodeinfo 2.0, WebFinger (RFC 7033) and host-meta.

townsquare does not federate yet, so nodeinfo lists no protocols; WebFinger still lets
tools turn ``user@domain`` into the profile's URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from townsquare.instance.service import InstanceStats, software_version
from townsquare.kit.errors import BadRequest
from townsquare.models import Account
from townsquare.settings import Settings

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"
NODEINFO_MEDIA_TYPE = f'application/json; profile="{NODEINFO_SCHEMA}#"'
JRD_MEDIA_TYPE = "application/jrd+json; charset=utf-8"
XRD_MEDIA_TYPE = "application/xrd+xml; charset=utf-8"
MAX_RESOURCE_LENGTH = 500


def nodeinfo_links(settings: Settings) -> dict[str, Any]:
    """``/.well-known/nodeinfo``: where the nodeinfo document is."""
    return {"links": [{"rel": NODEINFO_SCHEMA, "href": f"{settings.base_url}/nodeinfo/2.0"}]}


def nodeinfo(settings: Settings, stats: InstanceStats) -> dict[str, Any]:
    """``/nodeinfo/2.0``."""
    return {
        "version": "2.0",
        "software": {"name": "townsquare", "version": software_version()},
        "protocols": [],
        "services": {"inbound": [], "outbound": []},
        "usage": {
            "users": {
                "total": stats.user_count,
                "activeMonth": stats.active_month,
                "activeHalfyear": stats.active_halfyear,
            },
            "localPosts": stats.status_count,
        },
        "openRegistrations": settings.registrations_open,
        "metadata": {"nodeName": settings.title, "nodeDescription": settings.description},
    }


@dataclass(frozen=True)
class AccountAddress:
    """``username@domain`` taken from a WebFinger resource."""

    username: str
    domain: str


def parse_resource(resource: str | None, settings: Settings) -> AccountAddress:
    """Read ``acct:user@domain``, ``user@domain`` or a profile URL; 400 when malformed."""
    if not resource or not resource.strip():
        raise BadRequest("Missing required parameter: resource")
    value = resource.strip()
    if len(value) > MAX_RESOURCE_LENGTH:
        raise BadRequest("Invalid resource")
    for prefix in (f"{settings.base_url}/users/", f"{settings.base_url}/@"):
        if value.lower().startswith(prefix.lower()):
            return _address(value[len(prefix) :], settings.domain)
    if value.lower().startswith("acct:"):
        value = value[5:]
    elif ":" in value.split("@", 1)[0]:
        raise BadRequest("Invalid resource")
    username, at, domain = value.lstrip("@").rpartition("@")
    if not at or not domain:
        raise BadRequest("Invalid resource")
    return _address(username, domain)


def _address(username: str, domain: str) -> AccountAddress:
    if not username or not all(c.isalnum() or c == "_" for c in username) or len(username) > 30:
        raise BadRequest("Invalid resource")
    return AccountAddress(username, domain)


def is_local(address: AccountAddress, settings: Settings) -> bool:
    return address.domain.lower() == settings.domain.lower()


def webfinger(account: Account, settings: Settings) -> dict[str, Any]:
    """The JRD for a local account."""
    profile = f"{settings.base_url}/@{account.username}"
    actor = f"{settings.base_url}/users/{account.username}"
    return {
        "subject": f"acct:{account.username}@{settings.domain}",
        "aliases": [profile, actor],
        "links": [
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": profile,
            },
            {"rel": "self", "type": "application/activity+json", "href": actor},
        ],
    }


def host_meta(settings: Settings) -> str:
    """``/.well-known/host-meta``: the XRD pointing at WebFinger."""
    template = quoteattr(f"{settings.base_url}/.well-known/webfinger?resource={{uri}}")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template={template}/>\n'
        "</XRD>\n"
    )
