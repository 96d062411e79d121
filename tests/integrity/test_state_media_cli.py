"""``townsquare integrity state-media sync`` from the shell (SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integrity.labelling import entry_toml, write_state_media
from tests.test_cli import query, townsquare


def test_sync_from_the_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert townsquare(tmp_path, "migrate").returncode == 0
    made = townsquare(tmp_path, "create-user", "statenews", "--email", "s@example.test",
                      "--password", "correct horse battery")  # fmt: skip
    assert made.returncode == 0, made.stderr
    data = write_state_media(tmp_path / "s.toml", entry_toml("statenews", "Ruritania state media"))
    monkeypatch.setenv("TOWNSQUARE_STATE_MEDIA_FILE", str(data))
    synced = townsquare(tmp_path, "integrity", "state-media", "sync")
    assert synced.returncode == 0, synced.stderr
    assert "1 labelled, 0 updated, 0 lifted, 0 listed accounts not on this server" in synced.stdout
    assert "labelled: statenews" in synced.stdout
    assert query(tmp_path, "SELECT value, applied_by FROM labels") == [
        ("state-affiliated", "integrity.state_media")
    ]
    write_state_media(data)
    lifted = townsquare(tmp_path, "integrity", "state-media", "sync")
    assert "lifted: statenews" in lifted.stdout
    assert query(tmp_path, "SELECT value FROM labels") == []
    data.write_text("not toml [")
    broken = townsquare(tmp_path, "integrity", "state-media", "sync")
    assert broken.returncode == 1
    assert "cannot sync: cannot read" in broken.stderr
