"""Integrity detectors benchmark: ``make bench-integrity`` (``python -m bench.integrity``).

1. Generates the synthetic network with ground truth (townsquare.integrity.synthetic) at
   about ``--posts`` posts, runs the automation score and the campaign detectors on it, and
   times them (wall time, posts/s, the process's maximum resident set size).
2. Scores both detectors against the truth: precision, recall and F1 of automation over
   accounts (undeclared bots are the positives), of coordination over accounts (anyone who
   took part in a campaign) and over member posts per campaign kind, and the share of
   organic people either detector names (the false-positive rate on organic accounts).
3. Repeats the scoring on a network from another seed (``--check-seed``, smaller), which
   the thresholds were never looked at against.

Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from collections import defaultdict
from typing import Any

from bench.docs import write_section
from townsquare.integrity.detect import (
    AutomationParams,
    CoordinationParams,
    find_campaigns,
    score_automation,
)
from townsquare.integrity.evaluation import Evaluation, evaluate
from townsquare.integrity.synthetic import Network, SyntheticConfig, generate

POSTS_PER_SCALE = 682_000  # posts of SyntheticConfig(scale=1), measured
TARGET_SECONDS = 300.0
TARGETS = {"coordination F1": 0.9, "automation F1": 0.8}
MAX_ORGANIC_FP = 0.01


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(network: Network) -> dict[str, Any]:
    """Both detectors on ``network``: their output, times and the evaluation."""
    started = time.perf_counter()
    findings = score_automation(network.accounts, network.posts, AutomationParams())
    automation = time.perf_counter() - started
    started = time.perf_counter()
    campaigns = find_campaigns(network.posts, CoordinationParams())
    coordination = time.perf_counter() - started
    return {
        "automation_s": automation,
        "coordination_s": coordination,
        "campaigns": campaigns,
        "evaluation": evaluate(network.truth, findings, campaigns),
    }


def recall_by_level(network: Network, campaigns) -> list[tuple[str, int, int]]:
    """Found member posts / all member posts per campaign kind, paraphrase level and pace."""
    found = {s for c in campaigns for s in c.status_ids}
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for truth in network.truth.campaigns:
        slow = truth.minutes > (15 if truth.kind == "near-duplicate" else 8)
        name = f"{truth.kind}, {truth.level}, {'slow' if slow else 'fast'}"
        rows[name][0] += sum(i in found for i in truth.status_ids)
        rows[name][1] += len(truth.status_ids)
    return [(name, hit, total) for name, (hit, total) in sorted(rows.items())]


def _score_rows(e: Evaluation) -> list[str]:
    rows = []
    for label, s in (
        ("automation (accounts)", e.automation),
        ("coordination (accounts)", e.coordination_accounts),
        ("near-duplicate campaigns (posts)", e.duplicate_posts),
        ("synchronised reblogs (reblog rows)", e.ring_reblogs),
    ):
        rows.append(
            f"| {label} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
            f"{s.true_positives:,} / {s.false_positives:,} / {s.false_negatives:,} |"
        )
    return rows


def report(args, network: Network, result: dict[str, Any], check: dict[str, Any]) -> str:
    """The markdown section of docs/benchmarks.md."""
    e: Evaluation = result["evaluation"]
    scan = result["automation_s"] + result["coordination_s"]
    posts = len(network.posts)
    truth = network.truth
    lines = [
        "## Integrity detectors (`make bench-integrity`)",
        "",
        f"Synthetic network (seed {args.seed}): {posts:,} posts by {len(network.accounts):,} "
        f"accounts over 14 days ({len(truth.organic):,} people, {len(truth.automated)} "
        f"undeclared and {len(truth.declared)} declared bots, {len(truth.campaign_accounts)} "
        f"accounts in {len(truth.campaigns)} campaigns); {platform.machine()}, "
        f"{time.strftime('%Y-%m-%d')}. Targets: coordination F1 >= 0.9, automation F1 >= 0.8, "
        f"organic false positives < 1 %, the scan of 1,000,000 posts <= {TARGET_SECONDS:.0f} s.",
        "",
        "| scan | value |",
        "|---|---|",
        f"| automation score, all accounts | {result['automation_s']:.1f} s |",
        f"| campaigns (near-duplicates + reblog rings) | {result['coordination_s']:.1f} s |",
        f"| whole scan | {scan:.1f} s ({posts / scan:,.0f} posts/s) |",
        f"| process max RSS (generator + detectors) | {result['rss'] / 1e6:,.0f} MB |",
        "",
        "| detector (counted over) | precision | recall | F1 | TP / FP / FN |",
        "|---|---|---|---|---|",
        *_score_rows(e),
        "",
        f"Organic people named: automation {e.automation_organic_fp:.2%}, coordination "
        f"{e.coordination_organic_fp:.2%} of {len(truth.organic):,}.",
        "",
        "| role | flagged as automated / accounts |",
        "|---|---|",
        *(f"| {role} | {hit} / {total} |" for role, (hit, total) in e.flagged_by_role.items()),
        "",
        "| campaign kind, paraphrase level, pace | member posts found / all |",
        "|---|---|",
        *(f"| {name} | {hit:,} / {total:,} |" for name, hit, total in result["by_level"]),
        "",
        f"Another seed ({args.check_seed}, {check['posts']:,} posts), never used to set a "
        "threshold:",
        "",
        "| detector (counted over) | precision | recall | F1 | TP / FP / FN |",
        "|---|---|---|---|---|",
        *_score_rows(check["evaluation"]),
        "",
        f"Organic people named: automation {check['evaluation'].automation_organic_fp:.2%}, "
        f"coordination {check['evaluation'].coordination_organic_fp:.2%}.",
    ]
    return "\n".join(lines)


def met(result: dict[str, Any]) -> bool:
    """Whether one run meets the accuracy targets."""
    e: Evaluation = result["evaluation"]
    return (
        e.coordination_accounts.f1 >= TARGETS["coordination F1"]
        and e.automation.f1 >= TARGETS["automation F1"]
        and max(e.automation_organic_fp, e.coordination_organic_fp) < MAX_ORGANIC_FP
    )


def main(args: argparse.Namespace) -> int:
    scale = args.posts / POSTS_PER_SCALE
    log(f"generating the network (seed {args.seed}, scale {scale:.2f})")
    started = time.perf_counter()
    network = generate(SyntheticConfig(seed=args.seed, scale=scale))
    log(f"  {len(network.posts):,} posts in {time.perf_counter() - started:.0f} s; scanning")
    result = run(network)
    result["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result["by_level"] = recall_by_level(network, result["campaigns"])
    log(f"  automation {result['automation_s']:.1f} s, campaigns {result['coordination_s']:.1f} s")
    log(f"checking on seed {args.check_seed}")
    other = generate(SyntheticConfig(seed=args.check_seed, scale=args.check_scale))
    check = run(other)
    check["posts"] = len(other.posts)
    markdown = report(args, network, result, check)
    print(markdown)
    if args.write_docs:
        write_section("integrity", markdown)
    scan = result["automation_s"] + result["coordination_s"]
    fast = scan * 1_000_000 / len(network.posts) <= TARGET_SECONDS
    ok = met(result) and met(check) and fast
    log("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000, help="about this many posts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check-seed", type=int, default=8)
    parser.add_argument("--check-scale", type=float, default=0.5)
    parser.add_argument("--no-docs", dest="write_docs", action="store_false")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main(parse_args()))
