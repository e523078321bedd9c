"""Media in a local folder: the embedded default, with atomic writes."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from archive.storage.base import MAX_PRESIGN_S, Storage
from archive.storage.errors import InvalidKey, ObjectNotFound, StorageError, StorageUnavailable
from archive.storage.files import atomic_write, copy_stream
from archive.storage.keys import PART_SUFFIX, validate_key, validate_prefix


class LocalStorage(Storage):
    """Objects stored as files under a root folder, keys being relative paths.

    Files carry no headers: whoever serves them derives Content-Type and Cache-Control from
    the key with ``content_types.headers_for``, so ``content_type`` and ``cache_control``
    arguments are accepted for the common interface and otherwise unused.
    """

    def __init__(self, root: Path, *, public_base_url: str | None = None) -> None:
        if not root.is_absolute():
            raise StorageError(f"The storage folder {root} must be an absolute path.")
        super().__init__(root.as_uri(), public_base_url=public_base_url)
        #: the folder every key is relative to
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    def _existing(self, key: str) -> Path:
        path = self._path(key)
        if not path.is_file():
            raise ObjectNotFound(f"Nothing is stored under {key}.")
        return path

    def put_file(
        self,
        key: str,
        path: Path,
        *,
        content_type: str | None = None,
        cache_control: str | None = None,
    ) -> None:
        """Copy the file at ``path`` under ``key`` atomically, in constant memory."""
        final = self._path(key)
        try:
            source = path.open("rb")
        except OSError as exc:
            raise StorageError(
                f"The file to store, {path}, cannot be read: {exc.strerror}."
            ) from exc
        with source, self._writing(key, final) as out:
            copy_stream(source, out)

    def put_bytes(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str | None = None,
        cache_control: str | None = None,
    ) -> None:
        """Write ``data`` under ``key`` atomically."""
        with self._writing(key, self._path(key)) as out:
            out.write(data)

    @contextmanager
    def _writing(self, key: str, final: Path) -> Iterator[BinaryIO]:
        try:
            with atomic_write(final) as out:
                yield out
        except OSError as exc:
            raise StorageError(f"Could not write {key} in {self.root}: {exc.strerror}.") from exc

    def copy(self, source: str, target: str) -> None:
        """Give the file under ``source`` a second name, ``target``: a hard link, so nothing
        is copied (a plain copy where the file system has no hard links)."""
        stored = self._existing(source)
        final = self._path(target)
        temporary = final.with_name(f"{final.name}.{secrets.token_hex(6)}{PART_SUFFIX}")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(stored, temporary)
            except OSError:
                shutil.copyfile(stored, temporary)
            os.replace(temporary, final)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise StorageError(f"Could not copy {source} to {target}: {exc.strerror}.") from exc

    def get_file(self, key: str, path: Path) -> None:
        """Copy the object under ``key`` to ``path`` (written atomically too)."""
        stored = self._existing(key)
        try:
            with stored.open("rb") as source, atomic_write(path) as out:
                copy_stream(source, out)
        except OSError as exc:
            raise StorageError(f"Could not copy {key} to {path}: {exc.strerror}.") from exc

    def local_path(self, key: str) -> Path:
        """The stored file itself, for web servers that send files with ranges."""
        return self._existing(key)

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """Yield the stored file itself: no copy is needed on a local disk."""
        yield self._existing(key)

    def open_stream(self, key: str) -> BinaryIO:
        """Open the stored file for reading."""
        try:
            return self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError):
            raise ObjectNotFound(f"Nothing is stored under {key}.") from None

    def exists(self, key: str) -> bool:
        """Whether a file is stored under ``key``."""
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        """The size in bytes of the stored file."""
        return self._existing(key).stat().st_size

    def list_keys(self, prefix: str) -> list[str]:
        """Every key starting with ``prefix``, sorted, leaving out writes in progress."""
        return sorted(
            path.relative_to(self.root).as_posix()
            for entry in self._matching(prefix)
            for path in _files(entry)
        )

    def delete(self, key: str) -> None:
        """Remove the file under ``key`` and the folders it leaves empty."""
        path = self._path(key)
        path.unlink(missing_ok=True)
        self._prune(path.parent)

    def delete_prefix(self, prefix: str) -> int:
        """Remove every key starting with ``prefix`` (a folder with its trailing slash
        removes that folder tree); return how many keys were removed."""
        if not validate_prefix(prefix):
            raise InvalidKey("Refusing to delete the whole store: name the folder to delete.")
        count = 0
        for entry in list(self._matching(prefix)):
            count += sum(1 for _ in _files(entry))
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink(missing_ok=True)
            self._prune(entry.parent)
        return count

    def _matching(self, prefix: str) -> Iterator[Path]:
        """The files and folders whose keys, and those of everything below, start with
        ``prefix``: found by name in the prefix's last folder, without walking the rest."""
        folder, _, stem = validate_prefix(prefix).rpartition("/")
        base = self.root / folder
        if not base.is_dir():
            return
        if not stem:
            yield base
            return
        for child in base.iterdir():
            if child.name.startswith(stem):
                yield child

    def _prune(self, folder: Path) -> None:
        """Remove empty folders from ``folder`` up to (not including) the root."""
        while folder != self.root and self.root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return  # not empty, or already gone: either way, stop climbing
            folder = folder.parent

    def abort_incomplete_uploads(self, older_than_s: float = 0) -> int:
        """Remove temporary ``*.part`` files older than ``older_than_s`` seconds."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than_s
        removed = 0
        for path in self.root.rglob(f"*{PART_SUFFIX}"):
            try:
                if path.is_file() and path.stat().st_mtime <= cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # finished (renamed) or cleaned by someone else meanwhile
        return removed

    def presigned_get(
        self, key: str, *, expires: int = MAX_PRESIGN_S, filename: str | None = None
    ) -> str | None:
        """None: the web app serves local files itself, under its own signed URLs."""
        validate_key(key)
        return None

    def ping(self) -> None:
        """Raise StorageUnavailable unless the root folder exists (or can be made) and is writable."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable(
                f"The storage folder {self.root} cannot be created: {exc.strerror}."
            ) from exc
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise StorageUnavailable(f"The storage folder {self.root} is not writable.")


def _files(entry: Path) -> Iterator[Path]:
    """The stored files at or under ``entry``, leaving out writes in progress."""
    candidates = entry.rglob("*") if entry.is_dir() else iter((entry,))
    for path in candidates:
        if path.is_file() and not path.name.endswith(PART_SUFFIX):
            yield path
