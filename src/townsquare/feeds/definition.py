"""A feed is data: named stages, and weights and parameters with published ranges."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from townsquare.feeds.stage import CandidateSource, Filter, Hydrator, Scorer, Selector, describe
from townsquare.kit.errors import Unprocessable


@dataclass(frozen=True)
class Setting:
    """A weight or parameter: its default, the range a fork may choose from, what it does."""

    default: float
    minimum: float
    maximum: float
    description: str

    def manifest(self) -> dict[str, Any]:
        return {
            "default": self.default,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "description": self.description,
        }


@dataclass(frozen=True)
class FeedDefinition:
    """A built-in feed: its stages in order, its weights and its parameters."""

    name: str
    title: str
    description: str
    sources: tuple[CandidateSource, ...]
    hydrators: tuple[Hydrator, ...]
    filters: tuple[Filter, ...]
    scorer: Scorer
    selector: Selector
    weights: Mapping[str, Setting] = field(default_factory=dict)
    params: Mapping[str, Setting] = field(default_factory=dict)
    ranked: bool = True  # False: chronological, paged on status ids

    def stages(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "sources": [describe(s) for s in self.sources],
            "hydrators": [describe(h) for h in self.hydrators],
            "filters": [describe(f) for f in self.filters],
            "scorers": [describe(self.scorer)],
            "selectors": [describe(self.selector)],
        }

    def resolve(
        self,
        weights: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        *,
        key: str | None = None,
        title: str | None = None,
        source_hash: str = "",
    ) -> Feed:
        """This feed with some weights and parameters changed (validated), as a ``Feed``."""
        chosen_weights = _validated("weight", self.weights, weights or {})
        chosen_params = _validated("parameter", self.params, params or {})
        return Feed(
            key or self.name, title or self.title, self, chosen_weights, chosen_params, source_hash
        )


def _validated(
    kind: str, settings: Mapping[str, Setting], given: Mapping[str, Any]
) -> dict[str, float]:
    values = {name: setting.default for name, setting in settings.items()}
    for name, raw in given.items():
        setting = settings.get(name)
        if setting is None:
            known = ", ".join(sorted(settings)) or "none"
            raise Unprocessable(f"Validation failed: unknown {kind} {name} (known: {known})")
        if isinstance(raw, bool):
            raise Unprocessable(f"Validation failed: {kind} {name} must be a number")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise Unprocessable(f"Validation failed: {kind} {name} must be a number") from None
        if not setting.minimum <= value <= setting.maximum:
            raise Unprocessable(
                f"Validation failed: {kind} {name} must be between {setting.minimum:g} "
                f"and {setting.maximum:g}"
            )
        values[name] = value
    return values


@dataclass(frozen=True)
class Feed:
    """A feed ready to run: a definition with chosen weights and parameters."""

    key: str
    title: str
    definition: FeedDefinition
    weights: dict[str, float]
    params: dict[str, float]
    source_hash: str

    @property
    def version(self) -> str:
        """SHA-256 of the feed's stages, weights and parameters, and the ranking code's hash."""
        document = {
            "base": self.definition.name,
            "stages": {
                kind: [s["identifier"] for s in stages]
                for kind, stages in self.definition.stages().items()
            },
            "weights": self.weights,
            "params": self.params,
            "code": self.source_hash,
        }
        return hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).hexdigest()

    def document(self) -> dict[str, Any]:
        """What a receipt carries to replay this feed anywhere."""
        return {
            "key": self.key,
            "base": self.definition.name,
            "version": self.version,
            "weights": self.weights,
            "params": self.params,
        }
