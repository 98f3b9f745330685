"""Helpers for the scheduling tests: times on the grid, direct DB checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from realtime.scheduling import consistency_problems


def at(hours: float = 0, days: int = 0) -> str:
    """An ISO time ``days`` and ``hours`` ahead, on the 5-minute grid."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    now -= timedelta(minutes=now.minute % 5)
    return (now + timedelta(days=days, hours=hours)).isoformat()


def plus(iso_time: str, minutes: int) -> str:
    return (datetime.fromisoformat(iso_time) + timedelta(minutes=minutes)).isoformat()


async def assert_consistent(mongo: Any) -> None:
    problems = await consistency_problems(mongo)
    assert problems == []


async def move_slot(mongo: Any, slot_id: str, start: datetime) -> None:
    """Move a slot in time behind the server's back (to make it past).

    Rewritten whole: the embedded server stores datetimes given to ``$set``
    as strings.
    """
    doc = await mongo.interview_slots.find_one({"_id": slot_id})
    doc["slot_time"] = start
    doc["end_time"] = start + timedelta(minutes=doc["duration_minutes"])
    await mongo.interview_slots.delete_one({"_id": slot_id})
    await mongo.interview_slots.insert_one(doc)
