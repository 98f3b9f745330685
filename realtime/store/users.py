"""The ``users`` collection.

Besides the fields of the data model (docs/API.md), each user carries values
derived from the profile on every write, for querying: ``name_lower``, ``skill_keys``
(lower-cased skills), ``avail_mask`` (the weekly local availability as a
hex bitmask), ``avail_hours`` (UTC hour-of-week buckets the availability
can touch, for narrowing match candidates in the database) and
``changed_ms`` (wall-clock epoch milliseconds of the last write, an integer
so that range queries work on the embedded server too; caches of profiles
refresh from it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from matching.availability import local_week_mask, weekly_utc_hours
from realtime.clock import iso, utcnow
from realtime.db import Doc, epoch_ms, new_id, touch
from realtime.errors import Conflict, NotFound

PROFILE_FIELDS = (
    "name",
    "skills",
    "experience_level",
    "timezone",
    "availability",
    "bio",
)
PERSON_FIELDS = ("name", "skills", "experience_level", "timezone")


def derived_fields(profile: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Values computed from the profile, refreshed on every write."""
    # changed_ms is the real clock even when ``now`` is injected: it orders
    # writes for the candidate cache, not for the domain.
    derived: dict[str, Any] = {"updated_at": now, "changed_ms": epoch_ms(utcnow())}
    if "name" in profile:
        derived["name_lower"] = profile["name"].lower()
    if "skills" in profile:
        derived["skill_keys"] = [skill.lower() for skill in profile["skills"]]
    if "availability" in profile or "timezone" in profile:
        availability = profile["availability"]
        derived["avail_mask"] = local_week_mask(availability).hex()
        derived["avail_hours"] = weekly_utc_hours(
            availability, profile["timezone"], now
        )
    return derived


async def create_user(
    db: AsyncDatabase[Doc],
    *,
    email: str,
    password_hash: str,
    profile: dict[str, Any],
    is_demo: bool = False,
    now: datetime | None = None,
) -> Doc:
    now = now or utcnow()
    doc: Doc = {
        "_id": new_id(),
        "email": email,
        "password": password_hash,
        **profile,
        "is_demo": is_demo,
        "created_at": now,
    }
    doc.update(derived_fields(doc, now))
    try:
        await db.users.insert_one(doc)
    except DuplicateKeyError:
        raise Conflict(
            "An account with this email already exists.", code="email_taken"
        ) from None
    return doc


async def find_by_email(db: AsyncDatabase[Doc], email: str) -> Doc | None:
    return await db.users.find_one({"email": email})


async def get_user(db: AsyncDatabase[Doc], user_id: str) -> Doc:
    doc = await db.users.find_one({"_id": user_id})
    if doc is None:
        raise NotFound("No such user.", code="user_not_found")
    return doc


async def get_users(db: AsyncDatabase[Doc], user_ids: set[str]) -> dict[str, Doc]:
    """Users by id, for embedding names in lists; one query."""
    if not user_ids:
        return {}
    cursor = db.users.find({"_id": {"$in": sorted(user_ids)}}, {"password": 0})
    return {doc["_id"]: doc async for doc in cursor}


async def update_profile(
    db: AsyncDatabase[Doc],
    user_id: str,
    changes: dict[str, Any],
    now: datetime | None = None,
) -> Doc:
    now = now or utcnow()
    current = await get_user(db, user_id)

    # Availability buckets depend on the zone too: recompute from both.
    basis = dict(changes)
    if {"availability", "timezone"} & changes.keys():
        basis["availability"] = changes.get("availability", current["availability"])
        basis["timezone"] = changes.get("timezone", current["timezone"])
    update = {**changes, **derived_fields(basis, now)}
    update.pop("updated_at")

    doc = await db.users.find_one_and_update(
        {"_id": user_id},
        {"$set": update, **touch("updated_at")},
        return_document=True,
    )
    if doc is None:
        raise NotFound("No such user.", code="user_not_found")
    return doc


async def count_users(db: AsyncDatabase[Doc]) -> int:
    return await db.users.count_documents({})


def public_user(doc: Doc) -> dict[str, Any]:
    """What any logged-in user may see of another."""
    return {
        "id": doc["_id"],
        **{name: doc.get(name) for name in PROFILE_FIELDS},
        "is_demo": bool(doc.get("is_demo")),
        "created_at": iso(doc.get("created_at")),
    }


def own_user(doc: Doc) -> dict[str, Any]:
    """The user's own view: the public fields plus the email."""
    return {**public_user(doc), "email": doc["email"]}


def person(doc: Doc | None) -> dict[str, Any] | None:
    """A short card of a user, embedded in requests and slots."""
    if doc is None:
        return None
    return {"id": doc["_id"], **{name: doc.get(name) for name in PERSON_FIELDS}}
