"""Status attachments: things a status carries that a feature package owns (a poll, ...).

A package registers a ``StatusAttachment`` for the request parameter it owns. The statuses
endpoints parse every registered parameter before anything is written (bad input is a
4xx and nothing is stored), and the statuses service hands the parsed values to the
package inside the status's own transaction, so a status and its attachment are written,
edited or rolled back together.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.params import Params
from townsquare.models import Status
from townsquare.settings import Settings

Parse = Callable[[Params, Settings], Any]
Attach = Callable[[AsyncSession, Settings, Status, Any], Awaitable[None]]
Edit = Callable[[AsyncSession, Settings, Status, Any], Awaitable[bool]]


@dataclass(frozen=True)
class StatusAttachment:
    """``parse`` returns ``None`` when the parameter is absent; ``on_edit`` gets that ``None``
    too (Mastodon drops a poll an edit does not resend) and says whether anything changed."""

    param: str
    parse: Parse
    on_create: Attach
    on_edit: Edit


_registry: dict[str, StatusAttachment] = {}


def register_status_attachment(attachment: StatusAttachment) -> None:
    _registry[attachment.param] = attachment


def handles(param: str) -> bool:
    """Whether a feature package takes care of ``param`` on statuses."""
    return param in _registry


def parse_all(params: Params, settings: Settings) -> dict[str, Any]:
    """Every registered parameter, validated (raises the 4xx of the first bad one)."""
    return {name: a.parse(params, settings) for name, a in _registry.items()}


async def on_create(
    session: AsyncSession, settings: Settings, status: Status, parsed: Mapping[str, Any]
) -> None:
    for name, value in parsed.items():
        if value is not None and name in _registry:
            await _registry[name].on_create(session, settings, status, value)


async def on_edit(
    session: AsyncSession, settings: Settings, status: Status, parsed: Mapping[str, Any]
) -> bool:
    """Apply an edit's attachments; whether any of them changed."""
    changed = False
    for name, value in parsed.items():
        if name in _registry:
            changed = await _registry[name].on_edit(session, settings, status, value) or changed
    return changed
