"""The ``busy_guards`` collection: one document per user and 5-minute cell.

A unique index on ``(user_id, cell)`` is what makes overlapping interviews
impossible: whoever inserts a user's cells first holds that time. Each
guard names the slot and role it protects and the *claim* (one id per
insert batch) it belongs to, so a release deletes exactly what its own
claim inserted. Fields: ``user_id``, ``cell`` (UTC), ``slot_id``, ``role``
(``interviewer`` | ``interviewee``), ``claim``, ``created_at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pymongo.asynchronous.cursor import AsyncCursor
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from realtime.booking import GRID
from realtime.clock import utcnow
from realtime.db import Doc, new_id


async def insert(
    db: AsyncDatabase[Doc],
    *,
    user_id: str,
    cells: Sequence[datetime],
    slot_id: str,
    role: str,
    claim: str,
) -> bool:
    """Insert every cell of one claim; False (having inserted a prefix) when
    any cell is already held. The caller releases the claim on False."""
    docs = [
        {
            "_id": new_id(),
            "user_id": user_id,
            "cell": cell,
            "slot_id": slot_id,
            "role": role,
            "claim": claim,
            # When it was written, not when the request began: others judge
            # a claim's age from this.
            "created_at": utcnow(),
        }
        for cell in cells
    ]
    try:
        await db.busy_guards.insert_many(docs, ordered=True)
    except (BulkWriteError, DuplicateKeyError) as exc:
        if isinstance(exc, BulkWriteError) and any(
            error.get("code") != 11000 for error in exc.details.get("writeErrors", [])
        ):
            raise
        return False
    return True


async def release(db: AsyncDatabase[Doc], *claims: str | None) -> int:
    """Delete the guards of the given claims; None entries are skipped."""
    wanted = sorted({claim for claim in claims if claim})
    if not wanted:
        return 0
    result = await db.busy_guards.delete_many({"claim": {"$in": wanted}})
    return result.deleted_count


async def holding(
    db: AsyncDatabase[Doc], user_id: str, cells: Sequence[datetime]
) -> list[Doc]:
    """The guards that hold any of ``cells`` (consecutive 5-minute cells,
    as ``booking.cells`` gives them) for ``user_id``.

    Asked as a range, not ``$in``: the embedded server answers ``$in`` over
    dates by reading the whole collection, a range from the index."""
    if not cells:
        return []
    window = {"$gte": min(cells), "$lte": max(cells)}
    cursor = db.busy_guards.find({"user_id": user_id, "cell": window})
    return [doc async for doc in cursor]


def future(db: AsyncDatabase[Doc], now: datetime) -> AsyncCursor[Doc]:
    """Every guard of a cell not yet over, for the sweep."""
    return db.busy_guards.find(
        {"cell": {"$gte": now - GRID}},
        {
            "_id": 0,
            "user_id": 1,
            "cell": 1,
            "slot_id": 1,
            "role": 1,
            "claim": 1,
            "created_at": 1,
        },
    ).sort("cell", 1)


async def delete_past(db: AsyncDatabase[Doc], before: datetime) -> int:
    result = await db.busy_guards.delete_many({"cell": {"$lt": before}})
    return result.deleted_count
