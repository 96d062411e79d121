"""Sign-up through an app (``POST /api/v1/accounts``): a new account and its first token."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts.registration import SignUp
from townsquare.accounts.service import register_sign_up
from townsquare.kit.errors import Unauthorized
from townsquare.models import OAuthToken
from townsquare.oauth import repository as oauth_repository
from townsquare.oauth.scopes import parse_scopes
from townsquare.oauth.service import IssuedToken, issue_token
from townsquare.settings import Settings


async def sign_up_through_app(
    session: AsyncSession, settings: Settings, app_token: OAuthToken, sign_up: SignUp
) -> IssuedToken:
    """Register ``sign_up`` and give the new user a token of the app, with the app's scopes."""
    app = await oauth_repository.app_by_id(session, app_token.app_id)
    if app is None:
        raise Unauthorized("The access token is invalid")
    account, _ = await register_sign_up(session, sign_up)
    return await issue_token(session, settings, app, account.id, parse_scopes(app.scopes))
