"""One POST to a receiver, to the address that was checked (never a second DNS answer)."""

from __future__ import annotations

import http.client
import socket
import ssl
from urllib.parse import urlsplit

from archive.sentences import N_
from archive.webhooks.addresses import UnsafeURL, port_of, resolve

#: What a receiver's answer may weigh before the rest is ignored.
MAX_ANSWER_BYTES = 64 * 1024


class SendError(Exception):
    """The receiver could not be reached or did not answer; the message is one sentence."""


def post(
    url: str, body: bytes, headers: dict[str, str], *, timeout_s: float, allow_private: bool
) -> int:
    """POST ``body`` to ``url`` and return the HTTP status; redirects are not followed (a 3xx
    is an answer like any other). Raises SendError with one sentence when nothing came back."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = port_of(url)
        address = resolve(host, port, allow_private=allow_private)
    except UnsafeURL as err:
        raise SendError(str(err)) from None
    connection = _connection(parts.scheme, host, port, timeout_s)
    # The socket goes to the address checked above: looking the name up again when connecting
    # would let a DNS answer that changed in between (rebinding) reach a private address.
    connection._create_connection = lambda _where, timeout, source: socket.create_connection(  # type: ignore[attr-defined]
        (address, port), timeout, source
    )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read(MAX_ANSWER_BYTES)
        return answer.status
    except TimeoutError:
        raise SendError(
            N_("The receiver did not answer within %(seconds)s seconds.")
            % {"seconds": f"{timeout_s:g}"}
        ) from None
    except ssl.SSLError as err:
        raise SendError(
            N_("The TLS connection to the receiver failed: %(reason)s.") % {"reason": _reason(err)}
        ) from None
    except ConnectionRefusedError:
        raise SendError(N_("The receiver refused the connection.")) from None
    except (OSError, http.client.HTTPException) as err:
        raise SendError(
            N_("The receiver could not be reached: %(reason)s.") % {"reason": _reason(err)}
        ) from None
    finally:
        connection.close()


def _connection(scheme: str, host: str, port: int, timeout_s: float) -> http.client.HTTPConnection:
    if scheme == "https":
        return http.client.HTTPSConnection(
            host, port, timeout=timeout_s, context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(host, port, timeout=timeout_s)


def _reason(err: BaseException) -> str:
    text = str(getattr(err, "reason", None) or err or type(err).__name__).strip().rstrip(".")
    return text[:200] or type(err).__name__
