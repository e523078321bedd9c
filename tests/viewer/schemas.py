"""JSON Schemas of what other sites read: oEmbed responses and schema.org VideoObject.

oEmbed: https://oembed.com section 2.3 (all responses) and 2.3.4.2 (``video``: ``html``,
``width`` and ``height`` required; the three ``thumbnail_*`` fields go together).
VideoObject: Google's video structured data (name, description, thumbnailUrl, uploadDate
required) plus what the archive promises (contentUrl, embedUrl, ISO 8601 duration,
transcript, chapters as Clip parts).
"""

from __future__ import annotations

from typing import Any

URL = {"type": "string", "pattern": r"^https?://[^\s/]+/\S*$"}
POSITIVE = {"type": "integer", "minimum": 1}

OEMBED_VIDEO: dict[str, Any] = {
    "type": "object",
    "required": ["version", "type", "html", "width", "height"],
    "properties": {
        "version": {"const": "1.0"},
        "type": {"const": "video"},
        "title": {"type": "string"},
        "author_name": {"type": "string"},
        "author_url": URL,
        "provider_name": {"type": "string"},
        "provider_url": URL,
        "cache_age": {"type": "integer", "minimum": 0},
        "thumbnail_url": URL,
        "thumbnail_width": POSITIVE,
        "thumbnail_height": POSITIVE,
        "html": {
            "type": "string",
            "pattern": r"^<iframe [^<>]*src=\"https?://[^\"]+/embed/[^\"]+\"[^<>]*></iframe>$",
        },
        "width": POSITIVE,
        "height": POSITIVE,
    },
    "dependentRequired": {
        "thumbnail_url": ["thumbnail_width", "thumbnail_height"],
        "thumbnail_width": ["thumbnail_url", "thumbnail_height"],
        "thumbnail_height": ["thumbnail_url", "thumbnail_width"],
    },
}

ISO_DATETIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)$"
CLIP = {
    "type": "object",
    "required": ["@type", "name", "startOffset", "url"],
    "properties": {
        "@type": {"const": "Clip"},
        "name": {"type": "string", "minLength": 1},
        "startOffset": {"type": "integer", "minimum": 0},
        "endOffset": {"type": "integer", "minimum": 0},
        "url": URL,
    },
}
VIDEO_OBJECT: dict[str, Any] = {
    "type": "object",
    "required": [
        "@context",
        "@type",
        "name",
        "description",
        "thumbnailUrl",
        "uploadDate",
        "contentUrl",
        "embedUrl",
        "duration",
        "transcript",
    ],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "VideoObject"},
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "thumbnailUrl": {"type": "array", "minItems": 1, "items": URL},
        "uploadDate": {"type": "string", "pattern": ISO_DATETIME},
        "contentUrl": URL,
        "embedUrl": URL,
        "duration": {"type": "string", "pattern": r"^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$"},
        "transcript": {"type": "string", "minLength": 1},
        "hasPart": {"type": "array", "items": CLIP},
        "inLanguage": {"enum": ["fr", "en"]},
    },
}
