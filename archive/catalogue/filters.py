"""Template helpers: times, localised dates and durations, labels, and URLs pages build."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request, url_for
from flask_babel import format_date, format_decimal, gettext, lazy_gettext, ngettext
from markupsafe import Markup

from archive.catalogue.timeparam import seconds_arg
from archive.models import Job, Replay, SessionType, Transcript, TranscriptOrigin
from archive.text import fold
from archive.times import format_clock, iso_duration, time_param

#: Labels of session types, singular and plural (for the event page's sections).
SESSION_TYPE_LABELS = {
    SessionType.KEYNOTE: (lazy_gettext("Keynote"), lazy_gettext("Keynotes")),
    SessionType.MASTERCLASS: (lazy_gettext("Masterclass"), lazy_gettext("Masterclasses")),
    SessionType.ROUND_TABLE: (lazy_gettext("Round table"), lazy_gettext("Round tables")),
    SessionType.TALK: (lazy_gettext("Talk"), lazy_gettext("Talks")),
    SessionType.INTERVIEW: (lazy_gettext("Interview"), lazy_gettext("Interviews")),
    SessionType.OTHER: (lazy_gettext("Session"), lazy_gettext("Other sessions")),
}
#: Characters werkzeug leaves unescaped in the query strings it builds (``t=1:15``).
QUERY_SAFE = "!$'()*,/:;?@"
#: Languages are named in their own language, as language pickers do.
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def duration_text(seconds: float | None) -> str:
    """A duration for people, in the interface language: "42 s", "12 min", "1 h 05"."""
    if not seconds:
        return ""
    total = round(seconds)
    if total < 60:
        return gettext("%(num)d s", num=total)
    minutes = round(total / 60)
    if minutes < 60:
        return ngettext("%(num)d min", "%(num)d min", minutes)
    return gettext("%(hours)d h %(minutes)02d", hours=minutes // 60, minutes=minutes % 60)


def date_text(value: date | datetime | None, style: str = "long") -> str:
    """A date in the interface language: "29 novembre 2022" or "November 29, 2022"."""
    return format_date(value, style) if value else ""


def number(value: int | float) -> str:
    """A number with the interface language's separators."""
    return format_decimal(value)


def session_type_label(value: SessionType | str, plural: bool = False) -> str:
    """The translated name of a session type."""
    singular, many = SESSION_TYPE_LABELS.get(
        SessionType(value), SESSION_TYPE_LABELS[SessionType.OTHER]
    )
    return str(many if plural else singular)


def url_with(external: bool = False, **changes: Any) -> str:
    """This page's URL with some query arguments changed (``None`` removes one)."""
    args: dict[str, Any] = request.args.to_dict(flat=False)
    for name, value in changes.items():
        if value is None or value == "":
            args.pop(name, None)
        else:
            args[name] = [str(value)]
    view_args = request.view_args or {}
    # The query is encoded here rather than passed to url_for, where a visitor's ``_external``,
    # ``_scheme`` or ``_anchor`` (or a view argument's name) would become url_for's own.
    path = url_for(request.endpoint or "catalogue.home", **view_args, _external=external)
    query = urlencode(args, doseq=True, safe=QUERY_SAFE)
    return f"{path}?{query}" if query else path


def frame_url(replay_id: str, seconds: float) -> str:
    """The storyboard picture of a replay at a moment (its poster when there is none)."""
    return url_for("catalogue.frame", replay_id=replay_id, t=time_param(seconds))


def media_version(replay: Replay) -> str:
    """A short name of the replay's published media version, for cacheable picture URLs."""
    version = f"{replay.media_prefix or ''}|{replay.poster_key or ''}"
    return hashlib.sha256(version.encode()).hexdigest()[:8]


def thumb_url(replay: Replay, width: int = 320) -> str:
    """The replay's poster scaled down for lists."""
    return url_for("catalogue.thumbnail", replay_id=replay.id, w=width, v=media_version(replay))


def moment_url(replay_id: str, seconds: float | None = None, **extra: Any) -> str:
    """The replay page, opening at ``seconds`` when given."""
    if seconds:
        extra["t"] = time_param(seconds)
    return url_for("catalogue.replay", replay_id=replay_id, **extra)


def asset_url(filename: str) -> str:
    """A static file's URL, compressed and cached for a year (its content hash is in it)."""
    from archive.catalogue.assets import asset_version

    return url_for("catalogue.asset", filename=filename, v=asset_version(filename))


def icon(name: str, label: str = "") -> Markup:
    """An icon from the SVG sprite; decorative unless a label is given."""
    href = asset_url("img/icons.svg") + "#" + name
    if label:
        return Markup(
            '<svg class="icon" role="img" aria-label="{}"><use href="{}"></use></svg>'
        ).format(label, href)
    return Markup(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}"></use></svg>'
    ).format(href)


def example_searches(limit: int = 6) -> list[str]:
    """Words worth trying on an empty search page: names of themes the visitor may see."""
    from archive.accounts.access import exists_for_user
    from archive.extensions import db
    from archive.models import Theme

    names = db.session.scalars(
        db.select(Theme.name).where(exists_for_user(Theme.replays)).limit(limit)
    ).all()
    return sorted((name.lower() for name in names), key=fold)


def track_label(track: Transcript) -> str:
    """A transcript track's name in menus: its language, and how it was made if by a machine."""
    language = LANGUAGE_NAMES.get(track.language, track.language)
    if track.machine_translation:
        return gettext("%(language)s (machine translation)", language=language)
    if track.origin == TranscriptOrigin.AUTOMATIC:
        return gettext("%(language)s (automatic)", language=language)
    return language


def register(app: Flask) -> None:
    """Make the helpers available in templates."""
    app.jinja_env.filters.update(
        timestamp=format_clock,
        time_param=time_param,
        iso_duration=iso_duration,
        duration_text=duration_text,
        date_text=date_text,
        number=number,
        session_type_label=session_type_label,
        track_label=track_label,
    )
    app.jinja_env.globals.update(
        media_urls=_media_urls,
        active_job=_active_job,
        url_with=url_with,
        frame_url=frame_url,
        thumb_url=thumb_url,
        moment_url=moment_url,
        asset_url=asset_url,
        icon=icon,
        moment_arg=seconds_arg,
        example_searches=example_searches,
        language_names=LANGUAGE_NAMES,
    )


def _media_urls(replay: Replay) -> dict[str, str]:
    from archive.playback.urls import replay_urls

    return replay_urls(replay)


def _active_job(replay: Replay) -> Job | None:
    from archive.catalogue.queries import active_job

    return active_job(replay)
