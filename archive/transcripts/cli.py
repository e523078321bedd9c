"""``replay-archive transcript ...``: check a transcript file before importing it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from archive.times import format_vtt_timestamp
from archive.transcripts.errors import TranscriptError
from archive.transcripts.model import ParsedTranscript
from archive.transcripts.parse import parse_transcript

#: exit status for a transcript that cannot be used, as for any bad command-line input
INVALID_INPUT = 2


@click.group("transcript")
def transcript_group() -> None:
    """Parse and validate transcripts (WebVTT, SRT, timed text)."""


@transcript_group.command("parse")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the cues as JSON.")
def parse_command(file: Path, as_json: bool) -> None:
    """Parse FILE and print its cues; exit 2 with the file, line and reason if it is invalid."""
    try:
        transcript = parse_transcript(file, display_name=str(file))
    except TranscriptError as exc:
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(INVALID_INPUT) from None
    if as_json:
        click.echo(json.dumps(transcript_to_json(transcript), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(transcript))


def transcript_to_json(transcript: ParsedTranscript) -> dict[str, object]:
    """The contract's JSON shape: ``{"cues": [{"start", "end", "text", "speaker"}]}``."""
    return {
        "cues": [
            {"start": cue.start, "end": cue.end, "text": cue.text, "speaker": cue.speaker}
            for cue in transcript.cues
        ]
    }


def format_table(transcript: ParsedTranscript) -> str:
    """A readable table: time range, speaker and text, one cue per row."""
    speakers = [cue.speaker or "—" for cue in transcript.cues]
    width = max(len("SPEAKER"), *(len(name) for name in speakers))
    rows = [f"{'START':<12} → {'END':<12}  {'SPEAKER':<{width}}  TEXT"]
    for cue, speaker in zip(transcript.cues, speakers, strict=True):
        times = f"{format_vtt_timestamp(cue.start)} → {format_vtt_timestamp(cue.end)}"
        rows.append(f"{times}  {speaker:<{width}}  {cue.text.replace(chr(10), ' / ')}")
    count = len(transcript.cues)
    rows.append(f"{count} cue{'s' if count != 1 else ''} ({transcript.format})")
    return "\n".join(rows)
