"""Matching statuses against a reader's active filters (pure: no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from townsquare.models import Filter, FilterKeyword


def keyword_pattern(keyword: str, whole_word: bool) -> str:
    """A keyword as a regular expression; whole words are bounded where the keyword
    starts or ends with a word character (so ``#tag`` and ``c++`` still match)."""
    escaped = re.escape(keyword)
    if not whole_word:
        return escaped
    start = r"\b" if re.match(r"\w", keyword) else ""
    end = r"\b" if re.search(r"\w$", keyword) else ""
    return f"{start}{escaped}{end}"


@dataclass
class ActiveFilter:
    """One active filter with its keywords compiled into a single expression."""

    filter: Filter
    names_statuses: bool = False
    keywords: list[FilterKeyword] = field(default_factory=list)
    pattern: re.Pattern[str] | None = None
    singles: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)

    def compile(self) -> ActiveFilter:
        parts = [keyword_pattern(k.keyword, k.whole_word) for k in self.keywords]
        if parts:
            self.pattern = re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)
        return self

    def keyword_matches(self, text: str) -> list[str]:
        """The keywords the text contains (empty when none)."""
        if self.pattern is None or not self.pattern.search(text):
            return []
        if not self.singles:
            self.singles = [
                (k.keyword, re.compile(keyword_pattern(k.keyword, k.whole_word), re.IGNORECASE))
                for k in self.keywords
            ]
        return [keyword for keyword, single in self.singles if single.search(text)]


def active_in_context(
    rows: list[tuple[Filter, FilterKeyword | None, bool]], context: str
) -> list[ActiveFilter]:
    """Group (filter, keyword, names statuses) rows into the filters for ``context``."""
    grouped: dict[int, ActiveFilter] = {}
    for row_filter, keyword, names_statuses in rows:
        if context not in (row_filter.contexts or []):
            continue
        active = grouped.setdefault(row_filter.id, ActiveFilter(row_filter, names_statuses))
        if keyword is not None:
            active.keywords.append(keyword)
    return [active.compile() for active in grouped.values()]
