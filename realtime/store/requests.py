"""The ``match_requests`` collection.

Besides the fields of the data model, a request carries ``pending_pair``
(``"<smaller id>:<larger id>"``) only while it is Pending. A sparse unique
index on it makes "at most one Pending request per pair of users, either
direction" a database guarantee: the second insert fails whatever the
timing. Every status change is one conditional update that requires
``status: "Pending"`` and removes the guard in the same write.

While the matched peer's accept books the interview, the request carries
``accepting`` (a hold id) and ``accepting_ms``: the hold is taken and the
status changed by conditional writes, and no other change may happen in
between, so a cancel can no longer win the race after the booking has
withdrawn open slots. A hold older than ``HOLD_MS`` (a process died
mid-accept) counts as gone.

``updated_at`` is set with ``$currentDate`` rather than a ``$set`` of a
datetime: the embedded server (nx-27017 0.8.1) stores a datetime given to
``$set`` as a string, which then neither renders nor compares as a date.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from realtime.clock import iso, utcnow
from realtime.db import Doc, epoch_ms, new_id
from realtime.errors import Conflict, NotFound

# How long an accept may hold a request before others may ignore the hold.
HOLD_MS = 60_000
PENDING = "Pending"
ACCEPTED = "Accepted"
DECLINED = "Declined"
CANCELLED = "Cancelled"

# How often an insert is retried when the Pending request that blocked it
# left Pending before it could be read back.
_INSERT_ATTEMPTS = 3


def pair_key(a: str, b: str) -> str:
    """The same key for a pair of users in either order."""
    return f"{min(a, b)}:{max(a, b)}"


async def create_request(
    db: AsyncDatabase[Doc],
    *,
    requester_id: str,
    matched_peer_id: str,
    requested_time: datetime,
    message: str,
    now: datetime | None = None,
) -> Doc:
    """Insert a Pending request; Conflict naming the one already pending."""
    now = now or utcnow()
    pair = pair_key(requester_id, matched_peer_id)
    for _ in range(_INSERT_ATTEMPTS):
        doc: Doc = {
            "_id": new_id(),
            "requester_id": requester_id,
            "matched_peer_id": matched_peer_id,
            "status": PENDING,
            "requested_time": requested_time,
            "message": message,
            "created_at": now,
            "updated_at": now,
            "interview_id": None,
            "pending_pair": pair,
        }
        try:
            await db.match_requests.insert_one(doc)
            return doc
        except DuplicateKeyError:
            existing = await db.match_requests.find_one(
                {"pending_pair": pair}, {"_id": 1}
            )
        if existing is not None:
            raise Conflict(
                "A pending request between you two already exists.",
                code="request_exists",
                details={"request_id": existing["_id"]},
            )
        # The blocking request was answered in between: try again.
    raise Conflict(
        "A pending request between you two is changing; try again.",
        code="request_busy",
    )


async def get_request(db: AsyncDatabase[Doc], request_id: str) -> Doc | None:
    return await db.match_requests.find_one({"_id": request_id})


def _not_held(now_ms: int) -> dict[str, Any]:
    """The filter for "no accept is holding this request"."""
    return {
        "$or": [
            {"accepting": {"$exists": False}},
            {"accepting_ms": {"$lt": now_ms - HOLD_MS}},
        ]
    }


async def hold_for_accept(
    db: AsyncDatabase[Doc], request_id: str, actor_id: str
) -> str | None:
    """Hold a Pending request for the matched peer's accept; the hold id,
    or None when it is not Pending, not theirs, or held already."""
    hold = new_id()
    now_ms = epoch_ms(utcnow())
    # Each condition its own $and entry: see realtime/db.py on $or.
    query = {
        "$and": [
            {"_id": request_id},
            {"status": PENDING},
            {"matched_peer_id": actor_id},
            _not_held(now_ms),
        ]
    }
    update = {"$set": {"accepting": hold, "accepting_ms": now_ms}}
    found = await db.match_requests.find_one_and_update(query, update)
    return hold if found is not None else None


async def release_hold(db: AsyncDatabase[Doc], request_id: str, hold: str) -> None:
    await db.match_requests.update_one(
        {"_id": request_id, "accepting": hold},
        {"$unset": {"accepting": "", "accepting_ms": ""}},
    )


def is_held(doc: Doc, now_ms: int) -> bool:
    return bool(doc.get("accepting")) and doc.get("accepting_ms", 0) >= (
        now_ms - HOLD_MS
    )


async def set_status(
    db: AsyncDatabase[Doc],
    request_id: str,
    *,
    actor_field: str,
    actor_id: str,
    status: str,
    condition: dict[str, Any] | None = None,
    hold: str | None = None,
) -> Doc | None:
    """Move a Pending request to ``status`` in one conditional write.

    The filter names the request, requires it to be Pending and the actor
    to hold ``actor_field``, and either the caller's ``hold`` or no live
    hold at all; None when any of that no longer holds, so of two
    concurrent changes exactly one wins.
    """
    conditions: list[dict[str, Any]] = [
        {"_id": request_id},
        {"status": PENDING},
        {actor_field: actor_id},
        *({key: value} for key, value in (condition or {}).items()),
        {"accepting": hold} if hold else _not_held(epoch_ms(utcnow())),
    ]
    update = {
        "$set": {"status": status},
        "$currentDate": {"updated_at": True},
        "$unset": {"pending_pair": "", "accepting": "", "accepting_ms": ""},
    }
    return await db.match_requests.find_one_and_update(
        {"$and": conditions}, update, return_document=True
    )


async def set_interview(
    db: AsyncDatabase[Doc], request_id: str, interview_id: str
) -> Doc:
    """Record the interview an accepted request became."""
    doc = await db.match_requests.find_one_and_update(
        {"_id": request_id, "status": ACCEPTED},
        {
            "$set": {"interview_id": interview_id},
            "$currentDate": {"updated_at": True},
        },
        return_document=True,
    )
    if doc is None:
        raise NotFound("No such accepted request.", code="request_not_found")
    return doc


async def list_for(
    db: AsyncDatabase[Doc],
    *,
    field: str,
    user_id: str,
    limit: int,
    before: tuple[datetime, str] | None = None,
) -> list[Doc]:
    """Requests where ``field`` is ``user_id``, newest first.

    ``before`` is the ``(created_at, id)`` of the last request already
    seen; the page holds the ones strictly older in that order.
    """
    query: dict[str, Any] = {field: user_id}
    if before is not None:
        created_at, last_id = before
        query["$or"] = [
            {"created_at": {"$lt": created_at}},
            {"created_at": created_at, "_id": {"$lt": last_id}},
        ]
    cursor = (
        db.match_requests.find(query)
        .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        .limit(limit)
    )
    return [doc async for doc in cursor]


def to_api(doc: Doc, people: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """The Request object of docs/API.md; ``people`` maps ids to cards."""
    return {
        "id": doc["_id"],
        "requester_id": doc["requester_id"],
        "matched_peer_id": doc["matched_peer_id"],
        "status": doc["status"],
        "requested_time": iso(doc["requested_time"]),
        "message": doc.get("message", ""),
        "created_at": iso(doc["created_at"]),
        "updated_at": iso(doc["updated_at"]),
        # The agreed time: the proposed one, once the peer accepted it.
        "accepted_time": (
            iso(doc["requested_time"]) if doc["status"] == ACCEPTED else None
        ),
        "interview_id": doc.get("interview_id"),
        "requester": people.get(doc["requester_id"]),
        "matched_peer": people.get(doc["matched_peer_id"]),
    }
