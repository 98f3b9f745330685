"""Who is online: one document per connected socket, in the database.

Presence is shared by every server process through the ``presence``
collection: a user is online while any of their sockets has a document
whose ``seen_ms`` (epoch milliseconds, an integer: see realtime/db.py for
why not a datetime) is fresh. Each process refreshes its own sockets'
documents every ``HEARTBEAT`` seconds, so the sockets of a process that died
without cleaning up stop counting after ``STALE_AFTER``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from realtime.clock import utcnow
from realtime.db import Doc, epoch_ms, new_id

log = logging.getLogger(__name__)

HEARTBEAT = 20.0
STALE_AFTER = timedelta(seconds=60)


class Presence:
    def __init__(self, db: AsyncDatabase[Doc], heartbeat: float = HEARTBEAT) -> None:
        self.db = db
        self.heartbeat = heartbeat
        self.server_id = new_id()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._heartbeat(), name="presence")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(PyMongoError):
            await self.db.presence.delete_many({"server_id": self.server_id})

    async def connected(self, sid: str, user_id: str) -> bool:
        """Record a socket; True when it is the user's first one."""
        was_online = await self.is_online(user_id)
        await self.db.presence.insert_one(
            {
                "_id": f"{self.server_id}:{sid}",
                "user_id": user_id,
                "server_id": self.server_id,
                "seen_ms": epoch_ms(utcnow()),
            }
        )
        return not was_online

    async def disconnected(self, sid: str, user_id: str) -> bool:
        """Forget a socket; True when the user has no socket left."""
        await self.db.presence.delete_one({"_id": f"{self.server_id}:{sid}"})
        return not await self.is_online(user_id)

    async def is_online(self, user_id: str) -> bool:
        return bool(await self.online_among({user_id}))

    async def online_among(self, user_ids: set[str]) -> set[str]:
        if not user_ids:
            return set()
        fresh = epoch_ms(utcnow() - STALE_AFTER)
        cursor = self.db.presence.find(
            {"user_id": {"$in": sorted(user_ids)}, "seen_ms": {"$gte": fresh}},
            {"user_id": 1},
        )
        return {doc["user_id"] async for doc in cursor}

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                await self.db.presence.update_many(
                    {"server_id": self.server_id},
                    {"$set": {"seen_ms": epoch_ms(utcnow())}},
                )
                await self.db.presence.delete_many(
                    {"seen_ms": {"$lt": epoch_ms(utcnow() - STALE_AFTER * 5)}}
                )
            except PyMongoError:
                log.exception(
                    "presence heartbeat failed", extra={"server_id": self.server_id}
                )
