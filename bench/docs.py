"""docs/benchmarks.md is shared by every benchmark: each one owns a marked section of it.

A section sits between ``<!-- name:start -->`` and ``<!-- name:end -->``; rewriting one
section leaves the others (the core run, feeds, polls, notes, ...) as they were.
"""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
TITLE = "# Benchmarks\n\nEach section below is written by the benchmark named in it; rerun that "
TITLE += "benchmark to refresh its section (`make bench` runs them all).\n"


def write_section(name: str, markdown: str, path: Path = DOCS) -> Path:
    """Replace (or append) the section ``name`` of the benchmarks page with ``markdown``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = path.read_text() if path.exists() else TITLE
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
