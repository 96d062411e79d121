"""OAuth 2 applications, authorization codes and tokens.

Secrets (tokens, codes) are stored as SHA-256 digests: a leaked database row does not
let anyone act as the user.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townsquare.models.base import Base, created_column, id_column


class OAuthApp(Base):
    __tablename__ = "oauth_apps"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    website: Mapped[str | None] = mapped_column(String(2000))
    redirect_uris: Mapped[str] = mapped_column(Text, nullable=False)
    scopes: Mapped[str] = mapped_column(String(1000), nullable=False)
    client_id: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    client_secret: Mapped[str] = mapped_column(String(64), nullable=False)
    owner_account_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = created_column()


class OAuthCode(Base):
    __tablename__ = "oauth_codes"

    id: Mapped[int] = id_column()
    code_digest: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    app_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("oauth_apps.id", ondelete="CASCADE"), nullable=False
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    )
    redirect_uri: Mapped[str] = mapped_column(Text, nullable=False)
    scopes: Mapped[str] = mapped_column(String(1000), nullable=False)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(10))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()


class OAuthToken(Base):
    __tablename__ = "oauth_tokens"

    id: Mapped[int] = id_column()
    token_digest: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    refresh_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    app_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("oauth_apps.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # None for client_credentials tokens, which act as the app, not as a user.
    account_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    scopes: Mapped[str] = mapped_column(String(1000), nullable=False)
    created_at: Mapped[datetime] = created_column()
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
