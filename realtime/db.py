"""The database connection: one AsyncMongoClient per process.

Index definitions for every collection live in ``INDEXES`` and are created
idempotently at start-up. The store keeps to the portable subset of MongoDB
that the README describes, so the same code runs on MongoDB and on the
embedded server.

Rules that keep the store portable, because the embedded server (nx-27017
0.8.1) gets these wrong where MongoDB does not; the README lists them too:

- A datetime written by ``$set`` (or ``$max``) is stored as a string. So a
  datetime is written only when its document is inserted. A "last changed"
  stamp uses ``touch()`` (``$currentDate``), and a time that changes after
  insert and must be compared in a query is kept as epoch milliseconds, an
  integer (``epoch_ms()``).
- Even ``$currentDate`` values stop matching range queries, so stamps made
  by ``touch()`` are for reading only, never for filtering.
- A boolean written by ``$set`` reads back as 1 or 0: read it with
  ``bool()`` and never filter on it with ``True``/``False``.
- ``{field: {"$ne": value}}`` in an update's filter does not match a
  document that lacks the field: filter on what a field is, not on what
  it is not.
- ``find()`` with plain equality on an indexed array field returns
  nothing: query array fields with ``$in``. ``$in`` over dates reads the
  whole collection: ask for a run of consecutive times as a range.
- ``$or`` beside other conditions, and a date range inside an aggregation
  ``$match``, need each condition as its own ``$and`` entry.
- No index names ``_id`` among its keys: every write to the collection
  fails otherwise.
- ``$setOnInsert`` in an upsert is ignored: ``$set`` fields whose value
  never changes instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bson import ObjectId
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from realtime.embedded import EmbeddedMongo
from realtime.errors import StartupError
from realtime.settings import Settings

log = logging.getLogger(__name__)

Doc = dict[str, Any]


@dataclass(frozen=True)
class Index:
    keys: list[tuple[str, int]]
    unique: bool = False
    sparse: bool = False


# collection -> indexes. Every "at most one active X" rule is a sparse
# unique index on a field that exists only while X is active. No index
# names ``_id`` among its keys: the embedded server rejects every write to
# a collection with such an index (see README, "Embedded database").
INDEXES: dict[str, list[Index]] = {
    "users": [
        Index([("email", 1)], unique=True),
        Index([("skill_keys", 1)]),
        Index([("experience_level", 1)]),
        Index([("avail_hours", 1)]),
        Index([("name_lower", 1)]),
        Index([("changed_ms", 1)]),
    ],
    "chat_messages": [
        Index([("interview_id", 1), ("at", 1)]),
    ],
    "room_seats": [
        Index([("interview_id", 1)]),
    ],
    "feedback": [
        Index([("interview_id", 1), ("from_user_id", 1)], unique=True),
        Index([("to_user_id", 1)]),
    ],
    "presence": [
        Index([("user_id", 1)]),
        Index([("server_id", 1)]),
    ],
    "match_requests": [
        Index([("pending_pair", 1)], unique=True, sparse=True),
        Index([("requester_id", 1), ("created_at", -1)]),
        Index([("matched_peer_id", 1), ("created_at", -1)]),
    ],
    "idempotency_keys": [
        Index([("user_id", 1), ("key", 1)], unique=True),
    ],
    "interview_slots": [
        Index([("interviewer_id", 1), ("slot_time", 1)]),
        Index([("interviewee_id", 1), ("slot_time", 1)]),
        Index([("status", 1), ("slot_time", 1)]),
        Index([("status", 1), ("end_time", 1)]),
    ],
    # One document per user and 5-minute cell held: the unique index is what
    # keeps a user from holding two overlapping interviews.
    "busy_guards": [
        Index([("user_id", 1), ("cell", 1)], unique=True),
        Index([("claim", 1)]),
        Index([("cell", 1)]),
    ],
}


def touch(*fields: str) -> dict[str, Any]:
    """An update clause stamping ``fields`` with the server's current time."""
    return {"$currentDate": {name: True for name in fields}}


def epoch_ms(moment: datetime) -> int:
    """A time as integer epoch milliseconds, for values updated later."""
    return int(moment.timestamp() * 1000)


def new_id() -> str:
    """A fresh id: an ObjectId's 24-hex string (ids are strings here)."""
    return str(ObjectId())


@dataclass
class Database:
    """The client, the database handle and the embedded server, if any."""

    client: AsyncMongoClient[Doc]
    db: AsyncDatabase[Doc]
    embedded: EmbeddedMongo | None = None

    async def ping(self) -> bool:
        try:
            await self.db.command("ping")
        except PyMongoError:
            return False
        return True

    async def close(self) -> None:
        await self.client.close()
        if self.embedded is not None:
            await self.embedded.stop()


# Connections per process. The embedded server serialises writes on one
# SQLite file, so a hundred connections only make each request wait longer
# inside it; a short queue in the driver serves the same load with fewer
# timeouts. An option written in MONGODB_URI wins over these defaults.
POOL_SIZE = 24


def make_client(uri: str) -> AsyncMongoClient[Doc]:
    # tz_aware: datetimes come back as aware UTC, on MongoDB and embedded.
    # connectTimeoutMS also bounds the driver's heartbeat: a busy server
    # that answers a heartbeat late must not be taken for a dead one, since
    # the driver then fails the operations it had in flight.
    defaults: dict[str, Any] = {
        "serverSelectionTimeoutMS": 10_000,
        "connectTimeoutMS": 30_000,
        "maxPoolSize": POOL_SIZE,
        "waitQueueTimeoutMS": 60_000,
    }
    given = {key.lower() for key in parse_qs(urlsplit(uri).query)}
    options = {k: v for k, v in defaults.items() if k.lower() not in given}
    return AsyncMongoClient(uri, tz_aware=True, **options)


async def open_database(settings: Settings) -> Database:
    """Connect (starting the embedded server if needed) and create indexes."""
    embedded = None
    uri = settings.mongodb_uri
    if uri is None:
        embedded = EmbeddedMongo(settings.data_dir)
        uri = await embedded.start()
    try:
        client = make_client(uri)
    except Exception as exc:
        if embedded is not None:
            await embedded.stop()
        raise StartupError(f"MONGODB_URI is not usable: {exc}") from None

    database = Database(client, client[settings.mongodb_db], embedded)
    try:
        await database.db.command("ping")
        await create_indexes(database.db)
    except PyMongoError as exc:
        await database.close()
        where = "the embedded database" if embedded else "MONGODB_URI"
        raise StartupError(f"cannot reach {where}: {exc}") from None
    return database


async def create_indexes(db: AsyncDatabase[Doc]) -> None:
    for collection, indexes in INDEXES.items():
        for index in indexes:
            options: dict[str, Any] = {}
            if index.unique:
                options["unique"] = True
            if index.sparse:
                options["sparse"] = True
            await db[collection].create_index(index.keys, **options)
    log.info("indexes ready", extra={"collections": len(INDEXES)})
