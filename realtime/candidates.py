"""A process-local cache of every user's scoring fields, packed for ranking.

Loading thousands of candidates from the database on every ``GET
/api/match`` is the slow part of matching (the embedded server reads about
20,000 documents a second). So each process keeps one ``CandidateTable``
and, before each use, asks the database only for users written since the
last refresh: ``changed_ms`` (epoch milliseconds of a profile's last write,
an indexed integer) ``>=`` the previous refresh time minus ``LAG_MS``. The
lag covers writes that were in flight, and clock differences between
processes, when the previous refresh ran; re-read documents that did not
change are recognised by their ``changed_ms`` and cost no rebuild.

Users are never deleted, so the cache only adds and replaces rows.
"""

from __future__ import annotations

import asyncio
import logging

from pymongo.asynchronous.database import AsyncDatabase

from matching import CandidateTable, Profile
from realtime.clock import utcnow
from realtime.db import Doc, epoch_ms

log = logging.getLogger(__name__)

LAG_MS = 5_000

# What scoring reads, and the change marker.
SCORING_PROJECTION = {
    "name": 1,
    "skills": 1,
    "experience_level": 1,
    "timezone": 1,
    "availability": 1,
    "avail_mask": 1,
}


class CandidateCache:
    """Every user as a ranking candidate; ``await table(db)`` is current."""

    def __init__(self, lag_ms: int = LAG_MS) -> None:
        self.lag_ms = lag_ms
        self._profiles: dict[str, Profile] = {}
        self._changed: dict[str, int] = {}
        self._table: CandidateTable | None = None
        self._refreshed_ms: int | None = None
        self._lock = asyncio.Lock()

    async def table(self, db: AsyncDatabase[Doc]) -> CandidateTable:
        """The table with every write seen up to this call."""
        async with self._lock:
            started = epoch_ms(utcnow())
            query: Doc = {}
            if self._refreshed_ms is not None:
                query = {"changed_ms": {"$gte": self._refreshed_ms - self.lag_ms}}
            projection = {**SCORING_PROJECTION, "changed_ms": 1}

            # keep what changed; a re-read of an unchanged user is skipped
            read = changed = 0
            async for doc in db.users.find(query, projection):
                read += 1
                marker = doc.get("changed_ms", 0)
                if self._changed.get(doc["_id"]) == marker:
                    continue
                self._profiles[doc["_id"]] = Profile.from_doc(doc)
                self._changed[doc["_id"]] = marker
                changed += 1

            if changed or self._table is None:
                profiles = list(self._profiles.values())
                self._table = await asyncio.to_thread(
                    CandidateTable.from_profiles, profiles
                )
                log.debug(
                    "candidate table rebuilt",
                    extra={"read": read, "changed": changed, "rows": len(profiles)},
                )
            self._refreshed_ms = started
            return self._table
