"""Transcripts and their cues: what was said, when, and by whom."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.extensions import db
from archive.models.enums import TranscriptOrigin, enum_column
from archive.times import utcnow

if TYPE_CHECKING:
    from archive.models.catalogue import Replay, Speaker


class Transcript(db.Model):  # type: ignore[name-defined,misc]
    """One transcript track of a replay: a language's cues, uploaded or made by speech to text.

    A replay has at most one current track per language (the newest row of that language).
    """

    __tablename__ = "transcripts"
    id: Mapped[int] = mapped_column(primary_key=True)
    replay_id: Mapped[str] = mapped_column(ForeignKey("replays.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8), default="fr")
    #: "vtt", "srt" or "text" for uploaded files, "asr" for speech to text
    source_format: Mapped[str] = mapped_column(String(8))
    origin: Mapped[TranscriptOrigin] = mapped_column(
        enum_column(TranscriptOrigin), default=TranscriptOrigin.UPLOADED
    )
    #: an English track the speech-to-text model translated from the spoken language
    machine_translation: Mapped[bool] = mapped_column(default=False)
    #: the speech-to-text model that made an automatic track
    model_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    replay: Mapped[Replay] = relationship(back_populates="transcripts")
    cues: Mapped[list[Cue]] = relationship(
        back_populates="transcript", order_by="Cue.position", cascade="all, delete-orphan"
    )


class Cue(db.Model):  # type: ignore[name-defined,misc]
    """One timed line of a transcript; a search hit is one cue."""

    __tablename__ = "cues"
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(
        ForeignKey("transcripts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float] = mapped_column(Float)
    #: plain text, markup removed
    text: Mapped[str] = mapped_column(Text)
    #: the name as written in the transcript (voice span or prefix)
    speaker_name: Mapped[str | None] = mapped_column(String(200))
    #: words of an automatic track the engine was unsure of: [[first char, end char], ...]
    uncertain: Mapped[list[Any] | None] = mapped_column(JSON)
    #: the replay speaker this name was linked to, if any
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"))

    transcript: Mapped[Transcript] = relationship(back_populates="cues")
    speaker: Mapped[Speaker | None] = relationship()
