"""Whole numbers from query strings, read in one place: ASCII digits within bounds, or 400.

``str.isdigit`` accepts "²" and other Unicode digits that ``int`` refuses, so a check with it
let such a parameter through to a 500. Here a malformed or out-of-range parameter raises
:class:`BadParameter`, a 400 whose description is one sentence naming it: JSON under
``/api/v1`` (its error handler), the error page elsewhere. Times in links are read by
``archive.times``.
"""

from __future__ import annotations

import re

from flask import request
from werkzeug.exceptions import BadRequest

from archive.sentences import N_

_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


class ParamError(ValueError):
    """A parameter that cannot be used; the message is one sentence naming it."""


class BadParameter(BadRequest):
    """A request whose parameter cannot be used: 400, the description one sentence naming it."""


def parse_whole(raw: str, name: str, low: int, high: int) -> int:
    """``raw`` as a whole number from ``low`` to ``high``; ParamError otherwise."""
    text = raw.strip()
    if not _WHOLE_NUMBER.fullmatch(text) or not low <= int(text) <= high:
        raise ParamError(
            N_("'%(name)s' must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return int(text)


def optional_whole_arg(name: str, low: int, high: int) -> int | None:
    """The query argument ``name`` as a whole number, None when absent or empty."""
    raw = request.args.get(name, "")
    if not raw:
        return None
    try:
        return parse_whole(raw, name, low, high)
    except ParamError as err:
        raise BadParameter(str(err)) from None


def whole_arg(name: str, default: int, low: int, high: int) -> int:
    """The query argument ``name`` as a whole number, ``default`` when absent or empty."""
    value = optional_whole_arg(name, low, high)
    return default if value is None else value
