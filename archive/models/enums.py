"""Enumerations of the catalogue: every status is one of these, never free text."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


class Visibility(enum.StrEnum):
    """Who may see a replay."""

    PUBLIC = "public"  #: listed everywhere
    UNLISTED = "unlisted"  #: reachable by its link only
    PRIVATE = "private"  #: signed-in users with rights only


class ReplayStatus(enum.StrEnum):
    """Where a replay is in its life."""

    DRAFT = "draft"  #: metadata only, no recording yet
    PROCESSING = "processing"  #: a recording is being processed
    PUBLISHED = "published"  #: media are ready and served
    FAILED = "failed"  #: the last processing failed; nothing new was published


class JobState(enum.StrEnum):
    """The state of a processing job (``archive.models.jobs.ALLOWED_TRANSITIONS`` lists the moves)."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class JobKind(enum.StrEnum):
    """What a job does, and so which worker task runs it."""

    PROCESS = "process"  #: transcode a recording and publish the replay
    HIGHLIGHT = "highlight"  #: cut a range of a published replay into a new replay's original
    TRANSCRIBE = "transcribe"  #: speech to text: an automatic transcript track
    #: one part of a long recording's processing: a range of its video, or its whole audio
    CHUNK = "chunk"
    ASSEMBLE = "assemble"  #: join a long recording's parts, then publish like PROCESS


class TranscriptOrigin(enum.StrEnum):
    """Where a transcript track comes from."""

    UPLOADED = "uploaded"  #: a file an editor or the import gave
    AUTOMATIC = "automatic"  #: made by speech to text, not reviewed
    EDITED = "edited"  #: an automatic track an editor corrected


class SessionType(enum.StrEnum):
    """The kind of conference session a replay records."""

    KEYNOTE = "keynote"
    MASTERCLASS = "masterclass"
    ROUND_TABLE = "round_table"
    TALK = "talk"
    INTERVIEW = "interview"
    OTHER = "other"


class Role(enum.StrEnum):
    """What a signed-in user may do."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


class MediaKind(enum.StrEnum):
    """Whether a replay has pictures."""

    VIDEO = "video"
    AUDIO = "audio"


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """A portable column type storing the enum's values as short strings with a CHECK."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda cls: [member.value for member in cls],
        name=enum_cls.__name__.lower(),
    )
