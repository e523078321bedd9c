"""The named failures of the media side, each carrying one sentence an editor can read."""

from __future__ import annotations


def N_(sentence: str) -> str:
    """Mark an English sentence for translation and return it unchanged.

    pybabel extracts what ``N_`` marks; the app translates the sentence when it shows it
    (``archive.sentences``), so this library stays English and free of any web stack.
    """
    return sentence


class MediaError(Exception):
    """ffmpeg or ffprobe could not do what was asked; ``sentence`` says why in plain words."""

    def __init__(
        self,
        sentence: str,
        *,
        log_tail: str | None = None,
        transient: bool = False,
        command: list[str] | None = None,
        returncode: int | None = None,
    ) -> None:
        super().__init__(sentence)
        #: One clear sentence for editors and the API, never a traceback.
        self.sentence = sentence
        #: The last lines ffmpeg wrote on stderr, for the job's log.
        self.log_tail = log_tail
        #: True when retrying the same job later may succeed (killed by the system, overload).
        self.transient = transient
        #: The exact argument list that was run.
        self.command = command
        self.returncode = returncode


class MediaRejected(MediaError):
    """The upload is not a recording we accept (hostile, unreadable or unsupported); never retried."""

    def __init__(self, sentence: str, *, log_tail: str | None = None) -> None:
        super().__init__(sentence, log_tail=log_tail, transient=False)


class MediaTimeout(MediaError):
    """An ffmpeg or ffprobe process ran past its time limit and was killed."""
