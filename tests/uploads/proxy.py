"""A TCP relay between the browser and the archive that plays a hotel's Wi-Fi: slow uploads,
and a connection that can be cut and brought back.

Loopback is far too fast to watch an upload move, and a browser's offline mode only stops
new requests; cutting the sockets here drops the request in flight, as a real network
does, so the server sees the connection die mid-body.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from contextlib import suppress

BLOCK = 64 * 1024


class CuttableRelay:
    """Relay 127.0.0.1:<port> to the target, browser-to-server bytes limited to ``rate``."""

    def __init__(
        self,
        target_port: int,
        rate_bytes_per_s: float,
        *,
        response_fix: tuple[bytes, bytes] | None = None,
    ) -> None:
        self.target = ("127.0.0.1", target_port)
        self.rate = rate_bytes_per_s
        #: (wrong, right): a server answer containing ``wrong`` is relayed with ``right``
        self.response_fix = response_fix
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_off = threading.Event()
        #: bytes relayed from the browser to the server, over every connection
        self.upstream_bytes = 0
        self.closed = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        threading.Thread(target=self._accept, name="relay-accept", daemon=True).start()

    @property
    def url(self) -> str:
        """The base URL the browser uses."""
        return f"http://127.0.0.1:{self.port}"

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until :meth:`restore`."""
        self.cut_off.set()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    def restore(self) -> None:
        """Let connections through again."""
        self.cut_off.clear()

    def close(self) -> None:
        """Stop relaying."""
        self.closed.set()
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off.is_set():
                _close(client)
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._sockets.update((client, server))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._answer, args=(server, client), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, throttled: bool) -> None:
        started, sent = time.monotonic(), 0
        try:
            while block := source.recv(BLOCK):
                target.sendall(block)
                sent += len(block)
                if throttled:
                    with self._lock:
                        self.upstream_bytes += len(block)
                    # Sleep until the bytes sent so far fit the rate.
                    time.sleep(max(0.0, sent / self.rate - (time.monotonic() - started)))
        except OSError:
            pass
        finally:
            _close(source)
            _close(target)

    def _answer(self, server: socket.socket, client: socket.socket) -> None:
        """Relay the server's answers, correcting one when asked (it closes after each)."""
        if self.response_fix is None:
            self._pump(server, client, False)
            return
        try:
            answer = b""
            while block := server.recv(BLOCK):
                answer += block
                if self.response_fix[0] not in answer and len(answer) > BLOCK:
                    client.sendall(answer)  # not the answer to correct: stream the rest
                    self._pump(server, client, False)
                    return
            client.sendall(_corrected(answer, *self.response_fix))
        except OSError:
            pass
        finally:
            _close(server)
            _close(client)


def _corrected(answer: bytes, wrong: bytes, right: bytes) -> bytes:
    """``answer`` with ``wrong`` replaced by ``right`` and its Content-Length adjusted."""
    if wrong not in answer:
        return answer
    head, _, body = answer.partition(b"\r\n\r\n")
    body = body.replace(wrong, right)
    head = re.sub(rb"(?im)^content-length:.*$", b"Content-Length: %d" % len(body), head)
    return head + b"\r\n\r\n" + body


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        sock.close()
