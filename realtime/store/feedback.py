"""The ``feedback`` collection: one document per participant and interview.

``interview_id``, ``from_user_id``, ``to_user_id``, ``rating`` (1-5),
``notes``, ``created_at``. A unique index on (interview_id, from_user_id)
makes "once per participant" hold under concurrent posts.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from realtime.clock import iso, utcnow
from realtime.db import Doc, new_id
from realtime.errors import Conflict


async def give_feedback(
    db: AsyncDatabase[Doc],
    *,
    interview_id: str,
    from_user_id: str,
    to_user_id: str,
    rating: int,
    notes: str,
) -> Doc:
    doc: Doc = {
        "_id": new_id(),
        "interview_id": interview_id,
        "from_user_id": from_user_id,
        "to_user_id": to_user_id,
        "rating": rating,
        "notes": notes,
        "created_at": utcnow(),
    }
    try:
        await db.feedback.insert_one(doc)
    except DuplicateKeyError:
        raise Conflict(
            "You have already given feedback for this interview.",
            code="feedback_exists",
        ) from None
    return doc


async def feedback_for(
    db: AsyncDatabase[Doc], interview_id: str, user_id: str
) -> dict[str, Doc | None]:
    """The feedback ``user_id`` gave and received for one interview."""
    given = received = None
    async for doc in db.feedback.find({"interview_id": interview_id}):
        if doc["from_user_id"] == user_id:
            given = doc
        elif doc["to_user_id"] == user_id:
            received = doc
    return {"given": given, "received": received}


def feedback_view(doc: Doc | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    return {
        "id": doc["_id"],
        "interview_id": doc["interview_id"],
        "from_user_id": doc["from_user_id"],
        "to_user_id": doc["to_user_id"],
        "rating": doc["rating"],
        "notes": doc["notes"],
        "created_at": iso(doc["created_at"]),
    }
