"""Reading ``/metrics`` as Prometheus would, for the tests of the metrics and of what they count."""

from __future__ import annotations

from flask import Flask

#: The counter of bytes of recordings received from editors.
UPLOAD_BYTES = "archive_upload_bytes_total"


def scrape(app: Flask) -> dict[str, float]:
    """Every sample of ``GET /metrics``, by name with its labels (``name{label="value"}``)."""
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")
    samples = {}
    for line in response.get_data(as_text=True).splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples
