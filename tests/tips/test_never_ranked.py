"""Tip data is never an input to ranking: the manifest says so and no stage declares it.

The SQL every stage really issues is checked in ``tests/feeds/test_never_reads.py``, whose
forbidden names include the tip tables and ``accounts.tip_jar_fields``.
"""

from __future__ import annotations

from townsquare.feeds.manifest import NEVER_READS, reads
from townsquare.feeds.registry import BUILT_IN
from townsquare.models import TipJarAddress, TipJarChange

TIP_TABLES = {TipJarAddress.__tablename__, TipJarChange.__tablename__}


def test_the_manifest_states_that_ranking_never_reads_tips() -> None:
    assert set(NEVER_READS) >= TIP_TABLES
    assert "accounts (tip_jar_fields)" in NEVER_READS


def test_no_stage_declares_a_read_of_tip_data() -> None:
    declared = reads(BUILT_IN.values())
    assert declared  # the stages do declare what they read
    assert not TIP_TABLES & set(declared)
    assert "tip_jar_fields" not in declared.get("accounts", [])
