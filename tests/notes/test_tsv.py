"""``townsquare notes score-tsv`` on small files in the public download format."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from townsquare.cli import cli
from townsquare.notes import synthetic

# The public headers (download-data.md), abridged in the middle; the scorer needs few of them.
NOTES_HEADER = [
    "noteId", "noteAuthorParticipantId", "createdAtMillis", "tweetId", "classification",
    "believable", "harmful", "validationDifficulty", "misleadingOther", "misleadingFactualError",
    "trustworthySources", "summary", "isMediaNote", "isCollaborativeNote",
]  # fmt: skip
RATINGS_HEADER = [
    "noteId", "raterParticipantId", "createdAtMillis", "version", "agree", "disagree",
    "helpful", "notHelpful", "helpfulnessLevel", "helpfulOther", "helpfulClear",
    "notHelpfulIncorrect", "ratedOnTweetId", "ratingSourceBucketed", "suggestion",
]  # fmt: skip
LEVEL = {1.0: "HELPFUL", 0.5: "SOMEWHAT_HELPFUL", 0.0: "NOT_HELPFUL"}
NOTE_BASE = 1_400_000_000_000_000_000  # real note ids are this large


def write_tsv(path: Path, header: list[str], rows: list[dict[str, object]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def community_files(tmp_path: Path, community: synthetic.Community, legacy: int = 0):
    """Notes and ratings files; the first ``legacy`` ratings use the 2021 helpful/notHelpful."""
    notes = [
        {"noteId": NOTE_BASE + i, "noteAuthorParticipantId": "A1", "tweetId": 5,
         "classification": "MISINFORMED_OR_POTENTIALLY_MISLEADING", "summary": 'a "quoted" note'}
        for i in range(len(community.note_kinds))
    ]  # fmt: skip
    ratings = []
    for k, (rater, note, value) in enumerate(
        zip(community.rating_raters, community.rating_notes, community.values, strict=True)
    ):
        row: dict[str, object] = {
            "noteId": NOTE_BASE + int(note), "raterParticipantId": f"R{rater:04X}",
            "version": 2, "suggestion": "extra text",
        }  # fmt: skip
        if k < legacy and value != 0.5:
            row.update(helpful=int(value == 1.0), notHelpful=int(value == 0.0))
        else:
            row["helpfulnessLevel"] = LEVEL[float(value)]
        ratings.append(row)
    return (
        write_tsv(tmp_path / "notes-00000.tsv", NOTES_HEADER, notes),
        write_tsv(tmp_path / "ratings-00000.tsv", RATINGS_HEADER, ratings),
    )


def run(notes: Path, ratings: Path, out: Path):
    args = ["notes", "score-tsv", "--notes", str(notes), "--ratings", str(ratings)]
    return CliRunner().invoke(cli, [*args, "--out", str(out)])


def read_out(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_scores_public_files_one_row_per_note(tmp_path: Path) -> None:
    community = synthetic.generate(raters=400, notes=150, ratings=15_000, seed=2)
    notes, ratings = community_files(tmp_path, community, legacy=2000)
    out = tmp_path / "scored.tsv"

    result = run(notes, ratings, out)

    assert result.exit_code == 0, result.output
    assert "wrote 150 notes" in result.output
    rows = read_out(out)
    assert list(rows[0]) == ["noteId", "noteIntercept", "noteFactor", "ratingsCount", "status"]
    assert [int(r["noteId"]) for r in rows] == [NOTE_BASE + i for i in range(150)]
    expected = {
        "good_neutral": {"CURRENTLY_RATED_HELPFUL"},
        "good_one_sided": {"NEEDS_MORE_RATINGS", "CURRENTLY_RATED_NOT_HELPFUL"},
        "bad": {"CURRENTLY_RATED_NOT_HELPFUL"},
    }
    for i, row in enumerate(rows):
        assert row["status"] in expected[community.kind(i)], (i, row)
        assert int(row["ratingsCount"]) == int((community.rating_notes == i).sum())
        float(row["noteIntercept"]), float(row["noteFactor"])


def test_notes_without_enough_ratings_have_no_score(tmp_path: Path) -> None:
    notes = write_tsv(tmp_path / "n.tsv", ["noteId", "classification"], [
        {"noteId": 1, "classification": "NOT_MISLEADING"},
        {"noteId": 2, "classification": "NOT_MISLEADING"},
    ])  # fmt: skip
    ratings = write_tsv(tmp_path / "r.tsv", ["noteId", "participantId", "helpfulnessLevel"], [
        {"noteId": 1, "participantId": "X", "helpfulnessLevel": "HELPFUL"},
    ])  # fmt: skip
    result = run(notes, ratings, tmp_path / "o.tsv")
    assert result.exit_code == 0, result.output
    assert read_out(tmp_path / "o.tsv") == [
        {"noteId": "1", "noteIntercept": "", "noteFactor": "", "ratingsCount": "1",
         "status": "NEEDS_MORE_RATINGS"},
        {"noteId": "2", "noteIntercept": "", "noteFactor": "", "ratingsCount": "0",
         "status": "NEEDS_MORE_RATINGS"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("which", "header", "message"),
    [
        ("notes", ["noteId", "summary"], "n.tsv: missing required column classification"),
        ("ratings", ["noteId", "helpfulnessLevel"],
         "r.tsv: missing required column raterParticipantId (or participantId)"),
        ("ratings", ["noteId", "raterParticipantId", "helpful"],
         "r.tsv: missing required column helpfulnessLevel (or the older helpful and notHelpful)"),
    ],
)  # fmt: skip
def test_a_missing_required_column_is_named(tmp_path: Path, which, header, message) -> None:
    good_notes = write_tsv(tmp_path / "n.tsv", ["noteId", "classification"], [])
    good_ratings = write_tsv(
        tmp_path / "r.tsv", ["noteId", "raterParticipantId", "helpfulnessLevel"], []
    )
    broken = write_tsv(tmp_path / f"{which[0]}.tsv", header, [])
    notes, ratings = (broken, good_ratings) if which == "notes" else (good_notes, broken)

    result = run(notes, ratings, tmp_path / "o.tsv")

    assert result.exit_code == 2
    assert f"error: {message}" in result.output
    assert not (tmp_path / "o.tsv").exists()
