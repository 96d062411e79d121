"""Account rules: registration, login."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository
from townsquare.accounts.passwords import hash_password, verify_password
from townsquare.accounts.profile import PostingDefaults, ProfileUpdate, apply_update
from townsquare.accounts.registration import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    Problems,
    RegistrationInvalid,
    SignUp,
    check_password,
    check_username,
    validate,
)
from townsquare.models import Account, User
from townsquare.models.base import utcnow
from townsquare.settings import Settings
from townsquare.social import service as social_service

__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "check_login",
    "register",
    "register_sign_up",
    "validate_password",
    "validate_username",
]

# Hashed once so that a login for a missing account costs as much as a wrong password.
_TIMING_HASH = hash_password("timing-equaliser")


def validate_username(username: str) -> None:
    """422 unless ``username`` is well-formed and not reserved (availability not checked)."""
    problems = Problems()
    check_username(problems, username)
    problems.raise_any()


def validate_password(password: str) -> None:
    """422 unless ``password`` has an acceptable length."""
    problems = Problems()
    check_password(problems, password)
    problems.raise_any()


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
    """Create a local account with its login (an administrator's path: usernames reserved
    from public sign-up are allowed); 422 listing every invalid or taken field."""
    sign_up = SignUp(username=username, email=email, password=password, locale=locale)
    return await register_sign_up(
        session, sign_up, display_name=display_name, role=role, public=False
    )


async def register_sign_up(
    session: AsyncSession,
    sign_up: SignUp,
    *,
    display_name: str = "",
    role: str = "user",
    public: bool = True,
) -> tuple[Account, User]:
    """Validate ``sign_up`` (``public``: a sign-up through the API or the web) and create
    the account and user."""
    await validate(session, sign_up, public=public)
    account = Account(
        username=sign_up.username,
        username_lower=sign_up.username.lower(),
        display_name=display_name[:30],
        role=role,
        fields=[],
    )
    user = User(
        email=sign_up.email,
        password_hash=hash_password(sign_up.password),
        locale=(sign_up.locale or "en")[:10],
    )
    session.add(account)
    await _flush_or_taken(session, "username")
    user.account_id = account.id
    session.add(user)
    await _flush_or_taken(session, "email")
    return account, user


async def _flush_or_taken(session: AsyncSession, name: str) -> None:
    """Flush; a unique violation means another sign-up just took ``name``."""
    try:
        await session.flush()
    except IntegrityError:
        # The caller's transaction is rolled back when this error leaves the endpoint.
        raise RegistrationInvalid(
            {name: [{"error": "ERR_TAKEN", "description": "has already been taken"}]}
        ) from None


async def check_login(session: AsyncSession, login: str, password: str) -> Account | None:
    """The account whose email or username and password match, else ``None``."""
    found = await repository.user_by_login(session, login)
    if found is None:
        verify_password(_TIMING_HASH, password)
        return None
    user, account = found
    if not verify_password(user.password_hash, password):
        return None
    if user.disabled or account.suspended_at is not None:
        return None
    user.last_sign_in_at = utcnow()
    return account


async def update_profile(
    session: AsyncSession, settings: Settings, account: Account, update: ProfileUpdate
) -> None:
    """Apply a profile update. Unlocking accepts every pending follow request, as in Mastodon."""
    was_locked = account.locked
    apply_update(account, update, max_fields=settings.max_fields)
    if was_locked and not account.locked:
        await social_service.accept_all_requests(session, settings, account)
        await session.flush()
        await session.refresh(account)  # the counters moved in SQL


def set_posting_defaults(user: User, defaults: PostingDefaults) -> None:
    """Store the posting defaults a client sent (``source[...]``); absent ones stay."""
    if defaults.privacy is not None:
        user.default_privacy = defaults.privacy
    if defaults.sensitive is not None:
        user.default_sensitive = defaults.sensitive
    if defaults.language is not None:
        user.default_language = defaults.language or None
