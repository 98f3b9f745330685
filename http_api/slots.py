"""Open slots: publish, the calendar, peers with openings, book, cancel."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from pydantic import Field, model_validator

from http_api.docs import documented
from http_api.fields import Instant, ObjectIdStr
from http_api.middleware import current_user
from http_api.validation import Strict, parse_body, parse_query, read_json, validate
from realtime import booking, events, scheduling
from realtime.clock import utcnow
from realtime.db import Doc
from realtime.errors import BadRequest
from realtime.keys import database_key, settings_key, sio_key
from realtime.sockets import notify
from realtime.store import slots as store
from realtime.store import users

log = logging.getLogger(__name__)

DEFAULT_WINDOW = timedelta(days=14)
NEXT_SLOTS = 5
MAX_PEERS = 100


class PublishBody(Strict):
    slot_time: Instant | None = None
    from_availability: bool = False
    weeks: int | None = Field(None, ge=1, le=booking.MAX_WEEKS)
    duration_minutes: int = Field(
        booking.DEFAULT_DURATION, ge=booking.MIN_DURATION, le=booking.MAX_DURATION
    )

    @model_validator(mode="after")
    def _one_mode(self) -> PublishBody:
        if self.from_availability:
            if self.slot_time is not None:
                raise ValueError("give slot_time or from_availability, not both")
            if self.weeks is None:
                raise ValueError("weeks is required with from_availability")
        elif self.slot_time is None:
            raise ValueError("slot_time is required")
        elif self.weeks is not None:
            raise ValueError("weeks goes with from_availability")
        return self


class WindowQuery(Strict):
    from_: Instant | None = Field(None, alias="from")
    to: Instant | None = None


class SlotsQuery(WindowQuery):
    user_id: ObjectIdStr | None = None
    status: str | None = Field(None, pattern="^(Available|Booked|Completed|Cancelled)$")


class PeersQuery(WindowQuery):
    skill: str | None = Field(None, max_length=40)


class SlotIdBody(Strict):
    slot_id: ObjectIdStr


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def window(query: WindowQuery, now: datetime) -> tuple[datetime, datetime]:
    """``[from, to)``: defaults to two weeks from now; at most six weeks."""
    start = utc(query.from_) if query.from_ else now
    end = utc(query.to) if query.to else start + DEFAULT_WINDOW
    if end <= start:
        raise BadRequest("'to' must be after 'from'.", code="bad_window")
    if end - start > booking.MAX_WINDOW:
        raise BadRequest(
            f"The window may span at most {booking.MAX_WEEKS} weeks.",
            code="window_too_long",
        )
    return start, end


async def announce(
    request: web.Request, event: str, doc: Doc, people: set[str]
) -> dict[str, Any]:
    """Render the slot and send it to ``people``; returns the rendering."""
    [view] = await store.render(request.app[database_key].db, [doc])
    await notify(request.app[sio_key], people, event, view)
    return view


async def announce_withdrawn(
    request: web.Request, user_id: str, withdrawn: list[Doc]
) -> None:
    for doc in withdrawn:
        await announce(request, events.SLOT_CANCELLED, doc, {user_id})


@documented(
    "Publish open slots (one, or generated from your weekly availability)",
    body=PublishBody,
    status=201,
    errors=(409, 413),
)
async def publish(request: web.Request) -> web.Response:
    body = await parse_body(request, PublishBody)
    user_id = current_user(request)
    db = request.app[database_key].db
    now = utcnow()

    if body.from_availability:
        assert body.weeks is not None
        user = await users.get_user(db, user_id)
        created = await scheduling.publish_from_availability(
            db,
            user,
            weeks=body.weeks,
            minutes=body.duration_minutes,
            notice_minutes=request.app[settings_key].booking_notice_minutes,
            now=now,
        )
    else:
        assert body.slot_time is not None
        created = [
            await scheduling.publish(
                db, user_id, utc(body.slot_time), body.duration_minutes, now=now
            )
        ]
    return web.json_response({"slots": await store.render(db, created)}, status=201)


@documented("Calendar: slots in [from, to)", query=SlotsQuery)
async def list_slots(request: web.Request) -> web.Response:
    query = parse_query(request, SlotsQuery)
    start, end = window(query, utcnow())
    db = request.app[database_key].db
    docs = await store.in_window(
        db,
        viewer_id=current_user(request),
        start=start,
        end=end,
        user_id=query.user_id,
        status=query.status,
    )
    return web.json_response({"slots": await store.render(db, docs)})


@documented("Peers with open slots in [from, to)", query=PeersQuery)
async def available_peers(request: web.Request) -> web.Response:
    query = parse_query(request, PeersQuery)
    now = utcnow()
    start, end = window(query, now)
    db = request.app[database_key].db
    user_id = current_user(request)

    # Only slots someone could still book count.
    notice = timedelta(minutes=request.app[settings_key].booking_notice_minutes)
    docs = await store.open_slots(
        db, start=max(start, now + notice), end=end, exclude_user=user_id
    )
    people = await users.get_users(db, {doc["interviewer_id"] for doc in docs})
    skill = query.skill.strip().lower() if query.skill else None

    per_peer: dict[str, list[Doc]] = {}
    for doc in docs:
        peer = people.get(doc["interviewer_id"])
        if peer is None or (skill and skill not in peer.get("skill_keys", [])):
            continue
        per_peer.setdefault(peer["_id"], []).append(doc)
    peers = [
        {
            "user": users.person(people[peer_id]),
            "next_slots": [store.slot_view(d, people) for d in found[:NEXT_SLOTS]],
        }
        for peer_id, found in list(per_peer.items())[:MAX_PEERS]
    ]
    return web.json_response({"peers": peers})


@documented("Book an open slot as the interviewee", body=SlotIdBody, errors=(404, 409))
async def book(request: web.Request) -> web.Response:
    body = await parse_body(request, SlotIdBody)
    user_id = current_user(request)
    outcome = await scheduling.book_slot(
        request.app[database_key].db,
        body.slot_id,
        user_id,
        notice_minutes=request.app[settings_key].booking_notice_minutes,
        now=utcnow(),
    )
    await announce_withdrawn(request, user_id, outcome.withdrawn)
    view = await announce(
        request,
        events.SLOT_BOOKED,
        outcome.slot,
        {outcome.slot["interviewer_id"], user_id},
    )
    return web.json_response(view)


@documented(
    "Cancel a slot or interview (slot_id in the query or a JSON body)",
    query=SlotIdBody,
    errors=(403, 404, 409),
)
async def cancel(request: web.Request) -> web.Response:
    if "slot_id" in request.query:
        slot_id = parse_query(request, SlotIdBody).slot_id
    else:
        data = await read_json(request)
        if not isinstance(data, dict):
            raise BadRequest(
                "Give slot_id in the query or a JSON body.", code="slot_id_missing"
            )
        slot_id = validate(SlotIdBody, data).slot_id

    user_id = current_user(request)
    db = request.app[database_key].db
    before = await store.get(db, slot_id)
    doc = await scheduling.cancel(db, slot_id, user_id, now=utcnow())
    people = {doc["interviewer_id"], user_id}
    if before is not None and before.get("interviewee_id"):
        people.add(before["interviewee_id"])
    view = await announce(request, events.SLOT_CANCELLED, doc, people)
    return web.json_response(view)


def setup(app: web.Application) -> None:
    app.router.add_post("/api/slots", publish)
    app.router.add_get("/api/slots", list_slots)
    app.router.add_get("/api/available-peers", available_peers)
    app.router.add_post("/api/book-slot", book)
    app.router.add_delete("/api/cancel-slot", cancel)
