"""French by default, English on request; the choice sticks; dates and numbers follow."""

from __future__ import annotations

import html

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from archive import PROJECT_ROOT
from tests.viewer.catalogue import Catalogue

CATALOG = PROJECT_ROOT / "archive" / "translations" / "fr" / "LC_MESSAGES"


def test_french_by_default_english_on_request(client: FlaskClient, catalogue: Catalogue) -> None:
    french = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="fr">' in french and "Derniers replays" in french
    english = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Latest replays" in english
    assert "Latest replays" in client.get("/").get_data(as_text=True), "the choice is remembered"
    assert "Derniers replays" in client.get("/?lang=fr").get_data(as_text=True)


def test_browser_language_is_honoured(client: FlaskClient, catalogue: Catalogue) -> None:
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "Latest replays" in html


def test_dates_and_durations_are_localised(client: FlaskClient, catalogue: Catalogue) -> None:
    french = client.get(f"/replays/{catalogue.public}?lang=fr").get_data(as_text=True)
    assert "29 novembre 2022" in french and "36 s" in french and "Transcription" in french
    english = client.get(f"/replays/{catalogue.public}?lang=en").get_data(as_text=True)
    assert "November 29, 2022" in english and "Transcript" in english


def test_language_switch_keeps_the_page_and_its_query(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    html = client.get("/search?q=usine&lang=fr").get_data(as_text=True)
    assert 'href="/search?q=usine&amp;lang=en" hreflang="en"' in html


def test_every_message_is_translated_and_compiled() -> None:
    with (CATALOG / "messages.po").open("rb") as source:
        po = read_po(source)
    with (CATALOG / "messages.mo").open("rb") as compiled:
        mo = read_mo(compiled)
    untranslated = [m.id for m in po if m.id and not all(_forms(m.string))]
    assert untranslated == []
    assert _messages(po) == _messages(mo), (
        "messages.mo is out of date: pybabel compile -d archive/translations"
    )


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A message's text, or its plural forms, as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value)


def _messages(catalog: Catalog) -> dict[object, object]:
    return {_forms(m.id): _forms(m.string) for m in catalog if m.id}


def test_every_interface_text_is_in_the_catalogue() -> None:
    with (PROJECT_ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
    said = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PROJECT_ROOT), method_map, options_map, keywords=keywords
        )
    }
    with (CATALOG / "messages.po").open("rb") as source:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id}
    assert sorted(said - known) == [], "new texts: pybabel extract, update, translate, compile"


def test_a_refused_request_is_explained_in_the_visitors_language(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    french = {"Accept-Language": "fr"}
    home = client.get("/?page=0", headers=french)
    assert home.status_code == 400
    assert "« page » doit être un nombre entier de 1 à 9999." in home.get_data(as_text=True)
    search = client.get("/search?q=usine&year=19", headers=french)
    assert search.status_code == 400
    assert "L'année doit avoir quatre chiffres." in html.unescape(search.get_data(as_text=True))
    english = client.get("/search?q=usine&year=19&lang=en").get_data(as_text=True)
    assert "'year' must be a four-digit year." in html.unescape(english)
