"""The catalogue's database models."""

from archive.models.audience import ReplayViewBucket as ReplayViewBucket
from archive.models.audience import ReplayViewDay as ReplayViewDay
from archive.models.audit import AuditEntry as AuditEntry
from archive.models.catalogue import (
    Chapter,
    Event,
    Replay,
    Speaker,
    Theme,
    replay_speakers,
    replay_themes,
)
from archive.models.enums import (
    JobKind,
    JobState,
    MediaKind,
    ReplayStatus,
    Role,
    SessionType,
    TranscriptOrigin,
    Visibility,
)
from archive.models.grants import ReplayGrant as ReplayGrant
from archive.models.jobs import Job
from archive.models.media import Recording, Rendition
from archive.models.search_queries import SearchQueryCount as SearchQueryCount
from archive.models.sign_in import SignInFailures
from archive.models.site_pages import SitePage
from archive.models.tokens import ApiToken
from archive.models.transcripts import Cue, Transcript
from archive.models.users import User
from archive.models.webhooks import WebhookDelivery as WebhookDelivery
from archive.models.webhooks import WebhookEndpoint as WebhookEndpoint

__all__ = [
    "ApiToken",
    "Chapter",
    "Cue",
    "Event",
    "Job",
    "JobKind",
    "JobState",
    "MediaKind",
    "Recording",
    "Rendition",
    "Replay",
    "ReplayStatus",
    "Role",
    "SessionType",
    "SignInFailures",
    "SitePage",
    "Speaker",
    "Theme",
    "Transcript",
    "TranscriptOrigin",
    "User",
    "Visibility",
    "replay_speakers",
    "replay_themes",
]
