"""A search query split into terms, written out for SQLite FTS5 or PostgreSQL.

Both databases get the same interpretation: every word or ``"quoted phrase"`` must occur,
and ``-word`` / ``-"phrase"`` must not. Each term is quoted before it reaches the
database, so that no input can be a syntax error there (FTS5 ``AND``/``NEAR``, tsquery
``OR`` are treated as words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 20
MAX_TERM_LENGTH = 100
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_WORD_CHAR = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class SearchTerms:
    """Words and phrases that must, and must not, occur."""

    required: tuple[str, ...]
    excluded: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """No required term: nothing can match (a query of only exclusions finds nothing)."""
        return not self.required

    def fts5(self) -> str:
        """The FTS5 ``MATCH`` expression."""
        expression = "(" + " AND ".join(_quoted(t) for t in self.required) + ")"
        for term in self.excluded:
            expression += f" NOT {_quoted(term)}"
        return expression

    def websearch(self) -> str:
        """The text for PostgreSQL's ``websearch_to_tsquery``."""
        parts = [_quoted(t) for t in self.required]
        parts += [f"-{_quoted(t)}" for t in self.excluded]
        return " ".join(parts)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', " ") + '"'


def parse_terms(query: str) -> SearchTerms:
    """Split ``query`` into terms; terms without any letter or digit are dropped."""
    required: list[str] = []
    excluded: list[str] = []
    for match in _TOKEN.finditer(query):
        negated = bool(match.group(1) or match.group(3))
        term = (match.group(2) if match.group(2) is not None else match.group(4)).strip()
        term = term.replace('"', " ")[:MAX_TERM_LENGTH]
        if not _WORD_CHAR.search(term):
            continue
        (excluded if negated else required).append(term)
        if len(required) + len(excluded) >= MAX_TERMS:
            break
    return SearchTerms(tuple(required), tuple(excluded))
