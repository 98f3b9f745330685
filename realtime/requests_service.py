"""Match requests: the rules around the store, and the live pushes.

The HTTP handlers parse and shape; everything a request must satisfy, and
who hears about it, is decided here. The database is the source of truth:
pushes are sent after the write succeeded and a missed push loses nothing,
because a client refetches its lists on (re)connect.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from matching.availability import expand, intersect
from realtime import events, scheduling
from realtime.clock import utcnow
from realtime.db import Doc, epoch_ms
from realtime.errors import BadRequest, Conflict, Forbidden, NotFound
from realtime.keys import database_key, sio_key
from realtime.sockets import notify
from realtime.store import requests as store
from realtime.store import slots, users

log = logging.getLogger(__name__)

INTERVIEW_MINUTES = 60
GRID_SECONDS = 5 * 60
MAX_AHEAD = timedelta(days=90)

# Which party may move a Pending request to which status.
ANSWERS = {store.ACCEPTED, store.DECLINED}
CANCELS = {store.CANCELLED}


def check_time(requested: datetime, requester: Doc, peer: Doc, now: datetime) -> None:
    """BadRequest unless ``requested`` suits both users for a whole hour."""
    if requested <= now:
        raise BadRequest("The proposed time is in the past.", code="time_in_past")
    if requested > now + MAX_AHEAD:
        raise BadRequest(
            "The proposed time is more than 90 days ahead.", code="too_far_ahead"
        )
    if requested.timestamp() % GRID_SECONDS:
        raise BadRequest(
            "The proposed time must be on the 5-minute grid (e.g. 18:05).",
            code="off_grid",
        )

    # The whole interview must lie inside both users' availability.
    end = requested + timedelta(minutes=INTERVIEW_MINUTES)
    common = intersect(
        expand(
            requester.get("availability") or [], requester["timezone"], requested, end
        ),
        expand(peer.get("availability") or [], peer["timezone"], requested, end),
    )
    if len(common) != 1 or common[0].start != requested or common[0].end != end:
        raise BadRequest(
            f"The {INTERVIEW_MINUTES} minutes from the proposed time are not "
            "inside both users' availability.",
            code="outside_availability",
        )


async def render(app: web.Application, docs: list[Doc]) -> list[dict[str, Any]]:
    """Request objects with both people's short cards; one user query."""
    ids = {doc[f] for doc in docs for f in ("requester_id", "matched_peer_id")}
    found = await users.get_users(app[database_key].db, ids)
    people = {user_id: users.person(doc) for user_id, doc in found.items()}
    return [store.to_api(doc, people) for doc in docs]


async def create(
    app: web.Application,
    user_id: str,
    *,
    peer_id: str,
    requested_time: datetime,
    message: str,
) -> dict[str, Any]:
    """Create a Pending request and tell the peer; returns the Request."""
    if peer_id == user_id:
        raise BadRequest(
            "You cannot send a match request to yourself.", code="self_request"
        )
    db = app[database_key].db
    found = await users.get_users(db, {user_id, peer_id})
    if peer_id not in found:
        raise NotFound("No such user.", code="user_not_found")
    if user_id not in found:
        raise NotFound("Your account no longer exists.", code="user_not_found")

    now = utcnow()
    check_time(requested_time, found[user_id], found[peer_id], now)
    # The peer would interview the requester (see change_status): refuse a
    # time either of them already has an interview at.
    await scheduling.refuse_if_booked(
        db, peer_id, user_id, requested_time, INTERVIEW_MINUTES
    )
    doc = await store.create_request(
        db,
        requester_id=user_id,
        matched_peer_id=peer_id,
        requested_time=requested_time,
        message=message,
        now=now,
    )
    log.info(
        "match request created",
        extra={"request_id": doc["_id"], "user_id": user_id, "peer_id": peer_id},
    )

    people = {uid: users.person(u) for uid, u in found.items()}
    request = store.to_api(doc, people)
    await notify(app[sio_key], [peer_id], events.MATCH_REQUEST_NEW, request)
    return request


async def change_status(
    app: web.Application, user_id: str, request_id: str, status: str
) -> dict[str, Any]:
    """Answer or cancel a Pending request and tell both users."""
    db = app[database_key].db
    doc = await store.get_request(db, request_id)
    if doc is None or user_id not in (doc["requester_id"], doc["matched_peer_id"]):
        # Someone else's request is as good as unknown to this user.
        raise NotFound("No such match request.", code="request_not_found")

    # who may do what
    if status in ANSWERS:
        actor_field = "matched_peer_id"
        if doc["matched_peer_id"] != user_id:
            raise Forbidden(
                "Only the matched peer can accept or decline a request.",
                code="not_matched_peer",
            )
    elif status in CANCELS:
        actor_field = "requester_id"
        if doc["requester_id"] != user_id:
            raise Forbidden(
                "Only the requester can cancel a request.", code="not_requester"
            )
    else:  # the route's model admits nothing else
        raise BadRequest(f"Unknown status {status!r}.", code="bad_status")

    # Accepting holds the request, books the interview (409 with the reason
    # when either user is busy then; the request stays Pending), and only
    # then changes the status, under the same hold: no cancel can slip in
    # between and leave a booking, or its withdrawn offers, behind.
    now = utcnow()
    condition: dict[str, Any] = {}
    booked: scheduling.Outcome | None = None
    hold: str | None = None
    if status == store.ACCEPTED:
        condition["requested_time"] = {"$gt": now}
        hold = await store.hold_for_accept(db, request_id, user_id)
        if hold is None:
            raise _why_not_changed(await store.get_request(db, request_id), now)
        try:
            if doc["requested_time"] <= now:
                raise _why_not_changed(doc, now)
            booked = await scheduling.book_interview(
                db,
                interviewer_id=doc["matched_peer_id"],
                interviewee_id=doc["requester_id"],
                start=doc["requested_time"],
                duration_minutes=INTERVIEW_MINUTES,
                match_request_id=request_id,
                now=now,
            )
        except BaseException:
            await store.release_hold(db, request_id, hold)
            raise

    # one conditional write: of concurrent changes exactly one wins
    try:
        updated = await store.set_status(
            db,
            request_id,
            actor_field=actor_field,
            actor_id=user_id,
            status=status,
            condition=condition,
            hold=hold,
        )
    except BaseException:
        if booked is not None:
            await scheduling.undo_booking(db, booked.slot["_id"])
        if hold is not None:
            await store.release_hold(db, request_id, hold)
        raise
    if updated is None:
        # Only a hold gone stale gets here for an accept: the interview
        # must not stay.
        if booked is not None:
            await scheduling.undo_booking(db, booked.slot["_id"])
        if hold is not None:
            await store.release_hold(db, request_id, hold)
        raise _why_not_changed(await store.get_request(db, request_id), now)

    if status == store.ACCEPTED:
        updated = await on_accept(app, updated, booked)
    log.info(
        "match request %s",
        status.lower(),
        extra={"request_id": request_id, "user_id": user_id, "status": status},
    )

    [request] = await render(app, [updated])
    await notify(
        app[sio_key],
        [updated["requester_id"], updated["matched_peer_id"]],
        events.MATCH_REQUEST_UPDATED,
        request,
    )
    return request


async def on_accept(
    app: web.Application, request_doc: Doc, booked: scheduling.Outcome | None
) -> Doc:
    """Run once when a request became Accepted: record the interview it
    became and tell both users about it; returns the request doc."""
    if booked is None:
        return request_doc
    db = app[database_key].db
    slot = booked.slot
    request_doc = await store.set_interview(db, request_doc["_id"], slot["_id"])
    views = await slots.render(db, [slot, *booked.withdrawn])
    sio = app[sio_key]
    people = [slot["interviewer_id"], slot["interviewee_id"]]
    await notify(sio, people, events.SLOT_BOOKED, views[0])
    for doc, view in zip(booked.withdrawn, views[1:], strict=True):
        await notify(sio, [doc["interviewer_id"]], events.SLOT_CANCELLED, view)
    return request_doc


def _why_not_changed(doc: Doc | None, now: datetime) -> Conflict | NotFound:
    if doc is None:
        return NotFound("No such match request.", code="request_not_found")
    if doc["status"] == store.PENDING and store.is_held(doc, epoch_ms(now)):
        return Conflict(
            "The request is being accepted right now; try again in a moment.",
            code="request_busy",
            details={"status": doc["status"]},
        )
    if doc["status"] == store.PENDING and doc["requested_time"] <= now:
        return Conflict(
            "The proposed time has passed; the request can no longer be accepted.",
            code="request_expired",
            details={"status": doc["status"]},
        )
    return Conflict(
        f"The request is already {doc['status']}.",
        code="request_not_pending",
        details={"status": doc["status"]},
    )


async def list_requests(
    app: web.Application,
    user_id: str,
    *,
    limit: int,
    before: tuple[datetime, str] | None,
    boxes: tuple[str, ...],
) -> dict[str, list[dict[str, Any]]]:
    """``{incoming, outgoing}`` pages, newest first."""
    db = app[database_key].db
    fields = {"incoming": "matched_peer_id", "outgoing": "requester_id"}
    pages: dict[str, list[Doc]] = {}
    for box in ("incoming", "outgoing"):
        pages[box] = (
            await store.list_for(
                db, field=fields[box], user_id=user_id, limit=limit, before=before
            )
            if box in boxes
            else []
        )
    rendered = await render(app, pages["incoming"] + pages["outgoing"])
    split = len(pages["incoming"])
    return {"incoming": rendered[:split], "outgoing": rendered[split:]}
