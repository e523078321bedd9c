"""Media URL tokens: a path segment, so HLS segments resolved relative to a playlist keep it.

A public replay's token is just its media version (good for caching), and only the current
one opens its media: when the replay stops being public its media move to a new folder
(``rotation``), so the URLs handed out while it was public never work again. Any other
replay's token is ``<expiry>.<hmac>`` over the replay id, the expiry and its visibility
*now*: changing the visibility invalidates every token at once.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from archive.models import Replay, Visibility


def _mac(secret: str, replay: Replay, expires: int) -> str:
    message = f"{replay.id}|{expires}|{replay.visibility}|{replay.media_prefix}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def _public_token(replay: Replay) -> str:
    return "v" + hashlib.sha256((replay.media_prefix or "").encode()).hexdigest()[:10]


def media_token(replay: Replay, secret: str, ttl_s: int) -> str:
    """The token to put in this replay's media URLs."""
    if replay.visibility == Visibility.PUBLIC:
        return _public_token(replay)
    # Round the expiry so a page's URLs stay the same for a while (cacheable, stable players).
    expires = (int(time.time()) // 60 + 1) * 60 + ttl_s - 60
    return f"{expires}.{_mac(secret, replay, expires)}"


def token_allows(replay: Replay, token: str, secret: str) -> bool:
    """Whether a media URL token still grants access to this replay."""
    if replay.visibility == Visibility.PUBLIC:
        return hmac.compare_digest(token.encode(), _public_token(replay).encode())
    expires_text, _, mac = token.partition(".")
    if not (expires_text.isascii() and expires_text.isdigit()) or int(expires_text) < time.time():
        return False
    return hmac.compare_digest(mac, _mac(secret, replay, int(expires_text)))
