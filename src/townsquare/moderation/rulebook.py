"""The policy as code: rules (with legal basis and allowed actions) and label definitions,
both read from the published rules file (``instance/rules.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from townsquare.instance.rules import RULES_FILE, Rule, load_rules
from townsquare.kit.errors import Unprocessable

ACTIONS = ("remove", "label", "suspend")
SEVERITIES = ("inform", "alert")
SETTINGS = ("hide", "warn", "show")


@dataclass(frozen=True)
class PolicyRule:
    """A rule as moderation uses it: what it says, what law it rests on, what it allows."""

    id: str
    text: str
    hint: str
    legal_basis: str
    actions: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "hint": self.hint,
            "legal_basis": self.legal_basis,
            "actions": list(self.actions),
        }


@dataclass(frozen=True)
class LabelDefinition:
    """A label readers can act on: its severity, default setting and who may apply it."""

    value: str
    severity: str
    default: str
    applied_by: tuple[str, ...]
    description: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "severity": self.severity,
            "default_setting": self.default,
            "applied_by": list(self.applied_by),
            "description": self.description,
        }


def _policy_rule(rule: Rule) -> PolicyRule:
    actions = rule.extra.get("actions", [])
    return PolicyRule(
        id=rule.id,
        text=rule.text,
        hint=rule.hint,
        legal_basis=str(rule.extra.get("legal_basis", "")),
        actions=tuple(a for a in actions if a in ACTIONS) if isinstance(actions, list) else (),
    )


def rules(path: Path = RULES_FILE) -> list[PolicyRule]:
    """Every published rule, in the file's order."""
    return [_policy_rule(rule) for rule in load_rules(path)]


def _label_definition(entry: dict[str, Any]) -> LabelDefinition | None:
    value = entry.get("value")
    severity = entry.get("severity", "inform")
    default = entry.get("default", "show")
    if not isinstance(value, str) or severity not in SEVERITIES or default not in SETTINGS:
        return None
    applied_by = entry.get("applied_by", ["moderator"])
    return LabelDefinition(
        value,
        severity,
        default,
        tuple(str(a) for a in applied_by),
        str(entry.get("description", "")),
    )


@lru_cache(maxsize=4)
def _file_labels(path: Path) -> tuple[LabelDefinition, ...]:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    found = (_label_definition(e) for e in document.get("labels", []) if isinstance(e, dict))
    return tuple(d for d in found if d is not None)


_registered: dict[str, LabelDefinition] = {}


def register_label(definition: LabelDefinition) -> None:
    """Let a detector package (integrity) define its own label without editing the file."""
    _registered[definition.value] = definition
    _labels.cache_clear()


def labels(path: Path = RULES_FILE) -> dict[str, LabelDefinition]:
    """Every label definition by value: the file's, then any registered in code (read-only:
    every rendered page with a label asks, so it is built once)."""
    return _labels(path)


@lru_cache(maxsize=4)
def _labels(path: Path) -> dict[str, LabelDefinition]:
    return {**{d.value: d for d in _file_labels(path)}, **_registered}


def rule_for(rule_id: str | None, action: str) -> PolicyRule:
    """The rule an action cites, if it allows that action; 422 otherwise."""
    if not rule_id:
        raise Unprocessable("An action must cite a published rule (rule_id)")
    found = {rule.id: rule for rule in rules()}.get(rule_id)
    if found is None:
        raise Unprocessable(f"There is no published rule {rule_id!r}")
    if action not in found.actions:
        allowed = ", ".join(found.actions) or "nothing"
        raise Unprocessable(f"Rule {rule_id} does not allow {action} (it allows: {allowed})")
    return found


def label_for(value: str | None, applier: str) -> LabelDefinition:
    """The label definition ``applier`` (moderator or a detector) may apply; 422 otherwise."""
    definition = labels().get(value or "")
    if definition is None:
        raise Unprocessable(f"There is no label definition {value!r}")
    if applier not in definition.applied_by:
        raise Unprocessable(f"The label {value} cannot be applied by {applier}")
    return definition
