"""The messages of every poll rule, worded as Mastodon words them where it has one."""

from __future__ import annotations

ALREADY_VOTED = "Validation failed: You have already voted on this poll"
ENDED = "Validation failed: The poll has already ended"
OWN_POLL = "Validation failed: You cannot vote in your own polls"
NO_CHOICE = "Validation failed: Choices can't be blank"
NOT_AN_INDEX = "Validation failed: Choices must be option indexes (integers from 0)"
NO_SUCH_OPTION = "Validation failed: The chosen vote option does not exist"
DUPLICATE_CHOICES = "Validation failed: Choices contain duplicate items"
ONE_CHOICE = "Validation failed: This poll accepts exactly one choice"
NOT_VOTED = "You have not voted on this poll"
NOT_ENDED = "The tally is published when the poll ends"
UNKNOWN_RECEIPT = "No ballot of this poll has this receipt"
