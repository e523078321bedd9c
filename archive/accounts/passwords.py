"""Password hashing with Argon2id at OWASP's recommended parameters."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB of memory, 2 iterations, 1 lane.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

#: Verified against when the email is unknown, so timing does not reveal which emails exist.
DUMMY_HASH = _hasher.hash("not a real password")


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash (one Argon2 verification in every case)."""
    try:
        extract_parameters(stored_hash)
        usable = True
    except InvalidHashError:
        # No usable hash (an account restored without its password): as slow as a wrong one.
        usable = False
    try:
        return _hasher.verify(stored_hash if usable else DUMMY_HASH, password) and usable
    except (VerificationError, InvalidHashError):
        return False
