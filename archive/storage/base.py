"""The storage interface that the pipeline and the web layer call, whatever the backend."""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from archive.storage.errors import InvalidKey, StorageError
from archive.storage.keys import join_key, validate_key, validate_prefix

#: Called with each key once its object is stored (always from the caller's thread).
Progress = Callable[[str], None]

#: Presigned URLs never live longer than this many seconds.
MAX_PRESIGN_S = 900


class Storage(ABC):
    """Media objects addressed by relative keys such as ``replays/42/v1/master.m3u8``."""

    #: ``put_tree`` uploads this many files at once (network stores gain from parallelism).
    upload_concurrency: int = 1
    #: Whether browsers may upload straight into the store (``create_multipart`` and co).
    supports_direct_upload: bool = False

    def __init__(self, url: str, *, public_base_url: str | None = None) -> None:
        #: the storage URL, ``file:///abs/path`` or ``s3://bucket/prefix``
        self.url = url
        #: a public or CDN base URL mapped onto the storage root, when media are public
        self.public_base_url = public_base_url.rstrip("/") if public_base_url else None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    # Writing -----------------------------------------------------------------------------

    @abstractmethod
    def put_file(
        self,
        key: str,
        path: Path,
        *,
        content_type: str | None = None,
        cache_control: str | None = None,
    ) -> None:
        """Store the file at ``path`` under ``key``, replacing any object there."""

    @abstractmethod
    def put_bytes(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        cache_control: str | None = None,
    ) -> None:
        """Store ``data`` under ``key``, replacing any object there."""

    def put_tree(
        self,
        prefix: str,
        folder: Path,
        *,
        last: Sequence[str] = (),
        progress: Progress | None = None,
    ) -> list[str]:
        """Store every file under ``folder`` at ``prefix/relative/path``; return the keys.

        The files named in ``last`` (paths relative to ``folder``) are stored, in that order,
        only once every other file is stored: a master playlist must never be visible before
        the segments it points to.
        """
        first, final = _plan_tree(prefix, folder, last)
        written = self._run_many(
            [(key, functools.partial(self.put_file, key, path)) for key, path in first], progress
        )
        for key, path in final:
            self.put_file(key, path)
            written.append(key)
            if progress is not None:
                progress(key)
        return written

    def _run_many(
        self, items: list[tuple[str, Callable[[], None]]], progress: Progress | None
    ) -> list[str]:
        """Run the writes of ``items`` (the key each writes, and how), several at once when
        the backend gains from it; return the keys written."""
        written: list[str] = []
        workers = min(self.upload_concurrency, len(items))
        if workers <= 1:
            for key, write in items:
                write()
                written.append(key)
                if progress is not None:
                    progress(key)
            return written
        executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storage-put")
        try:
            futures: dict[Future[None], str] = {executor.submit(write): key for key, write in items}
            for future in as_completed(futures):
                future.result()
                written.append(futures[future])
                if progress is not None:
                    progress(futures[future])
        finally:
            # On the first failure, stop queued uploads instead of finishing a doomed tree.
            executor.shutdown(wait=True, cancel_futures=True)
        return written

    # Copying -----------------------------------------------------------------------------

    @abstractmethod
    def copy(self, source: str, target: str) -> None:
        """Store under ``target`` a copy of the object under ``source``, headers included,
        without its bytes passing through this process."""

    def copy_prefix(self, source: str, target: str) -> list[str]:
        """Copy every object of the folder ``source`` to the same place in the folder
        ``target`` (both with their trailing slash); return the new keys."""
        if not (validate_prefix(source).endswith("/") and validate_prefix(target).endswith("/")):
            raise InvalidKey("Name the folders to copy from and to, each with its trailing '/'.")
        copies = [(target + key[len(source) :], key) for key in self.list_keys(source)]
        return self._run_many(
            [(new, functools.partial(self.copy, old, new)) for new, old in copies], None
        )

    # Reading -----------------------------------------------------------------------------

    @abstractmethod
    def get_file(self, key: str, path: Path) -> None:
        """Copy the object under ``key`` to the local file ``path``."""

    @abstractmethod
    def local_copy(self, key: str) -> AbstractContextManager[Path]:
        """A context giving a local path to read the object (a temporary copy if needed)."""

    @abstractmethod
    def open_stream(self, key: str) -> BinaryIO:
        """Open the object for reading in chunks; the caller closes it."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Whether an object is stored under ``key``."""

    @abstractmethod
    def size(self, key: str) -> int:
        """The size in bytes of the object under ``key``."""

    @abstractmethod
    def list_keys(self, prefix: str) -> list[str]:
        """Every key in the folder ``prefix`` and below, sorted ('' lists everything)."""

    def verify(self, keys: Iterable[str]) -> list[str]:
        """The keys among ``keys`` that have no object (checked before publishing)."""
        return [key for key in keys if not self.exists(validate_key(key))]

    # Deleting ----------------------------------------------------------------------------

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the object under ``key``; nothing happens when there is none."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> int:
        """Remove every object in the folder ``prefix``; return how many were removed."""

    @abstractmethod
    def abort_incomplete_uploads(self, older_than_s: float = 0) -> int:
        """Clean up uploads left unfinished for ``older_than_s`` seconds; return the count."""

    # URLs and health ---------------------------------------------------------------------

    @abstractmethod
    def presigned_get(
        self, key: str, *, expires: int = MAX_PRESIGN_S, filename: str | None = None
    ) -> str | None:
        """A time-limited URL to download ``key``, or None when the web app serves it."""

    def public_url(self, key: str) -> str | None:
        """The public URL of ``key`` when a public base URL is configured, else None."""
        if self.public_base_url is None:
            return None
        return f"{self.public_base_url}/{validate_key(key)}"

    @abstractmethod
    def ping(self) -> None:
        """Raise StorageUnavailable when the store cannot be reached or written."""

    # Direct uploads from the browser (S3 only) -------------------------------------------

    def create_multipart(self, key: str, content_type: str) -> str:
        """Start a multipart upload that the browser fills; return its upload id."""
        raise self._no_direct_upload()

    def presign_part(
        self, key: str, upload_id: str, part_number: int, *, size: int, expires: int = 900
    ) -> str:
        """A presigned URL the browser PUTs part ``part_number``, of exactly ``size`` bytes, to."""
        raise self._no_direct_upload()

    def complete_multipart(self, key: str, upload_id: str, parts: list[dict[str, object]]) -> None:
        """Assemble the parts the browser uploaded (``PartNumber`` and ``ETag`` each)."""
        raise self._no_direct_upload()

    def abort_multipart(self, key: str, upload_id: str) -> None:
        """Abandon a direct upload and free its parts."""
        raise self._no_direct_upload()

    def _no_direct_upload(self) -> StorageError:
        return StorageError(
            f"Direct browser uploads need S3 storage; {self.url} is a local folder."
        )


def _plan_tree(
    prefix: str, folder: Path, last: Sequence[str]
) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """Split the files under ``folder`` into (key, path) pairs stored first and last."""
    if not folder.is_dir():
        raise StorageError(f"The folder to store, {folder}, does not exist.")
    relatives = sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )
    missing = [name for name in last if name not in relatives]
    if missing:
        raise StorageError(f"{missing[0]} is not in {folder}, so it cannot be stored last.")
    # Validate every key before the first upload, so a bad name cannot leave half a tree.
    first = [(join_key(prefix, rel), folder / rel) for rel in relatives if rel not in last]
    final = [(join_key(prefix, rel), folder / rel) for rel in last]
    return first, final
