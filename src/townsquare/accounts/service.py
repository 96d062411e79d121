"""Account rules: registration, login, profile updates."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository
from townsquare.accounts.passwords import hash_password, verify_password
from townsquare.kit.errors import Unprocessable
from townsquare.models import Account, User
from townsquare.models.base import utcnow

USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{1,30}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")
RESERVED = frozenset(
    {"admin", "administrator", "root", "support", "help", "moderator", "townsquare", "webmaster",
     "postmaster", "abuse", "security", "staff", "system", "api", "oauth", "settings", "about"}
)  # fmt: skip
MIN_PASSWORD = 8
MAX_PASSWORD = 128


def validate_username(username: str) -> None:
    if not USERNAME_RE.match(username):
        raise Unprocessable(
            "Validation failed: Username must contain only letters, numbers and underscores "
            "(at most 30 characters)"
        )
    if username.lower() in RESERVED:
        raise Unprocessable("Validation failed: Username is reserved")


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Unprocessable(
            f"Validation failed: Password is too short (minimum is {MIN_PASSWORD} characters)"
        )
    if len(password) > MAX_PASSWORD:
        raise Unprocessable(
            f"Validation failed: Password is too long (maximum is {MAX_PASSWORD} characters)"
        )


async def register(
    session: AsyncSession,
    *,
    username: str,
    email: str,
    password: str,
    display_name: str = "",
    locale: str = "en",
    role: str = "user",
) -> tuple[Account, User]:
    """Create a local account with its login; 422 for a taken or malformed username/email."""
    validate_username(username)
    if not EMAIL_RE.match(email):
        raise Unprocessable("Validation failed: Email is invalid")
    validate_password(password)
    if await repository.by_username(session, username) is not None:
        raise Unprocessable("Validation failed: Username has already been taken")
    if await repository.email_taken(session, email):
        raise Unprocessable("Validation failed: Email has already been taken")
    account = Account(
        username=username,
        username_lower=username.lower(),
        display_name=display_name[:30],
        role=role,
        fields=[],
    )
    session.add(account)
    await session.flush()
    user = User(
        account_id=account.id, email=email, password_hash=hash_password(password), locale=locale
    )
    session.add(user)
    await session.flush()
    return account, user


async def check_login(session: AsyncSession, login: str, password: str) -> Account | None:
    """The account whose email or username and password match, else ``None``."""
    found = await repository.user_by_login(session, login)
    if found is None:
        # Hash anyway so a missing account takes as long as a wrong password.
        verify_password(hash_password("timing-equaliser"), password)
        return None
    user, account = found
    if not verify_password(user.password_hash, password):
        return None
    if user.disabled or account.suspended_at is not None:
        return None
    user.last_sign_in_at = utcnow()
    return account
