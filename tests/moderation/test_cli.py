"""``townsquare moderation ...`` and ``townsquare log verify`` against a real database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_cli import townsquare


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    assert townsquare(tmp_path, "migrate").returncode == 0
    return tmp_path


def _user(data_dir: Path, name: str, role: str = "user") -> str:
    made = townsquare(data_dir, "create-user", name, "--email", f"{name}@example.test",
                      "--password", "correct horse battery", "--role", role)  # fmt: skip
    assert made.returncode == 0, made.stderr
    found = re.search(r"id (\d+)", made.stdout)
    assert found is not None
    return found.group(1)


def test_act_reverse_and_verify_from_the_shell(data_dir: Path) -> None:
    _user(data_dir, "mod", "moderator")
    alice = _user(data_dir, "alice")
    assert townsquare(data_dir, "moderation", "queue", "--as", "mod").stdout == ""
    refused = townsquare(data_dir, "moderation", "queue", "--as", "alice")
    assert refused.returncode == 1
    assert "refused: This action is reserved to moderators" in refused.stderr
    wrong = townsquare(data_dir, "moderation", "act", "suspend", "--account", alice,
                       "--rule", "4", "--reason", "bot", "--as", "mod")  # fmt: skip
    assert wrong.returncode == 1
    assert "refused: Rule 4 does not allow suspend (it allows: label)" in wrong.stderr
    acted = townsquare(data_dir, "moderation", "act", "suspend", "--account", alice,
                       "--rule", "2", "--reason", "harassment", "--as", "mod")  # fmt: skip
    assert acted.returncode == 0, acted.stderr
    action_id = re.search(r"action (\d+)", acted.stdout)
    assert action_id is not None
    reversed_ = townsquare(data_dir, "moderation", "reverse", action_id.group(1),
                           "--reason", "mistaken identity", "--as", "mod")  # fmt: skip
    assert reversed_.returncode == 0, reversed_.stderr
    verified = townsquare(data_dir, "log", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "ok: 2 entries, the chain is intact" in verified.stdout
