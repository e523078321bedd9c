"""Typed settings for the replay archive, read from ``ARCHIVE_*`` environment variables.

This is the one place that knows the variable names; everything else receives a
:class:`Settings` value (or the Flask config built from it).
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

#: Shorter secrets can be guessed offline from one signed cookie or media URL.
MIN_SECRET_BYTES = 32
#: Host names of the machine itself, trusted with a public URL so local probes still answer.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
#: A host name or IPv4 address; a leading dot stands for its subdomains (werkzeug's rule).
_HOST_NAME = re.compile(r"\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")


class ConfigError(ValueError):
    """A setting has a value the archive cannot use."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


def _env_float(name: str, default: float) -> float:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}.") from None


@dataclass(frozen=True)
class Settings:
    """Every setting of the archive, with its environment variable and default."""

    #: ARCHIVE_INSTANCE_DIR: where the embedded default keeps its files.
    instance_dir: Path
    #: ARCHIVE_DATABASE_URL: the catalogue (SQLite file in the instance folder by default).
    database_url: str
    #: ARCHIVE_QUEUE_URL: the Huey broker, ``sqlite:///path`` or ``redis://host:port/db``.
    queue_url: str
    #: ARCHIVE_STORAGE_URL: where media go, ``file:///path`` or ``s3://bucket/prefix``.
    storage_url: str
    #: ARCHIVE_S3_ENDPOINT_URL: an S3-compatible endpoint (MinIO, moto, Ceph); empty for AWS.
    s3_endpoint_url: str | None
    #: ARCHIVE_MEDIA_BASE_URL: a public or CDN base URL for media; empty means signed URLs.
    media_base_url: str | None
    #: ARCHIVE_SECRET_KEY: signs sessions, CSRF tokens and local media URLs.
    secret_key: str
    #: ARCHIVE_INDEX_DIR: the Whoosh index folder.
    index_dir: Path
    #: ARCHIVE_MAX_UPLOAD_BYTES: the largest recording accepted.
    max_upload_bytes: int = 20 * 1024**3
    #: ARCHIVE_MAX_REQUEST_BYTES: the largest request body, upload endpoints excepted.
    max_request_bytes: int = 2 * 1024**2
    #: ARCHIVE_MAX_DURATION_S: the longest recording accepted, in seconds.
    max_duration_s: float = 8 * 3600
    #: ARCHIVE_FFMPEG_TIMEOUT_S: a transcode is killed after this many seconds.
    ffmpeg_timeout_s: float = 6 * 3600
    #: ARCHIVE_PROBE_TIMEOUT_S: ffprobe is killed after this many seconds.
    probe_timeout_s: float = 60
    #: ARCHIVE_SEGMENT_SECONDS: HLS segment length; keyframes are aligned to it.
    segment_seconds: int = 4
    #: ARCHIVE_CHUNK_THRESHOLD_S: a video longer than this is transcoded in chunks, on as
    #: many workers as are free.
    chunk_threshold_s: float = 300
    #: ARCHIVE_CHUNK_SECONDS: the length of one chunk (rounded to whole segments).
    chunk_seconds: float = 60
    #: ARCHIVE_SIGNED_URL_TTL_S: lifetime of presigned or signed media URLs (at most 900).
    signed_url_ttl_s: int = 900
    #: ARCHIVE_JOB_HEARTBEAT_S: a running job's worker touches its row this often.
    job_heartbeat_s: float = 10
    #: ARCHIVE_JOB_STALE_S: a running job whose heartbeat is older is taken up again.
    job_stale_s: float = 60
    #: ARCHIVE_WORKERS: threads of one ``replay-archive worker`` process.
    workers: int = 1
    #: ARCHIVE_ENV: ``development``, ``production`` or ``testing`` (production warns on sign-in
    #: pages reached over plain http from another machine).
    env: str = "production"
    #: ARCHIVE_X_ACCEL_PREFIX: nginx internal location serving local media after access checks.
    x_accel_prefix: str | None = None
    #: ARCHIVE_PUBLIC_URL: the archive's public base URL (``https://replays.example.org``);
    #: every absolute URL is built from it. Unset (development), from the request's host.
    public_url: str | None = None
    #: ARCHIVE_TRUSTED_HOSTS: host names requests may carry (comma-separated; ``.example.org``
    #: takes subdomains); by default those of the public URL and of loopback, none when unset.
    trusted_hosts: tuple[str, ...] = ()
    #: ARCHIVE_METRICS_TOKEN: lets ``/metrics`` and ``/readyz`` answer beyond loopback to
    #: ``Authorization: Bearer <token>``.
    metrics_token: str | None = None
    #: ARCHIVE_INDEX_SNAPSHOTS: ``follow`` makes a web host install the indexer's snapshots.
    index_snapshots: str = "off"
    #: ARCHIVE_INDEX_SYNC_S: seconds between two looks for a new snapshot or catalogue change.
    index_sync_s: float = 30.0
    #: ARCHIVE_SEARCH_CACHE_SIZE: searches whose results each web process keeps (0: none).
    search_cache_size: int = 512
    #: ARCHIVE_PROXY_COUNT: reverse proxies in front of the app whose X-Forwarded-* are trusted.
    proxy_count: int = 0
    #: ARCHIVE_ASR_MODEL: the speech-to-text model (a name such as ``small`` or ``tiny.en``,
    #: or a folder); ``off`` turns automatic transcription off.
    asr_model: str = "small"
    #: ARCHIVE_ASR_DOWNLOAD: 1 lets a worker download a model it has no local copy of.
    asr_download: bool = False
    #: ARCHIVE_SITE_NAME: the archive's name, ending every page title (default: "Replay
    #: archive" in the visitor's language).
    site_name: str | None = None
    #: ARCHIVE_SITE_LOGO_URL: a picture shown beside the name (https://… or a /path).
    site_logo_url: str | None = None
    #: ARCHIVE_SITE_ACCENT_COLOR: the colour of links and buttons, #rgb or #rrggbb.
    site_accent_color: str | None = None
    #: ARCHIVE_SITE_LANGUAGE: the interface language of visitors who ask for none (fr or en).
    site_language: str = "fr"
    #: ARCHIVE_SITE_FOOTER_LINKS: footer links, "Label=URL" pairs separated by ";".
    site_footer_links: tuple[tuple[str, str], ...] = ()
    #: ARCHIVE_WEBHOOKS_ALLOW_PRIVATE: 1 lets webhooks reach loopback and private addresses
    #: (an intranet receiver, tests); refused by default, since an admin's URL must not reach
    #: the archive's own network.
    webhooks_allow_private: bool = False
    #: ARCHIVE_WEBHOOKS_POLL_S: seconds between two looks of a worker for deliveries due.
    webhooks_poll_s: float = 5.0
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from the environment, with the embedded defaults."""
        instance = Path(_env("ARCHIVE_INSTANCE_DIR", "instance") or "instance").resolve()
        storage_url = _env("ARCHIVE_STORAGE_URL", (instance / "media").as_uri()) or ""
        settings = cls(
            instance_dir=instance,
            database_url=_env("ARCHIVE_DATABASE_URL", f"sqlite:///{instance / 'catalogue.db'}")
            or "",
            queue_url=_env("ARCHIVE_QUEUE_URL", f"sqlite:///{instance / 'queue.db'}") or "",
            storage_url=storage_url,
            s3_endpoint_url=_env("ARCHIVE_S3_ENDPOINT_URL"),
            media_base_url=_env("ARCHIVE_MEDIA_BASE_URL"),
            secret_key=_env("ARCHIVE_SECRET_KEY") or _instance_secret(instance),
            index_dir=Path(_env("ARCHIVE_INDEX_DIR", str(instance / "index")) or "").resolve(),
            max_upload_bytes=_env_int("ARCHIVE_MAX_UPLOAD_BYTES", cls.max_upload_bytes),
            max_request_bytes=_env_int("ARCHIVE_MAX_REQUEST_BYTES", cls.max_request_bytes),
            max_duration_s=_env_float("ARCHIVE_MAX_DURATION_S", cls.max_duration_s),
            ffmpeg_timeout_s=_env_float("ARCHIVE_FFMPEG_TIMEOUT_S", cls.ffmpeg_timeout_s),
            probe_timeout_s=_env_float("ARCHIVE_PROBE_TIMEOUT_S", cls.probe_timeout_s),
            segment_seconds=_env_int("ARCHIVE_SEGMENT_SECONDS", cls.segment_seconds),
            chunk_threshold_s=_env_float("ARCHIVE_CHUNK_THRESHOLD_S", cls.chunk_threshold_s),
            chunk_seconds=_env_float("ARCHIVE_CHUNK_SECONDS", cls.chunk_seconds),
            signed_url_ttl_s=min(_env_int("ARCHIVE_SIGNED_URL_TTL_S", cls.signed_url_ttl_s), 900),
            job_heartbeat_s=_env_float("ARCHIVE_JOB_HEARTBEAT_S", cls.job_heartbeat_s),
            job_stale_s=_env_float("ARCHIVE_JOB_STALE_S", cls.job_stale_s),
            workers=_env_int("ARCHIVE_WORKERS", cls.workers),
            env=_env("ARCHIVE_ENV", "production") or "production",
            x_accel_prefix=_env("ARCHIVE_X_ACCEL_PREFIX"),
            public_url=(_env("ARCHIVE_PUBLIC_URL") or "").rstrip("/") or None,
            trusted_hosts=tuple(
                filter(None, (h.strip() for h in (_env("ARCHIVE_TRUSTED_HOSTS") or "").split(",")))
            ),
            metrics_token=_env("ARCHIVE_METRICS_TOKEN"),
            index_snapshots=(_env("ARCHIVE_INDEX_SNAPSHOTS", "off") or "off").lower(),
            index_sync_s=max(0.2, _env_float("ARCHIVE_INDEX_SYNC_S", cls.index_sync_s)),
            search_cache_size=_env_int("ARCHIVE_SEARCH_CACHE_SIZE", cls.search_cache_size),
            proxy_count=_env_int("ARCHIVE_PROXY_COUNT", cls.proxy_count),
            site_name=(_env("ARCHIVE_SITE_NAME") or "").strip() or None,
            site_logo_url=_env("ARCHIVE_SITE_LOGO_URL"),
            site_accent_color=_env("ARCHIVE_SITE_ACCENT_COLOR"),
            site_language=(_env("ARCHIVE_SITE_LANGUAGE", "fr") or "fr").lower(),
            site_footer_links=_footer_links(_env("ARCHIVE_SITE_FOOTER_LINKS")),
            asr_model=(_env("ARCHIVE_ASR_MODEL", cls.asr_model) or cls.asr_model).strip(),
            asr_download=_env("ARCHIVE_ASR_DOWNLOAD", "0") in ("1", "true", "yes"),
            webhooks_allow_private=_env("ARCHIVE_WEBHOOKS_ALLOW_PRIVATE", "0")
            in ("1", "true", "yes"),
            webhooks_poll_s=max(0.2, _env_float("ARCHIVE_WEBHOOKS_POLL_S", cls.webhooks_poll_s)),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Refuse settings that cannot work, with one sentence naming the variable."""
        if not self.database_url.startswith(("sqlite:", "postgresql")):
            raise ConfigError("ARCHIVE_DATABASE_URL must be a sqlite:/// or postgresql:// URL.")
        if not self.queue_url.startswith(("sqlite:", "redis:", "rediss:", "memory:")):
            raise ConfigError("ARCHIVE_QUEUE_URL must be a sqlite:/// or redis:// URL.")
        if not self.storage_url.startswith(("file://", "s3://")):
            raise ConfigError("ARCHIVE_STORAGE_URL must be a file:// or s3:// URL.")
        if self.segment_seconds < 1 or self.segment_seconds > 30:
            raise ConfigError("ARCHIVE_SEGMENT_SECONDS must be between 1 and 30.")
        if self.chunk_seconds < self.segment_seconds:
            raise ConfigError("ARCHIVE_CHUNK_SECONDS must be at least one segment long.")
        if self.index_snapshots not in ("off", "follow"):
            raise ConfigError("ARCHIVE_INDEX_SNAPSHOTS must be off or follow.")
        if not 0 <= self.search_cache_size <= 100_000:
            raise ConfigError("ARCHIVE_SEARCH_CACHE_SIZE must be a whole number from 0 to 100000.")
        if not 0 <= self.proxy_count <= 5:
            raise ConfigError("ARCHIVE_PROXY_COUNT must be a whole number from 0 to 5.")
        if self.env not in ("development", "production", "testing"):
            raise ConfigError("ARCHIVE_ENV must be development, production or testing.")
        _check_site(self)
        _check_web(self)

    def allowed_hosts(self) -> list[str] | None:
        """The host names requests may carry (``archive.public_urls``); None lets any through."""
        if self.trusted_hosts:
            return list(self.trusted_hosts)
        if self.public_url:
            # Probes and scrapers on the host itself name it by its loopback names.
            return [urlsplit(self.public_url).hostname or "", *LOOPBACK_HOSTS]
        return None

    def flask_config(self) -> dict[str, object]:
        """The Flask configuration built from these settings."""
        database_url = self.database_url
        if database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            # Upload endpoints raise it for signed-in editors (archive.request_limits).
            "MAX_CONTENT_LENGTH": self.max_request_bytes,
            "ARCHIVE_TRUSTED_HOSTS": self.allowed_hosts(),
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            # Cookies are Secure when the request came over https (archive.accounts.cookies).
            "REMEMBER_COOKIE_HTTPONLY": True,
            "WTF_CSRF_TIME_LIMIT": None,
            "BABEL_DEFAULT_LOCALE": self.site_language,
            "BABEL_SUPPORTED_LOCALES": ["fr", "en"],
            "ARCHIVE_SETTINGS": self,
        }


#: Where a logo or a footer link may point: the web, or a path of this site.
_LINK_SCHEMES = ("https://", "http://")


def _is_link(url: str, *schemes: str) -> bool:
    """An absolute http(s) URL (or one of ``schemes``), or a path of this site."""
    if url.startswith("/"):
        return not url.startswith("//")
    return url.startswith((*_LINK_SCHEMES, *schemes)) and not any(c.isspace() for c in url)


def _footer_links(raw: str | None) -> tuple[tuple[str, str], ...]:
    """Footer links as (label, URL) pairs, from "Label=URL;Label=URL" (checked later)."""
    pairs = [part.partition("=") for part in (raw or "").split(";") if part.strip()]
    return tuple((label.strip(), url.strip() if sep else "") for label, sep, url in pairs)


def _check_site(settings: Settings) -> None:
    """Refuse site settings a page could not show, with one sentence naming the variable."""
    if settings.site_name is not None and len(settings.site_name) > 80:
        raise ConfigError("ARCHIVE_SITE_NAME must be at most 80 characters.")
    if settings.site_logo_url is not None and not _is_link(settings.site_logo_url):
        raise ConfigError("ARCHIVE_SITE_LOGO_URL must be an https:// URL or a /path.")
    colour = settings.site_accent_color
    if colour is not None and not (
        len(colour) in (4, 7)
        and colour.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
    ):
        raise ConfigError("ARCHIVE_SITE_ACCENT_COLOR must be a hex colour such as #0b57d0.")
    if settings.site_language not in ("fr", "en"):
        raise ConfigError("ARCHIVE_SITE_LANGUAGE must be fr or en.")
    for label, url in settings.site_footer_links:
        if not label or not url or not _is_link(url, "mailto:"):
            raise ConfigError(
                "ARCHIVE_SITE_FOOTER_LINKS must be Label=URL pairs separated by ';', each URL "
                "http(s)://, mailto: or a /path."
            )


def _check_web(settings: Settings) -> None:
    """Refuse a secret, body limit, public URL or host list the web app cannot safely use."""
    if settings.env != "development" and len(settings.secret_key.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"ARCHIVE_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes long outside "
            "development (ARCHIVE_ENV=development); make one with "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'."
        )
    if not 64 * 1024 <= settings.max_request_bytes <= 1024**3:
        raise ConfigError("ARCHIVE_MAX_REQUEST_BYTES must be from 65536 to 1073741824.")
    if settings.public_url is not None and not _is_base_url(settings.public_url):
        raise ConfigError(
            "ARCHIVE_PUBLIC_URL must be a base URL such as https://replays.example.org, "
            f"not {settings.public_url!r}."
        )
    for host in settings.trusted_hosts:
        if not _HOST_NAME.fullmatch(host):
            raise ConfigError(
                "ARCHIVE_TRUSTED_HOSTS must list host names (no scheme, port or path), "
                f"not {host!r}."
            )


def _is_base_url(url: str) -> bool:
    """Whether ``url`` is a plain ``http(s)://host[:port]``, without path, query or user."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme in ("http", "https")
        and bool(_HOST_NAME.fullmatch(host))
        and not host.startswith(".")
        and parts.username is None
        and parts.path in ("", "/")
        and not parts.query
        and not parts.fragment
    )


def _instance_secret(instance: Path) -> str:
    """A random secret kept in the instance folder, so restarts keep sessions valid."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    path.write_text(value)
    path.chmod(0o600)
    return value
