"""Where a webhook may go: http(s) URLs whose host resolves to public addresses only.

An admin's URL is fetched by the worker, inside the archive's network: without this check it
could reach the database, the metadata service of a cloud host or an intranet page (SSRF).
``ARCHIVE_WEBHOOKS_ALLOW_PRIVATE`` lifts the address rule for receivers on an intranet.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from archive.sentences import N_

MAX_URL_CHARS = 2000


class UnsafeURL(ValueError):
    """A URL no webhook may be sent to; the message is one sentence."""


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL, trimmed, when webhooks may be sent there; raises UnsafeURL otherwise."""
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise UnsafeURL(N_("A webhook URL must be at most 2000 characters long."))
    if not url.isascii():
        raise UnsafeURL(
            N_(
                "A webhook URL must be written in ASCII: the host in punycode, other characters "
                "percent-encoded."
            )
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(N_("A webhook URL must start with http:// or https://."))
    if not parts.hostname:
        raise UnsafeURL(N_("A webhook URL must name a host."))
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL(
            N_(
                "A webhook URL must not carry a user name or password; the signature proves the sender."
            )
        )
    resolve(parts.hostname, port_of(url), allow_private=allow_private)
    return url


def port_of(url: str) -> int:
    """The TCP port a URL names, or its scheme's default; UnsafeURL when it is not a port."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise UnsafeURL(N_("The port of a webhook URL must be a number from 1 to 65535.")) from None
    return port or (443 if parts.scheme == "https" else 80)


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to for ``host``; raises UnsafeURL when the name is unknown or
    any of its addresses is not public (unless private addresses are allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeURL(N_("The host %(host)s could not be found.") % {"host": host}) from None
    addresses = [str(info[4][0]) for info in infos]
    if not allow_private and not all(is_public(address) for address in addresses):
        raise UnsafeURL(
            N_(
                "The host %(host)s has a private, loopback or reserved address; webhooks go to "
                "public addresses only."
            )
            % {"host": host}
        )
    return addresses[0]


def is_public(address: str) -> bool:
    """Whether an IP address is reachable on the public internet (not loopback, private,
    link-local, shared, multicast or reserved), IPv4 written inside IPv6 included."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
