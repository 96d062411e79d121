"""Sign-up validation that reports every problem at once, in Mastodon's ``details`` shape.

``{"error": "Validation failed: Username can't be blank, Agreement must be accepted",
"details": {"username": [{"error": "ERR_BLANK", "description": "can't be blank"}], ...}}``
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository
from townsquare.kit.errors import Unprocessable

USERNAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")
LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?$")
RESERVED = frozenset(
    {"admin", "administrator", "root", "support", "help", "moderator", "townsquare", "webmaster",
     "postmaster", "abuse", "security", "staff", "system", "api", "oauth", "settings", "about"}
)  # fmt: skip
MAX_USERNAME = 30
MAX_EMAIL = 320
MIN_PASSWORD = 8
MAX_PASSWORD = 128
MAX_REASON = 1000
LABELS = {"username": "Username", "email": "Email", "password": "Password",
          "agreement": "Agreement", "locale": "Locale", "reason": "Reason"}  # fmt: skip


@dataclass
class SignUp:
    """What a new user submitted."""

    username: str
    email: str
    password: str
    agreement: bool = True
    locale: str | None = None
    reason: str | None = None


class RegistrationInvalid(Unprocessable):
    """Registration refused; ``details`` maps each field to its errors."""

    def __init__(self, details: dict[str, list[dict[str, str]]]) -> None:
        summary = ", ".join(
            f"{LABELS.get(name, name.capitalize())} {problem['description']}"
            for name, problems in details.items()
            for problem in problems
        )
        super().__init__(f"Validation failed: {summary}")
        self.details = details


@dataclass
class Problems:
    """Errors collected per field, in the order they were found."""

    details: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def add(self, name: str, code: str, description: str) -> None:
        self.details.setdefault(name, []).append({"error": code, "description": description})

    def raise_any(self) -> None:
        if self.details:
            raise RegistrationInvalid(self.details)


def check_username(problems: Problems, username: str) -> None:
    if not username:
        problems.add("username", "ERR_BLANK", "can't be blank")
    elif len(username) > MAX_USERNAME:
        problems.add(
            "username", "ERR_TOO_LONG", f"is too long (maximum is {MAX_USERNAME} characters)"
        )
    elif not USERNAME_RE.match(username):
        problems.add(
            "username", "ERR_INVALID", "must contain only letters, numbers and underscores"
        )
    elif username.lower() in RESERVED:
        problems.add("username", "ERR_RESERVED", "is reserved")


def _check_email(problems: Problems, email: str) -> None:
    if not email:
        problems.add("email", "ERR_BLANK", "can't be blank")
    elif len(email) > MAX_EMAIL:
        problems.add("email", "ERR_TOO_LONG", f"is too long (maximum is {MAX_EMAIL} characters)")
    elif not EMAIL_RE.match(email):
        problems.add("email", "ERR_INVALID", "is invalid")


def check_password(problems: Problems, password: str) -> None:
    if not password:
        problems.add("password", "ERR_BLANK", "can't be blank")
    elif len(password) < MIN_PASSWORD:
        problems.add(
            "password", "ERR_TOO_SHORT", f"is too short (minimum is {MIN_PASSWORD} characters)"
        )
    elif len(password) > MAX_PASSWORD:
        problems.add(
            "password", "ERR_TOO_LONG", f"is too long (maximum is {MAX_PASSWORD} characters)"
        )


def check_form(sign_up: SignUp) -> Problems:
    """Every problem that needs no database lookup."""
    problems = Problems()
    check_username(problems, sign_up.username)
    _check_email(problems, sign_up.email)
    check_password(problems, sign_up.password)
    if not sign_up.agreement:
        problems.add("agreement", "ERR_ACCEPTED", "must be accepted")
    if sign_up.locale and not LOCALE_RE.match(sign_up.locale):
        problems.add("locale", "ERR_INCLUSION", "is not included in the list")
    if sign_up.reason and len(sign_up.reason) > MAX_REASON:
        problems.add("reason", "ERR_TOO_LONG", f"is too long (maximum is {MAX_REASON} characters)")
    return problems


# Rules other packages add for public sign-ups: a username -> why it cannot be taken, or None.
UsernameRule = Callable[[str], str | None]
_public_username_rules: list[UsernameRule] = []


def register_public_username_rule(rule: UsernameRule) -> None:
    """Let a package reserve usernames from public sign-up (an administrator may still
    create them with ``townsquare create-user``)."""
    if rule not in _public_username_rules:
        _public_username_rules.append(rule)


def check_public_username(problems: Problems, username: str) -> None:
    for rule in _public_username_rules:
        reason = rule(username)
        if reason is not None:
            problems.add("username", "ERR_RESERVED", reason)
            return


async def validate(session: AsyncSession, sign_up: SignUp, *, public: bool = True) -> None:
    """Raise ``RegistrationInvalid`` listing every problem, including taken names; a
    ``public`` sign-up also obeys the packages' username rules."""
    problems = check_form(sign_up)
    if public and "username" not in problems.details:
        check_public_username(problems, sign_up.username)
    if "username" not in problems.details and await repository.by_username(
        session, sign_up.username
    ):
        problems.add("username", "ERR_TAKEN", "has already been taken")
    if "email" not in problems.details and await repository.email_taken(session, sign_up.email):
        problems.add("email", "ERR_TAKEN", "has already been taken")
    problems.raise_any()
