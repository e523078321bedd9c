"""The organiser's accent colour, as a stylesheet (the CSP allows no inline style)."""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request, url_for
from flask.typing import ResponseReturnValue

from archive.site import bp

ONE_YEAR = 365 * 24 * 3600


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def theme_css(colour: str) -> str:
    """CSS custom properties of the accent colour and its darker hover shade."""
    darker = "#" + "".join(f"{round(c * 0.78):02x}" for c in _rgb(colour))
    return f":root {{ --accent: {colour.lower()}; --accent-dark: {darker}; }}\n"


def theme_url() -> str | None:
    """The accent stylesheet's URL (versioned by the colour), or None for the default look."""
    colour = current_app.config["ARCHIVE_SETTINGS"].site_accent_color
    if colour is None:
        return None
    version = hashlib.sha256(colour.lower().encode()).hexdigest()[:8]
    return url_for("site.theme", v=version)


@bp.get("/site/theme.css")
def theme() -> ResponseReturnValue:
    """The accent colour's stylesheet (empty for the default look)."""
    colour = current_app.config["ARCHIVE_SETTINGS"].site_accent_color
    response = Response(theme_css(colour) if colour else "", mimetype="text/css")
    versioned = "v" in request.args
    response.headers["Cache-Control"] = (
        f"public, max-age={ONE_YEAR}, immutable" if versioned else "public, max-age=300"
    )
    return response
