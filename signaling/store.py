"""The room's reads and writes: the interview document and its chat.

The interview lives in ``interview_slots`` (owned by scheduling); the room
only flips ``swapped`` and ends it, each as one atomic conditional update.
Chat messages live in ``chat_messages``: ``interview_id``, ``from``,
``text``, ``at``. Seats live in ``room_seats``: one document per
(interview, user), ``_id`` ``"<interview_id>:<user_id>"``, naming the
socket (``sid``) that holds the user's seat, whichever process it is on.
"""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from realtime.clock import iso, utcnow
from realtime.db import Doc, new_id, touch
from realtime.store.users import get_users, person
from signaling.rules import CHAT_HISTORY, end_of, is_swapped, participants


async def get_interview(db: AsyncDatabase[Doc], interview_id: str) -> Doc | None:
    return await db.interview_slots.find_one({"_id": interview_id})


async def toggle_swapped(db: AsyncDatabase[Doc], interview_id: str) -> Doc | None:
    """Flip the roles of a Booked interview; None once it is not Booked.

    ``swap_count`` is the truth: one atomic ``$inc`` per swap, so two swaps
    at once flip twice. ``swapped`` mirrors its parity for other readers;
    the mirror is written only while the count is still the one it came
    from, so a late write never overwrites a newer one.
    """
    doc = await db.interview_slots.find_one_and_update(
        {"_id": interview_id, "status": "Booked"},
        {"$inc": {"swap_count": 1}},
        return_document=ReturnDocument.AFTER,
    )
    if doc is None:
        return None
    doc["swapped"] = is_swapped(doc)
    await db.interview_slots.update_one(
        {"_id": interview_id, "swap_count": doc["swap_count"]},
        {"$set": {"swapped": doc["swapped"]}},
    )
    return doc


async def complete(
    db: AsyncDatabase[Doc], interview_id: str, ended_by: str
) -> Doc | None:
    """Booked -> Completed, once; None when it was not Booked."""
    return await db.interview_slots.find_one_and_update(
        {"_id": interview_id, "status": "Booked"},
        {
            "$set": {"status": "Completed", "ended_by": ended_by},
            **touch("ended_at"),
        },
        return_document=ReturnDocument.AFTER,
    )


async def add_chat(
    db: AsyncDatabase[Doc], interview_id: str, user_id: str, text: str
) -> Doc:
    doc: Doc = {
        "_id": new_id(),
        "interview_id": interview_id,
        "from": user_id,
        "text": text,
        "at": utcnow(),
    }
    await db.chat_messages.insert_one(doc)
    return doc


async def recent_chat(
    db: AsyncDatabase[Doc], interview_id: str, limit: int = CHAT_HISTORY
) -> list[Doc]:
    """The last ``limit`` messages, oldest first."""
    cursor = (
        db.chat_messages.find({"interview_id": interview_id})
        .sort([("at", DESCENDING), ("_id", DESCENDING)])
        .limit(limit)
    )
    newest_first = [doc async for doc in cursor]
    return newest_first[::-1]


def chat_view(doc: Doc) -> dict[str, Any]:
    return {
        "id": doc["_id"],
        "interview_id": doc["interview_id"],
        "from": doc["from"],
        "text": doc["text"],
        "at": iso(doc["at"]),
    }


async def interview_view(db: AsyncDatabase[Doc], doc: Doc) -> dict[str, Any]:
    """The interview in the Slot shape of docs/API.md."""
    people = await get_users(db, participants(doc))
    interviewee_id = doc.get("interviewee_id")
    return {
        "id": doc["_id"],
        "interviewer_id": doc.get("interviewer_id"),
        "interviewee_id": interviewee_id,
        "slot_time": iso(doc["slot_time"]),
        "end_time": iso(end_of(doc)),
        "duration_minutes": int(doc.get("duration_minutes") or 60),
        "status": doc.get("status"),
        "meeting_link": doc.get("meeting_link"),
        "created_at": iso(doc.get("created_at")),
        "match_request_id": doc.get("match_request_id"),
        "interviewer": person(people.get(doc.get("interviewer_id", ""))),
        "interviewee": person(people.get(interviewee_id)) if interviewee_id else None,
    }


def seat_id(interview_id: str, user_id: str) -> str:
    return f"{interview_id}:{user_id}"


async def take_seat(
    db: AsyncDatabase[Doc], interview_id: str, user_id: str, sid: str
) -> str | None:
    """Make ``sid`` the user's socket in the room; the socket it replaces.

    One atomic upsert, so of two joins at once the later one holds the
    seat and learns the earlier one's socket. None when the seat was free
    or already ``sid``'s.
    """
    before = await db.room_seats.find_one_and_update(
        {"_id": seat_id(interview_id, user_id)},
        # All in $set: the embedded server ignores $setOnInsert.
        {"$set": {"sid": sid, "interview_id": interview_id, "user_id": user_id}},
        upsert=True,
        return_document=ReturnDocument.BEFORE,
    )
    if before is None or before.get("sid") == sid:
        return None
    return str(before["sid"])


async def free_seat(
    db: AsyncDatabase[Doc], interview_id: str, user_id: str, sid: str
) -> bool:
    """Free the user's seat if ``sid`` still holds it; whether it did."""
    result = await db.room_seats.delete_one(
        {"_id": seat_id(interview_id, user_id), "sid": sid}
    )
    return result.deleted_count == 1


async def free_room(db: AsyncDatabase[Doc], interview_id: str) -> None:
    await db.room_seats.delete_many({"interview_id": interview_id})


async def present(db: AsyncDatabase[Doc], interview_id: str) -> list[str]:
    """The users with a socket seated in the room, sorted."""
    cursor = db.room_seats.find({"interview_id": interview_id}, {"user_id": 1})
    return sorted({doc["user_id"] async for doc in cursor})
