"""The published rules, read from ``rules.toml`` beside this file.

The reader keeps the keys it knows (``id``, ``text``, ``hint``) and carries any others in
``extra`` untouched, so that the file can grow (legal basis, allowed actions) without
breaking this reader.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("rules.toml")


@dataclass(frozen=True)
class Rule:
    """One published rule."""

    id: str
    text: str
    hint: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def parse_rules(document: dict[str, Any]) -> list[Rule]:
    """Rules from a parsed TOML document; entries without an id or a text are skipped."""
    rules = []
    for entry in document.get("rules", []):
        if not isinstance(entry, dict) or "id" not in entry or not entry.get("text"):
            continue
        extra = {k: v for k, v in entry.items() if k not in {"id", "text", "hint"}}
        rules.append(Rule(str(entry["id"]), str(entry["text"]), str(entry.get("hint", "")), extra))
    return rules


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """The rules in ``path`` (read once per process)."""
    with path.open("rb") as handle:
        return tuple(parse_rules(tomllib.load(handle)))
