"""The one module that reads and writes clock times."""

from __future__ import annotations

import pytest

from archive.times import (
    TimeError,
    format_clock,
    format_precise,
    format_vtt_timestamp,
    iso_duration,
    parse_clock,
    parse_moment,
    parse_typed_time,
    time_param,
)


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("75", 75.0), ("75.5", 75.5), ("1:15", 75.0), ("1:02:03", 3723.0), ("1m15s", 75.0),
     ("2h", 7200.0), ("90s", 90.0), ("", None), ("abc", None), ("²", None), ("1:²", None),
     ("１２", None), ("1:xx", None)],
)  # fmt: skip
def test_link_times(raw: str, seconds: float | None) -> None:
    """``?t=`` accepts what people and other sites write, and nothing that is not a time."""
    assert parse_moment(raw) == seconds


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("00:01:02,500", 62.5), ("01:02.5", 62.5), ("1:00:00", 3600.0), ("00:01:60,000", None),
     ("1:61:00", None), ("xx", None), ("0٣:00", None)],
)  # fmt: skip
def test_transcript_clock(raw: str, seconds: float | None) -> None:
    """SRT and text transcript timestamps: seconds and minutes stay under 60."""
    assert parse_clock(raw) == seconds


def test_typed_times_and_their_errors() -> None:
    """Editors type times several ways; a wrong one gets a sentence with an example."""
    assert parse_typed_time("65.5") == 65.5
    assert parse_typed_time("1:05,5") == 65.5
    assert parse_typed_time("0:01:05.500") == 65.5
    with pytest.raises(TimeError, match="write it as 1:05.5"):
        parse_typed_time("1:75")
    with pytest.raises(TimeError, match="is not a time"):
        parse_typed_time("soon")
    with pytest.raises(TimeError, match="is not a time"):
        parse_typed_time("²")


def test_formats_round_trip() -> None:
    """What we write, we read back to the millisecond."""
    for seconds in (0.0, 1.001, 65.5, 3725.25):
        assert parse_clock(format_vtt_timestamp(seconds)) == seconds
        assert parse_typed_time(format_precise(seconds)) == seconds
    assert format_vtt_timestamp(3725.25) == "01:02:05.250"
    assert format_precise(65.5) == "1:05.500"
    assert format_clock(3725.9) == "1:02:05" and format_clock(75.4) == "1:15"
    assert time_param(12.0) == "12" and time_param(12.5) == "12.5" and time_param(0) == "0"
    assert iso_duration(3725.4) == "PT1H2M5S" and iso_duration(0) == "PT0S"
