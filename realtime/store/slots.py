"""The ``interview_slots`` collection: open slots and the interviews they become.

Besides the data model's fields each slot carries ``end_time``,
``match_request_id`` (when an accepted request made it), ``sequence`` (bumped
on every change, for calendar invites) and the ids of the guard claims that
hold its participants' time: ``interviewer_claim`` and ``interviewee_claim``.
Every state change is one conditional ``find_one_and_update``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from realtime.booking import (
    AVAILABLE,
    BOOKED,
    CANCELLED,
    COMPLETED,
    LIVE,
    PENDING,
    VOID,
    end_of,
)
from realtime.clock import iso
from realtime.db import Doc
from realtime.store.users import get_users, person


def new_slot(
    *,
    slot_id: str,
    interviewer_id: str,
    start: datetime,
    minutes: int,
    now: datetime,
    interviewee_id: str | None = None,
    match_request_id: str | None = None,
) -> Doc:
    """A Pending slot: written before its guards, activated after them."""
    return {
        "_id": slot_id,
        "interviewer_id": interviewer_id,
        "interviewee_id": interviewee_id,
        "slot_time": start,
        "end_time": end_of(start, minutes),
        "duration_minutes": minutes,
        "status": PENDING,
        "meeting_link": None,
        "match_request_id": match_request_id,
        "created_at": now,
        "sequence": 0,
        "interviewer_claim": None,
        "interviewee_claim": None,
        "dead_claims": [],
    }


async def insert(db: AsyncDatabase[Doc], doc: Doc) -> None:
    await db.interview_slots.insert_one(doc)


async def get(db: AsyncDatabase[Doc], slot_id: str) -> Doc | None:
    return await db.interview_slots.find_one({"_id": slot_id})


async def get_many(db: AsyncDatabase[Doc], slot_ids: set[str]) -> dict[str, Doc]:
    if not slot_ids:
        return {}
    cursor = db.interview_slots.find({"_id": {"$in": sorted(slot_ids)}})
    return {doc["_id"]: doc async for doc in cursor}


# Filters say "not equal" with $nin, never $ne: in find_one_and_update the
# embedded server fails $ne on a null field and matches $ne on an array
# that holds the value; $nin behaves on both servers.


def _participant(user_id: str) -> dict[str, Any]:
    # Always combined with other conditions through an explicit $and: the
    # embedded server's find() was seen to drop a range condition written
    # beside an $or (count_documents got it right).
    return {"$or": [{"interviewer_id": user_id}, {"interviewee_id": user_id}]}


def _changed(now: datetime, **fields: Any) -> dict[str, Any]:
    """A change: the fields, and the invite's sequence bumped.

    ``now`` is not written: the embedded server stores a datetime given to
    ``$set`` as a naive string, so times are only ever written on insert.
    """
    return {"$set": fields, "$inc": {"sequence": 1}}


async def activate(
    db: AsyncDatabase[Doc],
    slot_id: str,
    *,
    interviewer_claim: str,
    interviewee_claim: str | None,
) -> Doc | None:
    """Pending -> Available (or Booked, with an interviewee claim), unless a
    claim was fenced off meanwhile."""
    claims = [c for c in (interviewer_claim, interviewee_claim) if c]
    status = BOOKED if interviewee_claim else AVAILABLE
    return await db.interview_slots.find_one_and_update(
        {"_id": slot_id, "status": PENDING, "dead_claims": {"$nin": claims}},
        {
            "$set": {
                "status": status,
                "interviewer_claim": interviewer_claim,
                "interviewee_claim": interviewee_claim,
            }
        },
        return_document=ReturnDocument.AFTER,
    )


async def abandon_pending(db: AsyncDatabase[Doc], slot_id: str) -> bool:
    """A Pending slot whose writer gave up or died becomes Void."""
    doc = await db.interview_slots.find_one_and_update(
        {"_id": slot_id, "status": PENDING},
        {"$set": {"status": VOID, "cancel_reason": "abandoned"}},
    )
    return doc is not None


async def fence(db: AsyncDatabase[Doc], slot_id: str, role: str, claim: str) -> bool:
    """Mark ``claim`` dead on the slot unless the slot names it; a dead claim
    can never be taken up afterwards (``take`` and ``activate`` check)."""
    doc = await db.interview_slots.find_one_and_update(
        {"_id": slot_id, f"{role}_claim": {"$nin": [claim]}},
        {"$addToSet": {"dead_claims": claim}},
    )
    return doc is not None


async def take(
    db: AsyncDatabase[Doc],
    slot_id: str,
    *,
    user_id: str,
    claim: str,
    earliest: datetime,
    now: datetime,
) -> Doc | None:
    """Available -> Booked for ``user_id``, if it still starts by ``earliest``
    or later; None when the slot was not in that state."""
    return await db.interview_slots.find_one_and_update(
        {
            "_id": slot_id,
            "status": AVAILABLE,
            "interviewer_id": {"$nin": [user_id]},
            "slot_time": {"$gte": earliest},
            "dead_claims": {"$nin": [claim]},
        },
        _changed(now, status=BOOKED, interviewee_id=user_id, interviewee_claim=claim),
        return_document=ReturnDocument.AFTER,
    )


async def leave(
    db: AsyncDatabase[Doc],
    slot_id: str,
    *,
    user_id: str,
    reopen: bool,
    now: datetime,
) -> Doc | None:
    """The interviewee cancels a future Booked slot: it opens again
    (``reopen``) or ends Cancelled. Returns the slot as it was before."""
    fields: dict[str, Any] = (
        {"status": AVAILABLE, "interviewee_id": None, "interviewee_claim": None}
        if reopen
        else {"status": CANCELLED, "cancelled_by": user_id}
    )
    return await db.interview_slots.find_one_and_update(
        {
            "_id": slot_id,
            "status": BOOKED,
            "interviewee_id": user_id,
            "slot_time": {"$gt": now},
        },
        _changed(now, **fields),
        return_document=ReturnDocument.BEFORE,
    )


async def withdraw(
    db: AsyncDatabase[Doc],
    slot_id: str,
    *,
    user_id: str,
    now: datetime,
    only_open: bool = False,
    reason: str = "cancelled",
) -> Doc | None:
    """The interviewer ends a future live slot: Cancelled. Returns the slot
    as it was before; None when it was not in such a state."""
    return await db.interview_slots.find_one_and_update(
        {
            "_id": slot_id,
            "status": AVAILABLE if only_open else {"$in": list(LIVE)},
            "interviewer_id": user_id,
            "slot_time": {"$gt": now},
        },
        _changed(now, status=CANCELLED, cancelled_by=user_id, cancel_reason=reason),
        return_document=ReturnDocument.BEFORE,
    )


async def drop_booking(
    db: AsyncDatabase[Doc], slot_id: str, *, now: datetime
) -> Doc | None:
    """Cancel a Booked slot whatever its time (undoing a booking that lost a
    race elsewhere). Returns the slot as it was before."""
    return await db.interview_slots.find_one_and_update(
        {"_id": slot_id, "status": BOOKED},
        _changed(now, status=VOID, cancel_reason="undone"),
        return_document=ReturnDocument.BEFORE,
    )


async def set_meeting_link(
    db: AsyncDatabase[Doc], slot_id: str, link: str | None, *, now: datetime
) -> Doc | None:
    return await db.interview_slots.find_one_and_update(
        {"_id": slot_id},
        _changed(now, meeting_link=link),
        return_document=ReturnDocument.AFTER,
    )


async def complete_ended(
    db: AsyncDatabase[Doc], now: datetime, user_id: str | None = None
) -> int:
    """Booked interviews whose end time has passed become Completed."""
    query: dict[str, Any] = {"status": BOOKED, "end_time": {"$lte": now}}
    if user_id is not None:
        query = {"$and": [query, _participant(user_id)]}
    result = await db.interview_slots.update_many(
        query, _changed(now, status=COMPLETED)
    )
    return result.modified_count


async def delete_void(db: AsyncDatabase[Doc], before: datetime) -> int:
    """Forget Void slots written before ``before``. Void is final: no write
    can take a Void slot up again, so the document serves no one."""
    result = await db.interview_slots.delete_many(
        {"status": VOID, "created_at": {"$lt": before}}
    )
    return result.deleted_count


async def owned_live(
    db: AsyncDatabase[Doc], user_id: str, start: datetime, end: datetime
) -> list[Doc]:
    """The user's live slots (either role) touching ``[start, end)``."""
    live = {
        "status": {"$in": list(LIVE)},
        "slot_time": {"$lt": end},
        "end_time": {"$gt": start},
    }
    cursor = db.interview_slots.find({"$and": [_participant(user_id), live]})
    return [doc async for doc in cursor]


async def in_window(
    db: AsyncDatabase[Doc],
    *,
    viewer_id: str,
    start: datetime,
    end: datetime,
    user_id: str | None = None,
    status: str | None = None,
    limit: int = 1000,
) -> list[Doc]:
    """Slots starting in ``[start, end)`` that ``viewer_id`` may see: open
    ones, and any they take part in (never Pending ones)."""
    visible: list[dict[str, Any]] = [
        {"status": AVAILABLE},
        {"interviewer_id": viewer_id},
        {"interviewee_id": viewer_id},
    ]
    # Joined with an explicit $and, as in _participant.
    conditions: list[dict[str, Any]] = [
        {"slot_time": {"$gte": start, "$lt": end}},
        {"$or": visible},
        {"status": {"$nin": [PENDING, VOID]}},
    ]
    if user_id is not None:
        conditions.append({"interviewer_id": user_id})
    if status is not None:
        conditions.append({"status": status})
    query = {"$and": conditions}
    cursor = db.interview_slots.find(query).sort(
        [("slot_time", ASCENDING), ("_id", ASCENDING)]
    )
    return [doc async for doc in cursor.limit(limit)]


async def open_slots(
    db: AsyncDatabase[Doc],
    *,
    start: datetime,
    end: datetime,
    exclude_user: str,
    interviewer_ids: list[str] | None = None,
    limit: int = 2000,
) -> list[Doc]:
    query: dict[str, Any] = {
        "status": AVAILABLE,
        "slot_time": {"$gte": start, "$lt": end},
        "interviewer_id": {"$nin": [exclude_user]},
    }
    if interviewer_ids is not None:
        allowed = [i for i in interviewer_ids if i != exclude_user]
        query["interviewer_id"] = {"$in": allowed}
    cursor = db.interview_slots.find(query).sort(
        [("slot_time", ASCENDING), ("_id", ASCENDING)]
    )
    return [doc async for doc in cursor.limit(limit)]


async def interviews_of(
    db: AsyncDatabase[Doc], user_id: str, *, upcoming: bool, now: datetime, limit: int
) -> list[Doc]:
    """The user's interviews (slots with an interviewee): upcoming Booked
    ones soonest first, or past ones (completed, cancelled, ended) latest
    first."""
    mine = _participant(user_id)
    if upcoming:
        query = {"$and": [mine, {"status": BOOKED, "end_time": {"$gt": now}}]}
        order = ASCENDING
    else:
        ended = {"status": {"$in": [COMPLETED, CANCELLED]}}
        finished = {"status": BOOKED, "end_time": {"$lte": now}}
        query = {
            "$and": [
                mine,
                {"interviewee_id": {"$nin": [None]}},
                {"$or": [ended, finished]},
            ]
        }
        order = DESCENDING
    cursor = db.interview_slots.find(query).sort([("slot_time", order)])
    return [doc async for doc in cursor.limit(limit)]


def slot_view(doc: Doc, people: dict[str, Doc]) -> dict[str, Any]:
    """The Slot shape of docs/API.md."""
    interviewee_id = doc.get("interviewee_id")
    return {
        "id": doc["_id"],
        "interviewer_id": doc["interviewer_id"],
        "interviewee_id": interviewee_id,
        "slot_time": iso(doc["slot_time"]),
        "end_time": iso(doc["end_time"]),
        "duration_minutes": doc["duration_minutes"],
        "status": doc["status"],
        "meeting_link": doc.get("meeting_link"),
        "created_at": iso(doc.get("created_at")),
        "match_request_id": doc.get("match_request_id"),
        "interviewer": person(people.get(doc["interviewer_id"])),
        "interviewee": person(people.get(interviewee_id)) if interviewee_id else None,
    }


async def render(db: AsyncDatabase[Doc], docs: list[Doc]) -> list[dict[str, Any]]:
    """Slots with their people's cards, one users query for the lot."""
    ids = {doc["interviewer_id"] for doc in docs}
    ids |= {doc["interviewee_id"] for doc in docs if doc.get("interviewee_id")}
    people = await get_users(db, ids)
    return [slot_view(doc, people) for doc in docs]
