"""State-affiliated media: a published data file of accounts, each with its affiliation and
a cited source, reconciled into public ``state-affiliated`` account labels."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repo
from townsquare.models import Account, Label
from townsquare.moderation.rulebook import LabelDefinition
from townsquare.settings import Settings

LABEL = "state-affiliated"
APPLIER = "integrity.state_media"
SHIPPED_FILE = Path(__file__).with_name("state_media.toml")
DEFINITION = LabelDefinition(
    value=LABEL,
    severity="inform",
    default="show",
    applied_by=(APPLIER,),
    description=(
        "Media whose editorial line a state controls or finances, according to the public "
        "record cited in the label's evidence (the published state-media data file)."
    ),
)
REQUIRED = ("acct", "affiliation", "country")


class StateMediaFileError(ValueError):
    """The data file cannot be read or an entry lacks what it must say."""


@dataclass(frozen=True)
class Entry:
    """One listed account: who, which affiliation, which country, and the cited record."""

    acct: str
    affiliation: str
    country: str
    source_url: str
    source_title: str

    def evidence(self) -> dict[str, Any]:
        return {
            "acct": self.acct,
            "affiliation": self.affiliation,
            "country": self.country,
            "source": {"url": self.source_url, "title": self.source_title},
        }


def file_path(settings: Settings) -> Path:
    return settings.state_media_file or SHIPPED_FILE


def _entry(position: int, raw: Any) -> Entry:
    where = f"entry {position}"
    if not isinstance(raw, dict):
        raise StateMediaFileError(f"{where} is not a table")
    for key in REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise StateMediaFileError(f"{where} has no {key}")
    source = raw.get("source")
    url = source.get("url") if isinstance(source, dict) else None
    title = source.get("title") if isinstance(source, dict) else None
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise StateMediaFileError(f"{where} ({raw['acct']}) has no source.url (http or https)")
    if not isinstance(title, str) or not title.strip():
        raise StateMediaFileError(f"{where} ({raw['acct']}) has no source.title")
    return Entry(
        raw["acct"].strip().lstrip("@"),
        raw["affiliation"].strip(),
        raw["country"].strip(),
        url,
        title.strip(),
    )


def load_entries(path: Path) -> list[Entry]:
    """Every entry of the data file, validated; the first problem found is an error."""
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise StateMediaFileError(f"cannot read {path}: {error}") from error
    raw = document.get("accounts", [])
    if not isinstance(raw, list):
        raise StateMediaFileError(f"{path}: accounts must be a list of [[accounts]] tables")
    entries = [_entry(i + 1, item) for i, item in enumerate(raw)]
    seen: set[str] = set()
    for entry in entries:
        if entry.acct.lower() in seen:
            raise StateMediaFileError(f"{entry.acct} is listed twice")
        seen.add(entry.acct.lower())
    return entries


@dataclass
class SyncReport:
    """What a reconciliation changed, by acct."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.added)} labelled, {len(self.changed)} updated, "
            f"{len(self.removed)} lifted, {len(self.unmatched)} listed accounts not on this server"
        )


# Local usernames the data file lists, as of the last sync: reserved from public sign-up, so
# that nobody can register a listed outlet's handle and borrow (or be smeared by) its label.
_listed: set[str] = set()


def reserved_for_listed_outlet(username: str) -> str | None:
    """Public sign-up rule: a username the data file lists is for an administrator to create."""
    if username.lower() in _listed:
        return (
            "is reserved: it is listed as a state-affiliated outlet "
            "(an administrator creates this account)"
        )
    return None


async def _listed_accounts(
    session: AsyncSession, settings: Settings, entries: list[Entry], report: SyncReport
) -> dict[int, tuple[Account, Entry]]:
    local: dict[str, Entry] = {}
    for entry in entries:
        username, _, domain = entry.acct.partition("@")
        if domain and domain.lower() != settings.domain.lower():
            report.unmatched.append(entry.acct)
        else:
            local[username.lower()] = entry
    _listed.clear()
    _listed.update(local)
    found = await accounts_repo.by_usernames(session, local)
    report.unmatched.extend(e.acct for name, e in local.items() if name not in found)
    return {found[name].id: (found[name], e) for name, e in local.items() if name in found}


async def _current_labels(session: AsyncSession) -> dict[int, Label]:
    rows = await session.execute(
        select(Label).where(
            Label.target_type == "account", Label.value == LABEL, Label.applied_by == APPLIER
        )
    )
    return {label.target_id: label for label in rows.scalars()}


async def sync(session: AsyncSession, settings: Settings) -> SyncReport:
    """Make the labels match the data file: label listed accounts (evidence: the entry),
    update changed entries, lift the labels of entries that left the file."""
    entries = load_entries(file_path(settings))
    report = SyncReport()
    wanted = await _listed_accounts(session, settings, entries, report)
    current = await _current_labels(session)
    await _lift(session, {i: x for i, x in current.items() if i not in wanted}, report)
    for account_id, (account, entry) in wanted.items():
        evidence = entry.evidence()
        existing = current.get(account_id)
        if existing is None:
            session.add(Label(target_type="account", target_id=account_id, value=LABEL,
                              applied_by=APPLIER, evidence=evidence))  # fmt: skip
            report.added.append(entry.acct)
        elif existing.evidence != evidence:
            existing.evidence = evidence
            report.changed.append(entry.acct)
        if account.state_affiliation != evidence:
            account.state_affiliation = evidence
    await session.flush()
    return report


async def _lift(session: AsyncSession, lifted: dict[int, Label], report: SyncReport) -> None:
    """Remove the labels of accounts no longer listed, and their profile's affiliation."""
    for account_id, label in lifted.items():
        await session.delete(label)
        report.removed.append(str((label.evidence or {}).get("acct", account_id)))
    for account in (await accounts_repo.get_many(session, lifted)).values():
        account.state_affiliation = None


def affiliation_attribute(account: Account, _settings: Settings) -> dict[str, Any]:
    """The Account entity's ``state_affiliation``: the entry's evidence, or ``None``."""
    return {"state_affiliation": account.state_affiliation}
