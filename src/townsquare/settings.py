"""Runtime settings, read from ``TOWNSQUARE_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _stored_secret(path: Path) -> str:
    """The secret kept at ``path``, made (readable by the owner only) on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    try:
        # link() is atomic and refuses to overwrite: if another worker won, use its key.
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text().strip()


class Settings(BaseSettings):
    """Everything an operator can configure. Defaults give a working embedded instance."""

    model_config = SettingsConfigDict(env_prefix="TOWNSQUARE_", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    redis_url: str | None = None
    domain: str = "127.0.0.1:8000"
    scheme: str = "http"
    title: str = "townsquare"
    description: str = "A public square people can trust: open ranking, free speech first."
    contact_email: str = ""
    # Signs CSRF tokens. Unset: a random key is made once and kept in the data folder, so
    # every worker process (and every restart) shares it.
    secret_key: str = ""
    registrations_open: bool = True

    max_characters: int = 500
    max_fields: int = 4
    # Authors with more followers than this are merged into home timelines at read time
    # instead of being fanned out on write.
    fanout_threshold: int = 1000
    # How often queued fan-out is written into followers' home timelines. Followers see a
    # post at once either way (the queue is merged in at read time).
    fanout_delivery_seconds: float = 0.2
    # Ranked feeds reuse each viewer's out-of-network candidate lists this long (0: never);
    # in-network posts and every hydrated fact are read fresh each time.
    feeds_candidate_cache_seconds: float = 60.0

    rate_limits: str = "on"
    rate_limit_token_requests: int = 300
    rate_limit_token_period: int = 300
    rate_limit_ip_requests: int = 300
    rate_limit_ip_period: int = 300
    rate_limit_signup_requests: int = 5
    rate_limit_signup_period: int = 1800

    # Periodic jobs (poll closing, note scoring, ...) run inside each server process unless
    # this is off; then run `townsquare worker` beside the web processes.
    run_jobs: bool = True
    job_poll_seconds: float = 5.0

    # Community notes: who may write and rate (account age, days without a rule violation),
    # and how often the scorer re-fits the model (the reference re-scores hourly).
    notes_min_account_age_days: int = 7
    notes_violation_free_days: int = 30
    notes_scoring_interval_seconds: float = 3600.0
    # Accounts labelled suspected-automated, or with a post labelled coordinated, may neither
    # write nor rate community notes (townsquare.integrity.hooks).
    notes_require_no_integrity_label: bool = True

    # State-affiliated media: the data file of accounts, their affiliation and cited source
    # (unset: the file shipped in townsquare/integrity/state_media.toml). Its labels are
    # reconciled at startup (unless this is off) and by `townsquare integrity state-media sync`.
    state_media_file: Path | None = None
    state_media_sync_at_startup: bool = True

    # Polls (published in /api/v2/instance): options per poll, characters per option, and the
    # shortest and longest duration in seconds. "Established" voters in the integrity view are
    # accounts created at least this many days before the poll opened.
    poll_max_options: int = 4
    poll_max_characters_per_option: int = 50
    poll_min_expiration: int = 300
    poll_max_expiration: int = 30 * 86_400
    poll_established_account_days: int = 30
    poll_close_interval_seconds: float = 15.0
    # Logged-out reads of a public poll are answered from memory for this long (0: never).
    poll_anonymous_cache_seconds: float = 1.0

    # Tip jar: accept Dogecoin and Bitcoin testnet addresses (for trying it out; off in
    # production, where a testnet address would only lose the tipper's coins).
    tips_allow_testnet: bool = False

    # Integrity detectors (issue 7): the scan reads this many days of recent activity and
    # runs every ``integrity_scan_interval_seconds``. The thresholds below are published in
    # /api/townsquare/v1/integrity; unset, each keeps the detector's own published default.
    integrity_window_days: float = 14.0
    integrity_scan_interval_seconds: float = 3600.0
    integrity_automation_threshold: float | None = None
    integrity_min_accounts: int | None = None  # K: accounts in a campaign, at least
    integrity_window_minutes: float | None = None  # T: a campaign's posts fall within T minutes
    integrity_similarity_threshold: float | None = None  # near-duplicate Jaccard similarity

    access_token_lifetime_days: int = 0  # 0: tokens never expire, as in Mastodon
    db_pool_size: int = 10
    # PostgreSQL: how it plans the statements asyncpg prepares (see docs/performance.md).
    # Generic plans skip planning on every run; the hot statements are written to be safe
    # under them. "auto" gives PostgreSQL the choice back.
    pg_plan_cache_mode: Literal["auto", "force_generic_plan", "force_custom_plan"] = (
        "force_generic_plan"
    )
    # The id node numbers (``townsquare.ids``) this machine's processes draw from, "first-last"
    # within 0-63. Machines sharing one database each need a range of their own.
    id_nodes: str = "0-63"

    @field_validator("id_nodes")
    @classmethod
    def _check_id_nodes(cls, value: str) -> str:
        first, _, last = value.partition("-")
        if not (first.isdigit() and last.isdigit() and 0 <= int(first) <= int(last) <= 63):
            raise ValueError('TOWNSQUARE_ID_NODES must be "first-last" within 0-63, e.g. "0-31"')
        return value

    @property
    def id_node_range(self) -> range:
        first, _, last = self.id_nodes.partition("-")
        return range(int(first), int(last) + 1)

    @cached_property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy async URL: the configured one, or SQLite in the data folder."""
        url = self.database_url
        if not url:
            return f"sqlite+aiosqlite:///{(self.data_dir / 'townsquare.db').resolve()}"
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+asyncpg://" + url[len("postgresql://") :]
        if url.startswith("sqlite:///"):
            url = "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
        return url

    def model_post_init(self, _context: object) -> None:
        if not self.secret_key:
            self.secret_key = _stored_secret(self.data_dir / "secret.key")

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.domain}"

    @property
    def rate_limits_enabled(self) -> bool:
        return self.rate_limits.lower() not in {"off", "0", "false", "no"}
