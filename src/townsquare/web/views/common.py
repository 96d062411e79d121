"""Helpers shared by views: path ids, accounts by name, form choices."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts
from townsquare.filters.context import current_context
from townsquare.ids import parse_id
from townsquare.kit.errors import NotFound
from townsquare.models import Account
from townsquare.web.forms import VISIBILITIES
from townsquare.web.page import PageCtx


def visibility_choices() -> tuple[tuple[str, str], ...]:
    return VISIBILITIES


def path_id(ctx: PageCtx, name: str = "id") -> int:
    """A numeric path parameter; beyond 64 bits nothing has that id, so 404."""
    parsed = parse_id(str(ctx.request.path_params[name]))
    if parsed is None:
        raise NotFound()
    return parsed


async def account_named(session: AsyncSession, username: str) -> Account:
    """The local account ``username`` (``@name`` or ``name``), 404 when unknown or suspended."""
    found = await accounts.by_username(session, username.removeprefix("@"))
    if found is None or found.suspended_at is not None:
        raise NotFound()
    return found


def filter_context(name: str) -> None:
    """Apply the viewer's filters and label preferences for ``name`` (home, public, account,
    thread) while this page renders statuses; the API sets it from its paths, pages here.
    The request runs in its own task, so the value ends with it."""
    current_context.set(name)
