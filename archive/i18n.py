"""French and English interface: the language comes from ?lang=, a cookie, or the browser.

French is the default: the archive's conferences are French, and so is most of what is said.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from flask_babel import get_locale

from archive.extensions import babel
from archive.sentences import translate

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
COOKIE = "lang"


def select_locale() -> str:
    """The interface language of this request."""
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    # ARCHIVE_SITE_LANGUAGE: the language of visitors whose browser asks for neither.
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(LANGUAGES) or default


def sentence_for_client(sentence: object) -> str:
    """A JSON answer's sentence: in the language the client asked for (browsers always say),
    in English for scripts that ask for none, like the API."""
    asked = request.accept_languages or request.args.get("lang") or request.cookies.get(COOKIE)
    return translate(sentence) if asked else str(sentence)


def init_app(app: Flask) -> None:
    """Set up Flask-Babel and remember an explicit language choice in a cookie."""
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
    # {{ replay.error|translated }}: a stored English sentence in the reader's language.
    app.add_template_filter(translate, "translated")

    @app.after_request
    def remember_language(response: Response) -> Response:
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=365 * 86400, samesite="Lax", httponly=True)
        if response.mimetype == "text/html":
            # The same URL answers in either language: shared caches must keep both.
            response.vary.update(("Accept-Language", "Cookie"))
        return response

    @app.context_processor
    def language() -> dict[str, object]:
        g.lang = str(get_locale() or DEFAULT_LANGUAGE)
        return {"lang": g.lang, "languages": LANGUAGES}
