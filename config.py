"""Typed settings for the replay archive, read from ``ARCHIVE_*`` environment variables.

This is the one place that knows the variable names; everything else receives a
:class:`Settings` value (or the Flask config built from it).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


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
    #: ARCHIVE_MAX_DURATION_S: the longest recording accepted, in seconds.
    max_duration_s: float = 8 * 3600
    #: ARCHIVE_FFMPEG_TIMEOUT_S: a transcode is killed after this many seconds.
    ffmpeg_timeout_s: float = 6 * 3600
    #: ARCHIVE_PROBE_TIMEOUT_S: ffprobe is killed after this many seconds.
    probe_timeout_s: float = 60
    #: ARCHIVE_SEGMENT_SECONDS: HLS segment length; keyframes are aligned to it.
    segment_seconds: int = 4
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
    #: ARCHIVE_INDEX_SNAPSHOTS: ``follow`` makes a web host install the indexer's snapshots.
    index_snapshots: str = "off"
    #: ARCHIVE_INDEX_SYNC_S: seconds between two looks for a new snapshot or catalogue change.
    index_sync_s: float = 30.0
    #: ARCHIVE_SEARCH_CACHE_SIZE: searches whose results each web process keeps (0: none).
    search_cache_size: int = 512
    #: ARCHIVE_PROXY_COUNT: reverse proxies in front of the app whose X-Forwarded-* are trusted.
    proxy_count: int = 0
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
            max_duration_s=_env_float("ARCHIVE_MAX_DURATION_S", cls.max_duration_s),
            ffmpeg_timeout_s=_env_float("ARCHIVE_FFMPEG_TIMEOUT_S", cls.ffmpeg_timeout_s),
            probe_timeout_s=_env_float("ARCHIVE_PROBE_TIMEOUT_S", cls.probe_timeout_s),
            segment_seconds=_env_int("ARCHIVE_SEGMENT_SECONDS", cls.segment_seconds),
            signed_url_ttl_s=min(_env_int("ARCHIVE_SIGNED_URL_TTL_S", cls.signed_url_ttl_s), 900),
            job_heartbeat_s=_env_float("ARCHIVE_JOB_HEARTBEAT_S", cls.job_heartbeat_s),
            job_stale_s=_env_float("ARCHIVE_JOB_STALE_S", cls.job_stale_s),
            workers=_env_int("ARCHIVE_WORKERS", cls.workers),
            env=_env("ARCHIVE_ENV", "production") or "production",
            x_accel_prefix=_env("ARCHIVE_X_ACCEL_PREFIX"),
            index_snapshots=(_env("ARCHIVE_INDEX_SNAPSHOTS", "off") or "off").lower(),
            index_sync_s=max(0.2, _env_float("ARCHIVE_INDEX_SYNC_S", cls.index_sync_s)),
            search_cache_size=_env_int("ARCHIVE_SEARCH_CACHE_SIZE", cls.search_cache_size),
            proxy_count=_env_int("ARCHIVE_PROXY_COUNT", cls.proxy_count),
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
        if self.index_snapshots not in ("off", "follow"):
            raise ConfigError("ARCHIVE_INDEX_SNAPSHOTS must be off or follow.")
        if not 0 <= self.search_cache_size <= 100_000:
            raise ConfigError("ARCHIVE_SEARCH_CACHE_SIZE must be a whole number from 0 to 100000.")
        if not 0 <= self.proxy_count <= 5:
            raise ConfigError("ARCHIVE_PROXY_COUNT must be a whole number from 0 to 5.")
        if self.env not in ("development", "production", "testing"):
            raise ConfigError("ARCHIVE_ENV must be development, production or testing.")

    def flask_config(self) -> dict[str, object]:
        """The Flask configuration built from these settings."""
        database_url = self.database_url
        if database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "MAX_CONTENT_LENGTH": None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            # Cookies are Secure when the request came over https (archive.accounts.cookies).
            "REMEMBER_COOKIE_HTTPONLY": True,
            "WTF_CSRF_TIME_LIMIT": None,
            "BABEL_DEFAULT_LOCALE": "fr",
            "BABEL_SUPPORTED_LOCALES": ["fr", "en"],
            "ARCHIVE_SETTINGS": self,
        }


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
