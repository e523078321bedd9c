"""The demo catalogue: an event, fictional speakers and generated recordings to import."""

from archive.demo.content import (
    DEMO_EVENT,
    DEMO_REPLAYS,
    DEMO_SPEAKERS,
    DEMO_THEMES,
    SYNTHETIC_NOTICE,
    DemoEvent,
    DemoLine,
    DemoReplay,
    DemoSpeaker,
    DemoTheme,
    speaker_by_slug,
)
from archive.demo.synth import DemoMedia, build_demo_media
from archive.demo.tools import DemoMediaError

__all__ = [
    "DEMO_EVENT",
    "DEMO_REPLAYS",
    "DEMO_SPEAKERS",
    "DEMO_THEMES",
    "SYNTHETIC_NOTICE",
    "DemoEvent",
    "DemoLine",
    "DemoMedia",
    "DemoMediaError",
    "DemoReplay",
    "DemoSpeaker",
    "DemoTheme",
    "build_demo_media",
    "speaker_by_slug",
]
