"""Match requests: list, create (idempotently) and answer or cancel."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from aiohttp import web
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from http_api.docs import documented
from http_api.fields import ObjectIdStr, to_instant
from http_api.middleware import current_user
from http_api.validation import Strict, parse_body, parse_query
from realtime import requests_service as service
from realtime.errors import BadRequest, MockroomError, NotFound
from realtime.keys import database_key
from realtime.store import idempotency

log = logging.getLogger(__name__)

MAX_MESSAGE = 500
IDEMPOTENCY_HEADER = "Idempotency-Key"
_KEY_RE = re.compile(r"[\x21-\x7e]{1,200}")
_CURSOR_RE = re.compile(r"([0-9]{1,15})-([0-9a-f]{24})")


def _parse_instant(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 string with an offset")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO 8601 string with an offset") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("must include a UTC offset, e.g. +00:00")
    return to_instant(moment)


def _parse_cursor(value: str) -> tuple[datetime, str]:
    match = _CURSOR_RE.fullmatch(value)
    if match is None:
        raise ValueError("is not a cursor from a previous page")
    millis, request_id = int(match.group(1)), match.group(2)
    return datetime.fromtimestamp(millis / 1000, UTC), request_id


def _check_cursor(value: str) -> str:
    _parse_cursor(value)
    return value


def cursor_of(request: dict[str, object]) -> str:
    created = datetime.fromisoformat(str(request["created_at"]))
    return f"{round(created.timestamp() * 1000)}-{request['id']}"


Instant = Annotated[datetime, BeforeValidator(_parse_instant)]
Message = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_MESSAGE)
]
Cursor = Annotated[str, AfterValidator(_check_cursor)]


class CreateBody(Strict):
    matched_peer_id: ObjectIdStr
    requested_time: Instant
    message: Message = ""


class StatusBody(Strict):
    status: Literal["Accepted", "Declined", "Cancelled"]


class ListQuery(Strict):
    limit: int = Field(50, ge=1, le=200)
    before: Cursor | None = None
    box: Literal["incoming", "outgoing"] | None = None


@documented("Your incoming and outgoing match requests", query=ListQuery)
async def list_requests(request: web.Request) -> web.Response:
    query = parse_query(request, ListQuery)
    before = _parse_cursor(query.before) if query.before else None
    boxes = (query.box,) if query.box else ("incoming", "outgoing")
    pages = await service.list_requests(
        request.app,
        current_user(request),
        limit=query.limit,
        before=before,
        boxes=boxes,
    )
    # A full page may have more behind it: hand out its cursor.
    following = {
        box: cursor_of(page[-1]) if len(page) == query.limit else None
        for box, page in pages.items()
    }
    return web.json_response({**pages, "next": following})


@documented(
    "Send a match request with a proposed time",
    body=CreateBody,
    status=201,
    errors=(404, 409),
)
async def create_request(request: web.Request) -> web.Response:
    body = await parse_body(request, CreateBody)
    user_id = current_user(request)
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        created = await _create(request, user_id, body)
        return web.json_response(created, status=201)

    if not _KEY_RE.fullmatch(key):
        raise BadRequest(
            "Idempotency-Key must be 1-200 printable ASCII characters.",
            code="bad_idempotency_key",
        )
    db = request.app[database_key].db
    claimed = await idempotency.claim(
        db, user_id=user_id, key=key, fingerprint=_fingerprint(body)
    )
    if isinstance(claimed, idempotency.Outcome):
        log.info("idempotent replay", extra={"user_id": user_id})
        return web.json_response(
            claimed.body,
            status=claimed.status,
            headers={"Idempotent-Replayed": "true"},
        )

    # Ours to run: record whatever the client is told, errors included.
    try:
        outcome = idempotency.Outcome(201, await _create(request, user_id, body))
    except MockroomError as exc:
        outcome = idempotency.Outcome(exc.status, {"error": exc.to_dict()})
    except BaseException:
        await idempotency.release(db, claimed)
        raise
    await idempotency.finish(db, claimed, outcome)
    return web.json_response(outcome.body, status=outcome.status)


async def _create(request: web.Request, user_id: str, body: CreateBody) -> dict:
    return await service.create(
        request.app,
        user_id,
        peer_id=body.matched_peer_id,
        requested_time=body.requested_time,
        message=body.message,
    )


def _fingerprint(body: CreateBody) -> str:
    """The same for bodies that mean the same, whatever their spelling."""
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


@documented(
    "Accept or decline (matched peer), or cancel (requester) a request",
    body=StatusBody,
    errors=(403, 404, 409),
)
async def update_request(request: web.Request) -> web.Response:
    request_id = request.match_info["request_id"]
    if not re.fullmatch(r"[0-9a-f]{24}", request_id):
        raise NotFound("No such match request.", code="request_not_found")
    body = await parse_body(request, StatusBody)
    updated = await service.change_status(
        request.app, current_user(request), request_id, body.status
    )
    return web.json_response(updated)


def setup(app: web.Application) -> None:
    app.router.add_get("/api/match-requests", list_requests)
    app.router.add_post("/api/match-request", create_request)
    app.router.add_patch("/api/match-request/{request_id}", update_request)
