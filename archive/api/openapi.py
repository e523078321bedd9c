"""``/api/v1/openapi.json``: the API's description (OpenAPI 3.1)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from archive.api import bp, openapi_editing

_STR = {"type": "string"}
_NUM = {"type": "number"}
_NULL_STR = {"type": ["string", "null"]}
_ERROR = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_UNAUTHORIZED = {
    "description": "No credentials, or an API token that is unknown or revoked",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "An API token (`replay-archive create-token EMAIL --name NAME`, or the admin pages);"
            " it acts as its user, with that user's role, and needs no CSRF token."
        ),
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
        "description": "A signed-in browser session; changes also need the X-CSRFToken header.",
    },
}


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": _STR}},
    "Rendition": {
        "type": "object",
        "required": ["width", "height", "bandwidth"],
        "properties": {
            "name": _STR,
            "width": {"type": ["integer", "null"]},
            "height": {"type": ["integer", "null"]},
            "bandwidth": {"type": "integer"},
        },
    },
    "Replay": {
        "type": "object",
        "required": [
            "id",
            "title",
            "status",
            "visibility",
            "duration",
            "language",
            "event",
            "speakers",
            "renditions",
            "urls",
        ],
        "properties": {
            "id": _STR,
            "title": _STR,
            "description": _STR,
            "status": {"enum": ["draft", "processing", "published", "failed"]},
            "visibility": {"enum": ["public", "unlisted", "private"]},
            "duration": {"type": ["number", "null"]},
            "language": _STR,
            "event": {"type": ["object", "null"]},
            "speakers": {"type": "array", "items": {"type": "object"}},
            "renditions": {"type": "array", "items": {"$ref": "#/components/schemas/Rendition"}},
            "urls": {
                "type": "object",
                "required": ["page"],
                "properties": {
                    k: _STR for k in ("page", "hls", "mp4", "poster", "captions", "storyboard")
                },
            },
        },
    },
    "ReplayList": {
        "type": "object",
        "required": ["items", "next"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Replay"}},
            "next": _NULL_STR,
        },
    },
    "Hit": {
        "type": "object",
        "required": ["replay_id", "title", "start", "end", "speaker", "snippet_html", "url"],
        "properties": {
            "replay_id": _STR,
            "title": _STR,
            "start": _NUM,
            "end": _NUM,
            "speaker": _NULL_STR,
            "snippet_html": _STR,
            "url": _STR,
        },
    },
    "SearchResults": {
        "type": "object",
        "required": ["total", "hits", "facets", "suggestion"],
        "properties": {
            "total": {"type": "integer"},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {"type": "object"},
            "suggestion": _NULL_STR,
        },
    },
    "Suggestions": {
        "type": "object",
        "required": ["suggestions"],
        "properties": {
            "suggestions": {
                "type": "array",
                "maxItems": 8,
                "items": {
                    "type": "object",
                    "required": ["text", "kind"],
                    "properties": {
                        "text": {
                            "type": "string",
                            "description": "What to search for; completing the last word of"
                            " several, the words typed before it come first.",
                        },
                        "kind": {"enum": ["word", "speaker", "title", "theme", "event"]},
                    },
                },
            }
        },
    },
    "Job": {
        "type": "object",
        "required": ["state", "progress", "error"],
        "properties": {
            "id": {"type": "string", "description": "Opaque and unguessable."},
            "state": {"enum": ["queued", "running", "succeeded", "failed", "cancelled"]},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "error": _NULL_STR,
        },
    },
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Replay archive API", "version": "1"},
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/replays": {
            "get": {
                "summary": "Replays the caller may list, newest first",
                "parameters": [
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Page size"),
                    _query(
                        "cursor", {"type": "integer", "minimum": 0}, "From the previous page's next"
                    ),
                ],
                "responses": {
                    "200": {"description": "A page of replays", "content": _json("ReplayList")},
                    "400": _ERROR,
                },
            }
        },
        "/replays/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
            "get": {
                "summary": "One replay",
                "responses": {
                    "200": {"description": "The replay", "content": _json("Replay")},
                    "404": _ERROR,
                },
            },
            "patch": {
                "summary": "Change a replay (editors: an API token, or a session and X-CSRFToken)",
                "security": [{"bearer": []}, {"session": []}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "responses": {
                    "200": {"description": "The changed replay", "content": _json("Replay")},
                    "400": _ERROR,
                    "401": _UNAUTHORIZED,
                    "403": _ERROR,
                    "404": _ERROR,
                },
            },
        },
        "/search": {
            "get": {
                "summary": "Moments where the words were said",
                "parameters": [
                    _query("q", _STR, 'Words, "phrases", OR, -exclusion'),
                    _query("event", _STR, "Event slug"),
                    _query("speaker", _STR, "Cue speaker"),
                    _query("year", {"type": "integer"}, "Year"),
                    _query("language", {"enum": ["fr", "en"]}, "Language"),
                    _query("replay", _STR, "Search within one replay"),
                    _query("page", {"type": "integer", "minimum": 1}, "Page"),
                    _query(
                        "per_page",
                        {"type": "integer", "minimum": 1, "maximum": 100},
                        "Hits per page (20); page × per_page is at most 1000",
                    ),
                ],
                "responses": {
                    "200": {"description": "Results", "content": _json("SearchResults")},
                    "400": _ERROR,
                },
            }
        },
        "/suggest": {
            "get": {
                "summary": "Words and phrases said, speakers, titles, themes and events starting"
                " as typed, from what the caller may see",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 100},
                        "description": "What has been typed so far; accents and case do not matter",
                    }
                ],
                "responses": {
                    "200": {"description": "Suggestions", "content": _json("Suggestions")},
                    "400": _ERROR,
                },
            }
        },
        "/jobs/{id}": {
            "get": {
                "summary": "A processing job",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "The job", "content": _json("Job")},
                    "404": _ERROR,
                },
            }
        },
    },
    # Every call may carry an API token; anonymous calls read what visitors may see.
    "security": [{}, {"bearer": []}],
    "components": {"schemas": SCHEMAS, "securitySchemes": SECURITY_SCHEMES},
}


SCHEMAS.update(openapi_editing.SCHEMAS)
for _path, _operations in openapi_editing.PATHS.items():
    SPEC["paths"].setdefault(_path, {}).update(_operations)


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """This API's OpenAPI description."""
    return jsonify(SPEC)
