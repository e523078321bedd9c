"""The OpenAPI description of the calls that change the archive: drafts, media, transcripts
and publication (merged into ``/api/v1/openapi.json`` by ``archive.api.openapi``)."""

from __future__ import annotations

from typing import Any

_STR = {"type": "string"}
_EDITORS: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}]


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _refusals(*codes: str) -> dict[str, Any]:
    """The refusals every editor call can meet, plus ``codes``."""
    reasons = {
        "400": "Invalid request: the error names the field and why",
        "401": "No credentials, or an API token that is unknown or revoked",
        "403": "The caller is not an editor (a viewer's token, for instance)",
        "404": "No such replay, or one the caller may not see",
        "409": "The replay cannot take this now (being processed, already published...)",
        "413": "Too large",
        "415": "A body of another media type than the call takes",
        "422": "A transcript that cannot be read: the error names the file, line and reason",
    }
    return {code: _error(reasons[code]) for code in ("400", "401", "403", "404", *codes)}


_REPLAY_ID = {"name": "id", "in": "path", "required": True, "schema": _STR}
_LANGUAGE = {
    "name": "language",
    "in": "path",
    "required": True,
    "schema": {"enum": ["fr", "en"]},
}

SCHEMAS: dict[str, Any] = {
    "NewReplay": {
        "type": "object",
        "required": ["title"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 300},
            "description": {"type": ["string", "null"]},
            "event": {"type": ["string", "null"], "description": "Event name, created if new"},
            "session_type": {
                "enum": ["keynote", "masterclass", "round_table", "talk", "interview", "other"]
            },
            "recorded_on": {"type": ["string", "null"], "format": "date"},
            "language": {"enum": ["fr", "en"]},
            "visibility": {"enum": ["public", "unlisted", "private"]},
            "featured": {"type": "boolean"},
            "publish_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "Embargo: until then only editors see the replay, even published",
            },
            "themes": {"type": "array", "items": _STR},
            "speakers": {
                "type": "array",
                "description": "In order; a name keeps the speaker's known role and organisation",
                "items": {
                    "oneOf": [
                        _STR,
                        {
                            "type": "object",
                            "required": ["name"],
                            "properties": {"name": _STR, "role": _STR, "organisation": _STR},
                        },
                    ]
                },
            },
            "viewers": {
                "type": "array",
                "items": _STR,
                "description": "Emails of accounts that may watch the replay while private",
            },
        },
    },
    "MediaUpload": {
        "type": "object",
        "required": ["filename", "size"],
        "properties": {
            "filename": {"type": "string", "description": "Its extension must be a recording's"},
            "size": {"type": "integer", "minimum": 1, "description": "In bytes"},
            "type": {"type": "string", "description": "Media type, such as video/mp4"},
            "protocol": {
                "enum": ["tus", "s3"],
                "description": "s3 (the default where media are kept in S3) or tus",
            },
        },
    },
    "MediaUploadStarted": {
        "type": "object",
        "required": ["protocol", "complete_url"],
        "description": (
            "tus: PATCH the bytes to upload_url (tus 1.0.0, with the API token), then POST"
            " {upload} to complete_url. s3: PUT each part's bytes to its url (the exact size"
            " given), keep each answer's ETag header, then POST {token, parts: [{PartNumber,"
            " ETag}]} to complete_url; an expired part URL is signed again by POST sign_url"
            " {method: PUT, key, uploadId, partNumber, token}."
        ),
        "properties": {
            "protocol": {"enum": ["tus", "s3"]},
            "complete_url": _STR,
            "upload": {"type": "string", "description": "tus: the upload id"},
            "upload_url": {"type": "string", "description": "tus: where to PATCH the bytes"},
            "offset": {"type": "integer"},
            "token": {"type": "string", "description": "s3: the upload's grant"},
            "part_size": {"type": "integer"},
            "parts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["number", "url", "size"],
                    "properties": {
                        "number": {"type": "integer"},
                        "url": _STR,
                        "size": {"type": "integer"},
                    },
                },
            },
            "expires_in": {"type": "integer", "description": "s3: seconds the part URLs live"},
            "sign_url": _STR,
            "key": _STR,
            "upload_id": _STR,
        },
    },
    "MediaUploadDone": {
        "type": "object",
        "properties": {
            "upload": {"type": "string", "description": "tus: the upload id"},
            "token": {"type": "string", "description": "s3: the grant given at the start"},
            "parts": {
                "type": "array",
                "description": "s3: every part uploaded",
                "items": {
                    "type": "object",
                    "required": ["PartNumber", "ETag"],
                    "properties": {"PartNumber": {"type": "integer"}, "ETag": _STR},
                },
            },
            "publish": {
                "type": "boolean",
                "description": (
                    "Publish a draft as soon as it is processed; by default it stays a draft"
                    " until POST /replays/{id}/publish (a published replay stays published)"
                ),
            },
        },
    },
    "MediaQueued": {
        "type": "object",
        "required": ["job", "replay"],
        "properties": {
            "job": {"$ref": "#/components/schemas/Job"},
            "replay": {"$ref": "#/components/schemas/Replay"},
        },
    },
    "Track": {
        "type": "object",
        "required": ["language", "origin", "url", "downloads"],
        "properties": {
            "language": {"enum": ["fr", "en"]},
            "origin": {"enum": ["uploaded", "automatic", "edited"]},
            "url": {"type": "string", "description": "WebVTT"},
            "downloads": {
                "type": "object",
                "properties": {"srt": _STR, "txt": _STR},
            },
        },
    },
}

_TRANSCRIPT_BODY = {
    "required": True,
    "content": {
        "text/vtt": {"schema": _STR},
        "application/x-subrip": {"schema": _STR},
        "text/plain": {"schema": {**_STR, "description": "Timed plain text"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["transcript"],
                "properties": {"transcript": {"type": "string", "format": "binary"}},
            }
        },
    },
}


def _lifecycle(summary: str) -> dict[str, Any]:
    return {
        "summary": summary,
        "security": _EDITORS,
        "parameters": [_REPLAY_ID],
        "responses": {
            "200": {"description": "The replay", "content": _json("Replay")},
            **_refusals("409"),
        },
    }


PATHS: dict[str, Any] = {
    "/replays": {
        "post": {
            "summary": "Create a draft replay (editors); attach its recording and transcripts,"
            " then publish it",
            "security": _EDITORS,
            "requestBody": {"required": True, "content": _json("NewReplay")},
            "responses": {
                "201": {
                    "description": "The draft; Location is its URL",
                    "content": _json("Replay"),
                    "headers": {"Location": {"schema": _STR}},
                },
                **_refusals("415"),
            },
        }
    },
    "/replays/{id}/media": {
        "post": {
            "summary": "Start uploading a replay's recording (a draft's first, or a new one"
            " for a published replay, which keeps its id and transcripts)",
            "security": _EDITORS,
            "parameters": [_REPLAY_ID],
            "requestBody": {"required": True, "content": _json("MediaUpload")},
            "responses": {
                "201": {
                    "description": "Where and how to send the bytes",
                    "content": _json("MediaUploadStarted"),
                },
                **_refusals("409", "413", "415"),
            },
        }
    },
    "/replays/{id}/media/complete": {
        "post": {
            "summary": "Queue the processing of the finished upload; follow the job",
            "security": _EDITORS,
            "parameters": [_REPLAY_ID],
            "requestBody": {"required": True, "content": _json("MediaUploadDone")},
            "responses": {
                "202": {
                    "description": "Queued; Location is the job's URL",
                    "content": _json("MediaQueued"),
                    "headers": {"Location": {"schema": _STR}},
                },
                "200": {"description": "Completed before", "content": _json("MediaQueued")},
                **_refusals("409", "415"),
            },
        }
    },
    "/replays/{id}/transcripts/{language}": {
        "parameters": [_REPLAY_ID, _LANGUAGE],
        "put": {
            "summary": "Upload a transcript track (WebVTT, SRT or timed text), replacing the"
            " language's track",
            "security": _EDITORS,
            "requestBody": _TRANSCRIPT_BODY,
            "responses": {
                "201": {"description": "The new track", "content": _json("Track")},
                "200": {"description": "The replaced track", "content": _json("Track")},
                **_refusals("413", "415", "422"),
            },
        },
        "delete": {
            "summary": "Delete a transcript track",
            "security": _EDITORS,
            "responses": {"204": {"description": "Deleted"}, **_refusals()},
        },
    },
    "/replays/{id}/publish": {
        "post": _lifecycle(
            "Publish a processed replay (its publish_at, if any, still holds it back until then)"
        )
    },
    "/replays/{id}/unpublish": {
        "post": _lifecycle("Take a published replay down: a draft again, its media kept")
    },
}
