"""Events, speakers, themes, replays and chapters: what viewers browse."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.extensions import db
from archive.models.enums import MediaKind, ReplayStatus, SessionType, Visibility, enum_column
from archive.times import utcnow

if TYPE_CHECKING:
    from archive.models.jobs import Job
    from archive.models.media import Recording, Rendition
    from archive.models.transcripts import Transcript


def new_replay_id() -> str:
    """An unguessable id, so an unlisted replay is reachable only through its link."""
    return secrets.token_urlsafe(8)


replay_speakers = Table(
    "replay_speakers",
    db.metadata,
    Column("replay_id", ForeignKey("replays.id", ondelete="CASCADE"), primary_key=True),
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)

replay_themes = Table(
    "replay_themes",
    db.metadata,
    Column("replay_id", ForeignKey("replays.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):  # type: ignore[name-defined,misc]
    """One edition of a conference, such as *Les Assises de l'Industrie 2022*."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the URL name, unique
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: the edition's year, used by the search facet
    year: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    #: the last day, for an event of several days
    ends_on: Mapped[date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: storage key of the cover picture, if any
    cover_key: Mapped[str | None] = mapped_column(String(300))

    replays: Mapped[list[Replay]] = relationship(back_populates="event")


class Speaker(db.Model):  # type: ignore[name-defined,misc]
    """A person who speaks in replays."""

    __tablename__ = "speakers"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: job title, e.g. "Ministre délégué chargé de l'Industrie"
    role_title: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    #: storage key of the photo, if any
    photo_key: Mapped[str | None] = mapped_column(String(300))
    bio: Mapped[str] = mapped_column(Text, default="")

    replays: Mapped[list[Replay]] = relationship(
        secondary=replay_speakers, back_populates="speakers"
    )


class Theme(db.Model):  # type: ignore[name-defined,misc]
    """A subject that groups replays across events (energy, skills, AI...)."""

    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    replays: Mapped[list[Replay]] = relationship(secondary=replay_themes, back_populates="themes")


class Replay(db.Model):  # type: ignore[name-defined,misc]
    """A session replay: what a viewer watches and a search hit points into."""

    __tablename__ = "replays"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_replay_id)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    session_type: Mapped[SessionType] = mapped_column(
        enum_column(SessionType), default=SessionType.TALK
    )
    recorded_on: Mapped[date | None] = mapped_column(Date)
    #: ISO 639-1 code of what is spoken: "fr" or "en"
    language: Mapped[str] = mapped_column(String(8), default="fr")
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.PUBLIC
    )
    status: Mapped[ReplayStatus] = mapped_column(
        enum_column(ReplayStatus), default=ReplayStatus.DRAFT
    )
    media_kind: Mapped[MediaKind] = mapped_column(enum_column(MediaKind), default=MediaKind.VIDEO)
    featured: Mapped[bool] = mapped_column(default=False)
    #: made by ``replay-archive demo`` (synthetic pictures and speech, fictional speakers): its
    #: pages say so, and an organiser's own replays never do
    is_demo: Mapped[bool] = mapped_column(default=False)
    #: seconds, from the published recording
    duration: Mapped[float | None] = mapped_column(Float)
    #: storage prefix of the published outputs, e.g. "replays/<id>/v3/"; None until published
    media_prefix: Mapped[str | None] = mapped_column(String(300))
    #: keys (relative to media_prefix) of the published outputs
    hls_key: Mapped[str | None] = mapped_column(String(200))
    mp4_key: Mapped[str | None] = mapped_column(String(200))
    poster_key: Mapped[str | None] = mapped_column(String(200))
    storyboard_key: Mapped[str | None] = mapped_column(String(200))
    #: one sentence saying why the last processing failed
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: embargo: until this time the replay is "scheduled", seen by editors only, like a draft;
    #: from then on the visibility rule lets it through, with no job having to run
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the programme's own key for this session (``import-programme``), unique when given
    external_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    event: Mapped[Event | None] = relationship(back_populates="replays")
    speakers: Mapped[list[Speaker]] = relationship(
        secondary=replay_speakers, back_populates="replays", order_by=replay_speakers.c.position
    )
    themes: Mapped[list[Theme]] = relationship(secondary=replay_themes, back_populates="replays")
    chapters: Mapped[list[Chapter]] = relationship(
        back_populates="replay", order_by="Chapter.start", cascade="all, delete-orphan"
    )
    recordings: Mapped[list[Recording]] = relationship(
        back_populates="replay", cascade="all, delete-orphan", order_by="Recording.id"
    )
    renditions: Mapped[list[Rendition]] = relationship(
        back_populates="replay", cascade="all, delete-orphan", order_by="Rendition.height.desc()"
    )
    transcripts: Mapped[list[Transcript]] = relationship(
        back_populates="replay", cascade="all, delete-orphan", order_by="Transcript.id"
    )
    jobs: Mapped[list[Job]] = relationship(
        back_populates="replay", cascade="all, delete-orphan", order_by="Job.id"
    )

    @property
    def year(self) -> int | None:
        """The year the session took place, for facets and feeds."""
        if self.recorded_on:
            return self.recorded_on.year
        return self.event.year if self.event else None

    @property
    def tracks(self) -> list[Transcript]:
        """The current transcript track of each language, the replay's own language first."""
        newest: dict[str, Transcript] = {}
        for transcript in self.transcripts:  # ordered by id: later rows replace earlier ones
            newest[transcript.language] = transcript
        return sorted(newest.values(), key=lambda t: (t.language != self.language, t.id))

    def track(self, language: str) -> Transcript | None:
        """The current track in ``language``, if any."""
        return next((t for t in self.tracks if t.language == language), None)

    @property
    def transcript(self) -> Transcript | None:
        """The main track: the one in the replay's language, else the newest."""
        tracks = self.tracks
        return tracks[0] if tracks else None

    def media_key(self, relative: str) -> str:
        """The storage key of one published output."""
        return f"{self.media_prefix or ''}{relative}"


class Chapter(db.Model):  # type: ignore[name-defined,misc]
    """A named section of a replay, shown as a seek-bar marker and in a list."""

    __tablename__ = "chapters"
    id: Mapped[int] = mapped_column(primary_key=True)
    replay_id: Mapped[str] = mapped_column(ForeignKey("replays.id", ondelete="CASCADE"))
    start: Mapped[float] = mapped_column(Float)
    title: Mapped[str] = mapped_column(String(300))

    replay: Mapped[Replay] = relationship(back_populates="chapters")
