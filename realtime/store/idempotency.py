"""The ``idempotency_keys`` collection: one document per (user, key).

A POST carrying an ``Idempotency-Key`` first *claims* the key by inserting
``{user_id, key, fingerprint}``; a unique index on ``(user_id, key)`` lets
exactly one of any number of concurrent claims win. The winner runs the
request and stores its outcome (status and body) on the key; the others
wait for that outcome and return it. A key is kept for ``KEY_TTL``; after
that the same key starts afresh.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from realtime.clock import utcnow
from realtime.db import Doc, new_id
from realtime.errors import BadRequest, Conflict

KEY_TTL = timedelta(hours=24)
# How long a repeat waits for the first request with its key to finish.
WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Outcome:
    status: int
    body: Any


@dataclass(frozen=True)
class Claim:
    """The key is ours: run the request, then ``finish`` or ``release``."""

    id: str


async def claim(
    db: AsyncDatabase[Doc],
    *,
    user_id: str,
    key: str,
    fingerprint: str,
    now: datetime | None = None,
) -> Claim | Outcome:
    """Claim ``key`` for a new request, or return the first one's outcome.

    BadRequest when the key was used with a different body.
    """
    now = now or utcnow()
    for _ in range(2):
        key_id = new_id()
        try:
            await db.idempotency_keys.insert_one(
                {
                    "_id": key_id,
                    "user_id": user_id,
                    "key": key,
                    "fingerprint": fingerprint,
                    "status": None,
                    "body": None,
                    "created_at": now,
                }
            )
            return Claim(key_id)
        except DuplicateKeyError:
            existing = await db.idempotency_keys.find_one(
                {"user_id": user_id, "key": key}
            )
        if existing is None:
            continue  # released in between: claim it again
        if existing["created_at"] < now - KEY_TTL:
            await db.idempotency_keys.delete_one(
                {"_id": existing["_id"], "created_at": existing["created_at"]}
            )
            continue
        if existing["fingerprint"] != fingerprint:
            raise BadRequest(
                "This Idempotency-Key was already used with a different body.",
                code="idempotency_key_reused",
            )
        return await _wait_outcome(db, existing)
    raise Conflict(
        "The request with this Idempotency-Key is still changing; retry.",
        code="idempotency_in_progress",
    )


async def _wait_outcome(db: AsyncDatabase[Doc], doc: Doc) -> Outcome:
    deadline = time.monotonic() + WAIT_SECONDS
    while doc.get("status") is None:
        if time.monotonic() > deadline:
            raise Conflict(
                "The request with this Idempotency-Key is still running; retry.",
                code="idempotency_in_progress",
            )
        await asyncio.sleep(_POLL_SECONDS)
        found = await db.idempotency_keys.find_one({"_id": doc["_id"]})
        if found is None:
            # The first attempt failed unexpectedly and let the key go.
            raise Conflict(
                "The request with this Idempotency-Key failed; retry.",
                code="idempotency_in_progress",
            )
        doc = found
    return Outcome(doc["status"], doc["body"])


async def finish(db: AsyncDatabase[Doc], claimed: Claim, outcome: Outcome) -> None:
    """Store the outcome every later use of the key returns."""
    await db.idempotency_keys.update_one(
        {"_id": claimed.id},
        {"$set": {"status": outcome.status, "body": outcome.body}},
    )


async def release(db: AsyncDatabase[Doc], claimed: Claim) -> None:
    """Forget a claim whose request failed unexpectedly, so it may be retried."""
    await db.idempotency_keys.delete_one({"_id": claimed.id})
