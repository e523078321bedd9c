"""One POST to a receiver, to the address that was checked (never a second DNS answer)."""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
from urllib.parse import urlsplit

from archive.sentences import N_
from archive.webhooks.addresses import UnsafeURL, port_of, resolve


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
    # The socket timeout bounds each wait, not the whole exchange: a receiver trickling its
    # answer byte by byte would hold the worker (and outlive the delivery's claim) without this.
    cut = threading.Event()
    deadline = threading.Timer(timeout_s, _cut, args=(connection, cut))
    deadline.start()
    try:
        connection.request("POST", target, body=body, headers=headers)
        status = connection.getresponse().status  # the answer's body is of no use
    except (http.client.HTTPException, OSError) as err:
        if not (isinstance(err, TimeoutError) or cut.is_set()):
            raise SendError(_failure(err)) from None
        status = None
    finally:
        deadline.cancel()
        connection.close()
    if status is None or cut.is_set():  # an answer cut short is no answer
        raise SendError(
            N_("The receiver did not answer within %(seconds)s seconds.")
            % {"seconds": f"{timeout_s:g}"}
        )
    return status


def _cut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    """End a connection whose time is up (shutting the socket down wakes a blocked read)."""
    cut.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _failure(err: BaseException) -> str:
    if isinstance(err, ssl.SSLError):
        return N_("The TLS connection to the receiver failed: %(reason)s.") % {
            "reason": _reason(err)
        }
    if isinstance(err, ConnectionRefusedError):
        return N_("The receiver refused the connection.")
    return N_("The receiver could not be reached: %(reason)s.") % {"reason": _reason(err)}


def _connection(scheme: str, host: str, port: int, timeout_s: float) -> http.client.HTTPConnection:
    if scheme == "https":
        return http.client.HTTPSConnection(
            host, port, timeout=timeout_s, context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(host, port, timeout=timeout_s)


def _reason(err: BaseException) -> str:
    text = str(getattr(err, "reason", None) or err or type(err).__name__).strip().rstrip(".")
    return text[:200] or type(err).__name__
