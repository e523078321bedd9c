"""The one error a transcript parser raises: which file, which line, and why."""

from __future__ import annotations

from archive.sentences import N_


class TranscriptError(ValueError):
    """A transcript that cannot be read, named by file and 1-based line.

    ``str(err)`` is ``"<filename>:<line>: <reason>"``, the form editors and the CLI show;
    when no line applies (the file cannot be opened) it is ``"<filename>: <reason>"``.
    """

    def __init__(self, filename: str, line: int | None, reason: str) -> None:
        self.filename = filename
        self.line = line
        self.reason = reason
        super().__init__(self.__str__())

    def __str__(self) -> str:
        values = {"file": self.filename, "line": self.line, "reason": self.reason}
        if self.line is None:
            return N_("%(file)s: %(reason)s") % values
        return N_("%(file)s:%(line)d: %(reason)s") % values


def quoted(value: str, limit: int = 40) -> str:
    """Quote a piece of the file for an error message, shortened so the message stays one line."""
    value = " ".join(value.split()) if len(value) > limit else value
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return f"'{value}'"
