"""Sentences for editors and viewers: written in English where they arise, translated when shown.

Refusals and failures (media rejections, upload and editor errors, job failures) are one English
sentence: the API, ``import --json`` and the job rows keep it as is. Where it is made, its
template is marked with ``N_`` (``N_("The photo %(name)r is larger than 8 MB.") % {...}``), so
pybabel extracts it; when a page shows it, ``translate`` finds the template the sentence was made
from in the reader's catalogue and fills the translation with the same values. Values that are
themselves sentences (a transcript's reason inside an import failure) are translated too.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from flask_babel import get_translations

from media_jobs.errors import N_

__all__ = ["N_", "translate"]

#: A named placeholder of a template, or an escaped percent sign.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]|%%")
#: How deep values made of other sentences are translated.
_NESTING = 3

_Templates = list[tuple[re.Pattern[str], str]]
_compiled: WeakKeyDictionary[object, _Templates] = WeakKeyDictionary()


def translate(sentence: object) -> str:
    """``sentence`` (or an error's text) in the language of the current request."""
    text = str(sentence)
    translations = get_translations()
    catalog: dict[object, str] | None = getattr(translations, "_catalog", None)
    if not catalog or not text:
        return text
    if translations not in _compiled:
        _compiled[translations] = _templates(catalog)
    return _translate(text, catalog, _compiled[translations], _NESTING)


def _translate(text: str, catalog: dict[object, str], templates: _Templates, depth: int) -> str:
    exact = catalog.get(text)
    if exact:
        return exact
    for pattern, template in templates:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = {
            name: _translate(value, catalog, templates, depth - 1) if depth else value
            for name, value in found.groupdict().items()
        }
        return _fill(catalog[template], values)
    return text


def _fill(template: str, values: dict[str, str]) -> str:
    """The translated template with the values the English sentence was made with."""
    return _PLACEHOLDER.sub(lambda m: "%" if m[0] == "%%" else values.get(m[1], m[0]), template)


def _templates(catalog: dict[object, str]) -> _Templates:
    """The catalogue's templates with placeholders as patterns, the most specific first."""
    found = [
        (len(_PLACEHOLDER.sub("", msgid)), _pattern(msgid), msgid)
        for msgid in catalog
        if isinstance(msgid, str) and _PLACEHOLDER.search(msgid) and catalog[msgid]
    ]
    found.sort(key=lambda entry: -entry[0])
    return [(pattern, msgid) for literal, pattern, msgid in found if literal]


def _pattern(template: str) -> re.Pattern[str]:
    """A pattern matching what ``template % values`` gives, each value captured by its name."""
    parts: list[str] = []
    names: set[str] = set()
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : match.start()]))
        position = match.end()
        name = match[1]
        if name is None:
            parts.append("%")
        elif name in names:
            parts.append(f"(?P={name})")
        else:
            names.add(name)
            parts.append(rf"(?P<{name}>-?\d+)" if match[0].endswith("d") else f"(?P<{name}>.+?)")
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)
