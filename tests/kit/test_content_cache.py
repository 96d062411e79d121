"""ContentCache and row_content: a key that changes with every column of a row."""

from __future__ import annotations

from datetime import UTC, datetime

from townsquare.kit.content_cache import ContentCache, row_content
from townsquare.kit.prepared import as_models, columns_of
from townsquare.models import Account


def _account(**changes: object) -> Account:
    values = {c.name: None for c in columns_of(Account)}
    values.update(id=1, username="alice", username_lower="alice", display_name="", note="",
                  note_html="", fields=[], locked=False, bot=False, discoverable=True,
                  indexable=True, hide_collections=False, role="user", followers_count=0,
                  following_count=0, statuses_count=0,
                  created_at=datetime(2026, 1, 1, tzinfo=UTC),
                  updated_at=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    values.update(changes)
    return as_models(Account, [[values[c.name] for c in columns_of(Account)]])[0]


def test_every_column_including_json_changes_the_key() -> None:
    plain = row_content(_account())
    assert plain is not None
    assert hash(plain) == hash(row_content(_account()))
    for changed in (
        _account(display_name="Alice"),
        _account(followers_count=1),
        _account(fields=[{"name": "site", "value": "a"}]),
        _account(state_affiliation={"outlet": "x"}),
        _account(suspended_at=datetime(2026, 2, 1, tzinfo=UTC)),
    ):
        assert row_content(changed) != plain


def test_an_attribute_that_is_not_loaded_gives_no_key() -> None:
    account = _account()
    del account.__dict__["display_name"]  # as an expired attribute is
    assert row_content(account) is None


def test_the_oldest_entries_go_first_past_the_bound() -> None:
    cache: ContentCache[int] = ContentCache(max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 3)  # a key already there takes no room
    cache.put("c", 4)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, 2, 4)
    assert len(cache) == 2
