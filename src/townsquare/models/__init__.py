"""SQLAlchemy models, one file per model family. Importing this module registers them all."""

from townsquare.models.account import Account
from townsquare.models.base import Base
from townsquare.models.feeds import (
    CustomFeed,
    FeedChoice,
    FeedFeedback,
    FeedPostScore,
    FeedSnapshot,
)
from townsquare.models.filters import Filter, FilterKeyword, FilterStatus
from townsquare.models.home_feed import HomeFeedEntry, PendingFanout
from townsquare.models.integrity import Campaign, CampaignAccount, CampaignStatus
from townsquare.models.interaction import Bookmark, ConversationMute, Favourite, StatusPin
from townsquare.models.job_lease import JobLease
from townsquare.models.marker import Marker
from townsquare.models.moderation import (
    Appeal,
    Label,
    LabelPreference,
    LogEntry,
    ModerationAction,
    ModerationWarning,
    Report,
    StatusRemoval,
)
from townsquare.models.note import (
    Note,
    NoteRaterScore,
    NoteRating,
    NoteScoringRun,
    NoteStatusChange,
)
from townsquare.models.notification import Notification
from townsquare.models.oauth import OAuthApp, OAuthCode, OAuthToken
from townsquare.models.poll import Poll, PollBallot, PollOption
from townsquare.models.relation import Block, Follow, FollowRequest, Mute
from townsquare.models.status import IdempotencyKey, Mention, Status, StatusEdit, StatusTag, Tag
from townsquare.models.tips import TipJarAddress, TipJarChange
from townsquare.models.user import User

__all__ = [
    "Account",
    "Appeal",
    "Base",
    "Block",
    "Bookmark",
    "Campaign",
    "CampaignAccount",
    "CampaignStatus",
    "ConversationMute",
    "CustomFeed",
    "Favourite",
    "FeedChoice",
    "FeedFeedback",
    "FeedPostScore",
    "FeedSnapshot",
    "Filter",
    "FilterKeyword",
    "FilterStatus",
    "Follow",
    "FollowRequest",
    "HomeFeedEntry",
    "IdempotencyKey",
    "JobLease",
    "Label",
    "LabelPreference",
    "LogEntry",
    "Marker",
    "Mention",
    "ModerationAction",
    "ModerationWarning",
    "Mute",
    "Note",
    "NoteRaterScore",
    "NoteRating",
    "NoteScoringRun",
    "NoteStatusChange",
    "Notification",
    "OAuthApp",
    "OAuthCode",
    "OAuthToken",
    "PendingFanout",
    "Poll",
    "PollBallot",
    "PollOption",
    "Report",
    "Status",
    "StatusEdit",
    "StatusPin",
    "StatusRemoval",
    "StatusTag",
    "Tag",
    "TipJarAddress",
    "TipJarChange",
    "User",
]
