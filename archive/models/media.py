"""Recordings (uploaded originals) and renditions (published HLS variants)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.extensions import db
from archive.times import utcnow

if TYPE_CHECKING:
    from archive.models.catalogue import Replay


class Recording(db.Model):  # type: ignore[name-defined,misc]
    """An uploaded original, stored under a server-generated key."""

    __tablename__ = "recordings"
    id: Mapped[int] = mapped_column(primary_key=True)
    replay_id: Mapped[str] = mapped_column(ForeignKey("replays.id", ondelete="CASCADE"))
    #: storage key of the original, e.g. "originals/<uuid>.mp4"; never user text
    original_key: Mapped[str] = mapped_column(String(300))
    #: the name the editor's file had, shown to editors only, never passed to ffmpeg
    original_filename: Mapped[str] = mapped_column(String(300), default="")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    #: container format as ffprobe named it, once probed
    container: Mapped[str | None] = mapped_column(String(100))
    duration: Mapped[float | None] = mapped_column(Float)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    video_codec: Mapped[str | None] = mapped_column(String(50))
    #: the audio tracks found: [{"index", "codec", "language", "channels", "default"}]
    audio_tracks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: EBU R128 measurements: {"input_i", "input_tp", "input_lra", "output_i", ...}
    loudness: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    replay: Mapped[Replay] = relationship(back_populates="recordings")


class Rendition(db.Model):  # type: ignore[name-defined,misc]
    """One published variant of the HLS ladder."""

    __tablename__ = "renditions"
    id: Mapped[int] = mapped_column(primary_key=True)
    replay_id: Mapped[str] = mapped_column(ForeignKey("replays.id", ondelete="CASCADE"))
    #: "1080p", "720p", ... or "audio"
    name: Mapped[str] = mapped_column(String(20))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    #: peak bits per second, as in the master playlist's BANDWIDTH
    bandwidth: Mapped[int] = mapped_column(Integer)
    average_bandwidth: Mapped[int | None] = mapped_column(Integer)
    codecs: Mapped[str | None] = mapped_column(String(100))
    #: variant playlist key relative to the replay's media prefix
    playlist_key: Mapped[str] = mapped_column(String(200))

    replay: Mapped[Replay] = relationship(back_populates="renditions")
