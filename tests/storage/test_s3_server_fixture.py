"""The S3 test server plugin: expiring presigned URLs, and loud failure in CI."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest

from tests.fixtures.moto_gateway import presigned_url_expired
from tests.fixtures.s3_server import MotoNotStarted, moto_server, server_missing

SIGNED = "X-Amz-Date=20250101T120000Z&X-Amz-Expires=60&X-Amz-Signature=abc"


def test_presigned_requests_expire_after_their_lifetime() -> None:
    assert not presigned_url_expired(SIGNED, datetime(2025, 1, 1, 12, 1, 0, tzinfo=UTC))
    assert presigned_url_expired(SIGNED, datetime(2025, 1, 1, 12, 1, 1, tzinfo=UTC))
    assert not presigned_url_expired("", datetime(2030, 1, 1, tzinfo=UTC)), "unsigned requests"


def test_a_server_that_cannot_start_is_reported_with_its_error() -> None:
    crash = [sys.executable, "-c", "import sys; sys.stderr.write('port in use'); sys.exit(1)"]

    with pytest.raises(MotoNotStarted, match="port in use"), moto_server(crash):
        pass


def test_a_missing_server_fails_in_ci_and_skips_elsewhere() -> None:
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        server_missing("moto's S3 server did not start", in_ci=True)
    with pytest.raises(pytest.skip.Exception):
        server_missing("moto's S3 server did not start", in_ci=False)
