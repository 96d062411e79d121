"""The published vocabulary and constants of Community Notes, with where each comes from.

Sources (twitter/communitynotes): ``documentation/under-the-hood/ranking-notes.md`` for the
model and the status thresholds, ``scoring/src/scoring/mf_base_scorer.py`` for the
minimum-rating filters, ``matrix_factorization/matrix_factorization.py`` for the exact
regularisation (means of squared parameters), ``documentation/under-the-hood/download-data.md``
for the reasons and tags. docs/community-notes.md lists them with their sources.
"""

from __future__ import annotations

MISLEADING = "misinformed_or_potentially_misleading"
NOT_MISLEADING = "not_misleading"
CLASSIFICATIONS = (MISLEADING, NOT_MISLEADING)

# "Why do you believe this post may be misleading?" / "... is not misleading?" (the
# writing form's checkboxes, public columns misleading* / notMisleading*).
MISLEADING_REASONS = (
    "other",
    "factual_error",
    "manipulated_media",
    "outdated_information",
    "missing_important_context",
    "unverified_claim_as_fact",
    "satire",
)
NOT_MISLEADING_REASONS = (
    "other",
    "factually_correct",
    "outdated_but_not_when_written",
    "clearly_satire",
    "personal_opinion",
)
REASONS = {MISLEADING: MISLEADING_REASONS, NOT_MISLEADING: NOT_MISLEADING_REASONS}

HELPFUL = "helpful"
SOMEWHAT_HELPFUL = "somewhat_helpful"
NOT_HELPFUL = "not_helpful"
# The published helpful-score mapping: Yes 1.0, Somewhat 0.5, No 0.0.
HELPFULNESS_VALUES = {HELPFUL: 1.0, SOMEWHAT_HELPFUL: 0.5, NOT_HELPFUL: 0.0}

# The rating form's current tags (public columns helpful* / notHelpful*, deprecated ones left
# out). "Somewhat helpful" may carry both kinds, as in the reference form.
HELPFUL_TAGS = (
    "other",
    "clear",
    "good_sources",
    "addresses_claim",
    "important_context",
    "unbiased_language",
)
NOT_HELPFUL_TAGS = (
    "other",
    "incorrect",
    "sources_missing_or_unreliable",
    "missing_key_points",
    "hard_to_understand",
    "argumentative_or_biased",
    "spam_harassment_or_abuse",
    "irrelevant_sources",
    "opinion_speculation",
    "note_not_needed",
)

# Note statuses (the reference's CURRENTLY_RATED_HELPFUL, ..._NOT_HELPFUL, NEEDS_MORE_RATINGS).
STATUS_HELPFUL = "helpful"
STATUS_NOT_HELPFUL = "not_helpful"
STATUS_NEEDS_MORE_RATINGS = "needs_more_ratings"
STATUSES = (STATUS_HELPFUL, STATUS_NOT_HELPFUL, STATUS_NEEDS_MORE_RATINGS)

# The model and its thresholds.
INTERCEPT_LAMBDA = 0.15  # λ_i, on μ, i_u and i_n (5 x the factor λ)
FACTOR_LAMBDA = 0.03  # λ_f, on f_u and f_n
MIN_RATINGS_PER_RATER = 10  # raters with fewer ratings are left out of the fit
MIN_RATINGS_PER_NOTE = 5  # notes with fewer ratings are left out (and need more ratings)
HELPFUL_INTERCEPT = 0.40  # helpful when i_n >= 0.40 ...
HELPFUL_MAX_FACTOR = 0.50  # ... and |f_n| < 0.50
NOT_HELPFUL_INTERCEPT = -0.05  # not helpful when i_n < -0.05 - 0.8 |f_n|
NOT_HELPFUL_FACTOR_SLOPE = 0.8

NOTE_MAX_CHARACTERS = 280
MAX_SOURCES = 10
