"""Declared automation: a bot names its manager; the manager confirms, declines or removes.

Importing this module installs the integrity hooks (labels used by polls, notes and the
Account entity), as the other feature modules register their extensions on import.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from townsquare.api.context import Ctx, endpoint
from townsquare.api.mastodon.entities.account import render_account
from townsquare.ids import parse_id
from townsquare.integrity import declared, hooks
from townsquare.kit.errors import NotFound
from townsquare.kit.json import JSON, iso
from townsquare.models import Account
from townsquare.settings import Settings

hooks.install()

PREFIX = "/api/townsquare/v1"
MAX_ACCT = 400


def _path_id(ctx: Ctx) -> int:
    parsed = parse_id(ctx.request.path_params["id"])
    if parsed is None:
        raise NotFound()
    return parsed


def _state(bot: Account) -> str:
    if bot.managed_by_id is None:
        return "none"
    return "confirmed" if bot.managed_by_confirmed_at else "pending"


def render_claim(bot: Account, settings: Settings, shown: Account) -> dict[str, Any]:
    """A bot's claim: ``account`` (the other side), its state and when it was confirmed."""
    return {
        "account": render_account(shown, settings),
        "state": _state(bot),
        "confirmed_at": iso(bot.managed_by_confirmed_at),
    }


@endpoint(scope="write:accounts", auth="required")
async def name_manager(ctx: Ctx) -> Response:
    """PUT /accounts/managed_by ``acct``: the bot names its manager (pending until confirmed)."""
    acct = ctx.params.text("acct", required=True, max_length=MAX_ACCT) or ""
    manager = await declared.name_manager(ctx.session, ctx.settings, ctx.viewer, acct)
    return JSON(render_claim(ctx.viewer, ctx.settings, manager))


@endpoint(scope="write:accounts", auth="required")
async def withdraw_manager(ctx: Ctx) -> Response:
    """DELETE /accounts/managed_by: the bot no longer names a manager."""
    declared.withdraw(ctx.viewer)
    return JSON({"state": "none"})


@endpoint(scope="read:accounts", auth="required")
async def managed_accounts(ctx: Ctx) -> Response:
    """GET /managed_accounts: the bots that name you, pending and confirmed."""
    bots = await declared.bots_naming(ctx.session, ctx.viewer.id)
    return JSON([render_claim(bot, ctx.settings, bot) for bot in bots])


@endpoint(scope="write:accounts", auth="required")
async def confirm(ctx: Ctx) -> Response:
    bot = await declared.confirm(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON(render_claim(bot, ctx.settings, bot))


@endpoint(scope="write:accounts", auth="required")
async def decline(ctx: Ctx) -> Response:
    bot = await declared.decline(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON(render_claim(bot, ctx.settings, bot) | {"state": "declined"})


@endpoint(scope="write:accounts", auth="required")
async def remove(ctx: Ctx) -> Response:
    bot = await declared.remove(ctx.session, ctx.viewer, _path_id(ctx))
    return JSON(render_claim(bot, ctx.settings, bot) | {"state": "removed"})


routes: list[BaseRoute] = [
    Route(f"{PREFIX}/accounts/managed_by", name_manager, methods=["PUT", "POST"]),
    Route(f"{PREFIX}/accounts/managed_by", withdraw_manager, methods=["DELETE"]),
    Route(f"{PREFIX}/managed_accounts", managed_accounts, methods=["GET"]),
    Route(f"{PREFIX}/managed_accounts/{{id}}/confirm", confirm, methods=["POST"]),
    Route(f"{PREFIX}/managed_accounts/{{id}}/decline", decline, methods=["POST"]),
    Route(f"{PREFIX}/managed_accounts/{{id}}", remove, methods=["DELETE"]),
]
