"""Cookie security follows the scheme the request arrived with.

A cookie marked Secure is never sent back over plain http: with Secure fixed by the settings,
signing in to ``make run`` from another machine over http fails silently (the browser drops
the session cookie). So the session cookie (which carries the CSRF token too) and the device
cookie are Secure exactly when the request came over https, as the app sees it directly or
through ``ARCHIVE_PROXY_COUNT`` trusted proxies (ProxyFix), and the sign-in page says when a
production instance is reached over plain http from another machine.
"""

from __future__ import annotations

import ipaddress

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface


def request_is_secure() -> bool:
    """Whether this request came over https (so its cookies may, and must, be Secure).

    An untrusted ``X-Forwarded-Proto: https`` also counts: it can only make the sender's own
    cookies stricter, and it keeps cookies Secure behind a TLS proxy that
    ``ARCHIVE_PROXY_COUNT`` does not name yet.
    """
    forwarded = request.headers.get("X-Forwarded-Proto", "").lower().split(",")
    return request.is_secure or "https" in (scheme.strip() for scheme in forwarded)


def _loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def insecure_sign_in() -> bool:
    """Whether a password typed on this page would cross a network unencrypted.

    True for a production instance reached over plain http from another machine; a
    development instance, or a browser on the same machine, is not warned.
    """
    production = current_app.config["ARCHIVE_SETTINGS"].env == "production"
    return production and not request_is_secure() and not _loopback(request.remote_addr)


class SchemeSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure when the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure for https requests only, whatever SESSION_COOKIE_SECURE says."""
        return request_is_secure()


def init_app(app: Flask) -> None:
    """Make the session cookie follow the request's scheme; pages may ask insecure_sign_in()."""
    app.session_interface = SchemeSessionInterface()
    app.add_template_global(insecure_sign_in)
