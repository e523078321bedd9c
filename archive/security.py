"""Security headers on every response (and HSTS on those served over https)."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: {media} {logo}; "
    "media-src 'self' blob: {media}; connect-src 'self' {media}; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frames}"
)

#: Browsers that met the archive over https never try plain http again for a year.
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Trust the configured proxies' X-Forwarded-*; add Content-Security-Policy and friends."""
    settings = app.config["ARCHIVE_SETTINGS"]
    if settings.proxy_count:
        # The client's address and scheme as the proxies saw them (sign-in limits, https),
        # trusting only the entries the configured proxies added.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_count, x_proto=settings.proxy_count
        )
    media_origins = " ".join(filter(None, [settings.media_base_url, settings.s3_endpoint_url]))
    # The organiser's logo (ARCHIVE_SITE_LOGO_URL) may live on another site.
    logo = settings.site_logo_url or ""
    logo_origin = "/".join(logo.split("/")[:3]) if logo.startswith(("https://", "http://")) else ""

    @app.after_request
    def secure_headers(response: Response) -> Response:
        embed = request.path.startswith("/embed/")
        response.headers.setdefault(
            "Content-Security-Policy",
            CSP.format(
                media=media_origins, logo=logo_origin, frames="*" if embed else "'none'"
            ).replace("  ", " "),
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if not embed:
            response.headers.setdefault("X-Frame-Options", "DENY")
        if request.is_secure:  # https, as the configured proxies saw it (ARCHIVE_PROXY_COUNT)
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
