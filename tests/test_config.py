"""Settings the archive refuses to start with, each with one sentence naming the variable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from config import ConfigError, Settings
from tests.conftest import run_cli

SHORT_KEY = "too-short-a-secret"
SHORT_KEY_SENTENCE = (
    "ARCHIVE_SECRET_KEY must be at least 32 bytes long outside development "
    "(ARCHIVE_ENV=development); make one with "
    "python3 -c 'import secrets; print(secrets.token_hex(32))'."
)


@pytest.fixture
def settings_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Settings]:
    """Read the settings from these ARCHIVE_* variables (an instance in a temporary folder)."""

    def read(**variables: str) -> Settings:
        monkeypatch.setenv("ARCHIVE_INSTANCE_DIR", str(tmp_path / "instance"))
        for name, value in variables.items():
            monkeypatch.setenv(f"ARCHIVE_{name.upper()}", value)
        return Settings.from_env()

    return read


def test_a_short_secret_key_is_refused_outside_development(
    settings_from: Callable[..., Settings],
) -> None:
    for env in ("production", "testing"):
        with pytest.raises(ConfigError) as refused:
            settings_from(env=env, secret_key=SHORT_KEY)
        assert str(refused.value) == SHORT_KEY_SENTENCE
    assert settings_from(env="development", secret_key=SHORT_KEY).secret_key == SHORT_KEY
    assert settings_from(env="production", secret_key="k" * 32).env == "production"


def test_the_secret_the_instance_makes_itself_is_long_enough(
    settings_from: Callable[..., Settings],
) -> None:
    assert len(settings_from(env="production").secret_key) >= 32


def test_the_command_line_refuses_a_short_key_in_one_sentence(tmp_path: Path) -> None:
    env = {
        "ARCHIVE_INSTANCE_DIR": str(tmp_path / "instance"),
        "ARCHIVE_SECRET_KEY": SHORT_KEY,
        "ARCHIVE_ENV": "production",
    }
    result = run_cli(env, "init")
    assert result.returncode != 0
    assert result.stderr.strip() == f"error: {SHORT_KEY_SENTENCE}"


@pytest.mark.parametrize(
    "url",
    [
        "replays.example.org",
        "ftp://replays.example.org",
        "https://replays.example.org/archive",
        "https://replays.example.org/?x=1",
        "https://user@replays.example.org",
        "https://replays.example.org:port",
        "https://",
    ],
)
def test_the_public_url_must_be_a_plain_base_url(
    settings_from: Callable[..., Settings], url: str
) -> None:
    with pytest.raises(ConfigError, match="^ARCHIVE_PUBLIC_URL must be a base URL"):
        settings_from(public_url=url)


def test_trusted_hosts_default_to_the_public_url_and_loopback(
    settings_from: Callable[..., Settings],
) -> None:
    assert settings_from().allowed_hosts() is None  # development: any host
    public = settings_from(public_url="https://Replays.example.org:8443/")
    assert public.public_url == "https://Replays.example.org:8443"
    assert public.allowed_hosts() == ["replays.example.org", "localhost", "127.0.0.1"]
    assert public.flask_config()["ARCHIVE_TRUSTED_HOSTS"] == public.allowed_hosts()
    listed = settings_from(trusted_hosts=" .example.org, archive.example.net ")
    assert listed.allowed_hosts() == [".example.org", "archive.example.net"]
    with pytest.raises(ConfigError, match="^ARCHIVE_TRUSTED_HOSTS must list host names"):
        settings_from(trusted_hosts="https://example.org")


def test_request_bodies_have_a_configurable_small_limit(
    settings_from: Callable[..., Settings],
) -> None:
    assert settings_from().flask_config()["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert settings_from(max_request_bytes="1048576").max_request_bytes == 1024 * 1024
    with pytest.raises(ConfigError, match="^ARCHIVE_MAX_REQUEST_BYTES must be"):
        settings_from(max_request_bytes="100")
