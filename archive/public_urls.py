"""Absolute URLs from the configured public base URL, never from a visitor's ``Host`` header.

Pages, feeds, the sitemap and oEmbed hand out absolute URLs (canonical, og:url, share and
embed links, hreflang, JSON-LD). Built from the request, a single request with a forged
``Host`` would put another site's address into pages the page cache then serves to everyone.
With ``ARCHIVE_PUBLIC_URL`` set, every ``url_for(..., _external=True)`` is built from it, and a
request naming a host outside ``config.Settings.allowed_hosts`` answers 400; unset
(development), any host is answered and URLs follow the request.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Request, current_app, request
from werkzeug.exceptions import SecurityError
from werkzeug.routing import MapAdapter
from werkzeug.sansio.utils import host_is_trusted

#: Probes build no URL and are asked for by whatever name a load balancer or an orchestrator
#: uses (often the web host's address), so they answer any host.
ANY_HOST_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class ArchiveFlask(Flask):
    """The archive's Flask application: trusted hosts checked, URLs built on the public URL."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """The request's adapter (or one for the app context) that builds public URLs."""
        if request is not None:
            _check_host(request, self.config["ARCHIVE_TRUSTED_HOSTS"])
        adapter = super().create_url_adapter(request)
        public_url = self.config["ARCHIVE_SETTINGS"].public_url
        if not public_url:
            return adapter
        parts = urlsplit(public_url)
        if adapter is None:
            # Outside a request (commands, workers): absolute URLs need a base to be built at all.
            return self.url_map.bind(
                parts.netloc, script_name=self.config["APPLICATION_ROOT"], url_scheme=parts.scheme
            )
        # Matching never looks at these (no host or subdomain matching), building does.
        adapter.server_name, adapter.url_scheme = parts.netloc, parts.scheme
        return adapter


def _check_host(request: Request, trusted: list[str] | None) -> None:
    """Refuse a request naming a host the archive does not answer for (Flask makes this 400)."""
    if (
        trusted
        and request.path not in ANY_HOST_PATHS
        and not host_is_trusted(request.host, trusted)
    ):
        raise SecurityError("This server does not answer for the host this request names.")


def url_base() -> str:
    """The scheme and host this request's absolute URLs are built with (``https://host``)."""
    return current_app.config["ARCHIVE_SETTINGS"].public_url or f"{request.scheme}://{request.host}"
