"""The external programs the demo generator runs, and the one error it raises."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

#: the Debian package that provides each program we run
DEBIAN_PACKAGES = {"espeak-ng": "espeak-ng", "ffmpeg": "ffmpeg", "ffprobe": "ffmpeg"}

#: generous: the slowest step, one encode of a ~45 s still-image video, takes a few seconds
COMMAND_TIMEOUT = 300.0


class DemoMediaError(RuntimeError):
    """Generating a demo recording failed; the message is one sentence for the user."""


def require_tool(name: str) -> str:
    """The full path of a program, or a DemoMediaError naming the package that provides it."""
    path = shutil.which(name)
    if path is None:
        package = DEBIAN_PACKAGES.get(name, name)
        raise DemoMediaError(
            f"{name} is needed to generate the demo recordings but is not installed: "
            f"install the Debian package {package} (apt-get install {package})."
        )
    return path


def run_tool(args: list[str], *, cwd: Path | None = None) -> str:
    """Run a program from an argument list and return its standard output."""
    try:
        result = subprocess.run(  # noqa: S603 - argument list, never a shell
            args, cwd=cwd, capture_output=True, timeout=COMMAND_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise DemoMediaError(
            f"{Path(args[0]).name} did not finish within {COMMAND_TIMEOUT:.0f} seconds."
        ) from exc
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise DemoMediaError(
            f"{Path(args[0]).name} failed with exit status {result.returncode}: " + " / ".join(tail)
        )
    return result.stdout.decode("utf-8", "replace")
