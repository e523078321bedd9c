"""Sign-in limits against password guessing, after OWASP's device cookies.

- A browser holding a device cookie for the account (it signed in to it before) may fail
  ``PER_DEVICE`` times a minute; nothing else counts against it, so an attacker cannot lock the
  owner out.
- Every other attempt on the account shares ``PER_ACCOUNT`` failures a minute, whatever its
  address (guessing spread over many addresses), and each address may fail ``PER_ADDRESS``
  times a minute across accounts (credential stuffing).

The address is the client's as the configured proxies report it (``ARCHIVE_PROXY_COUNT``), and
the counters are shared by every web process (``archive.accounts.counters``).
"""

from __future__ import annotations

import hashlib

from flask import flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from archive.accounts.counters import counters
from archive.accounts.devices import trusted_device
from archive.accounts.forms import LoginForm

#: Failed sign-ins a browser with a device cookie may make for its account, a minute.
PER_DEVICE = 5
#: Failed sign-ins all browsers without a device cookie may make for one account, a minute.
PER_ACCOUNT = 5
#: Failed sign-ins one address may make without a device cookie, across accounts, a minute.
PER_ADDRESS = 30
#: Length of a counter's window, in seconds.
WINDOW_S = 60


def _digest(value: str) -> str:
    """Counter keys carry no email or address in clear, and have a bounded length."""
    return hashlib.blake2b(value.encode(), digest_size=16).hexdigest()


def limits_for(email: str) -> dict[str, int]:
    """The counters an attempt to sign in to this account is checked against, with their limits."""
    device = trusted_device(email)
    if device is not None:
        return {f"device:{_digest(device)}": PER_DEVICE}
    address = request.remote_addr or "unknown"
    return {f"account:{_digest(email)}": PER_ACCOUNT, f"address:{_digest(address)}": PER_ADDRESS}


def seconds_to_wait(limits: dict[str, int]) -> int:
    """Seconds before the attempt may be made (0: now)."""
    return counters().wait(limits)


def count_failure(limits: dict[str, int]) -> None:
    """Count a failed attempt under each of its counters."""
    counters().add(limits, WINDOW_S)


def too_many_attempts(form: LoginForm, wait_s: int) -> ResponseReturnValue:
    """The sign-in form again, with one sentence saying to wait."""
    flash(_("Too many failed sign-in attempts. Wait a minute, then try again."), "error")
    body = render_template("accounts/login.html", form=form)
    return body, 429, {"Retry-After": str(wait_s)}
