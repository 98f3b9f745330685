"""The dashboard of peers and the ranked matches, around ``matching/``.

The HTTP handlers parse and shape; here the database is read and the pure
``matching`` package does the rest. Every function takes ``now`` (the real
clock when not given) so that tests can fix it.

Matches and proposals use the horizon of ``now + LEAD``: the first proposed
time is at least five minutes away, so it is still in the future when the
user sends the request.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from matching import (
    CandidateTable,
    Match,
    Profile,
    best_start_times,
    horizon,
    rank_table,
    summarize,
)
from matching.availability import zone
from realtime.candidates import SCORING_PROJECTION, CandidateCache
from realtime.clock import iso, utcnow
from realtime.db import Doc
from realtime.errors import NotFound
from realtime.presence import Presence
from realtime.requests_service import INTERVIEW_MINUTES
from realtime.store import requests as request_store
from realtime.store import users

log = logging.getLogger(__name__)

HORIZON_DAYS = 14
LEAD = timedelta(minutes=5)
PROPOSALS = 5
# Ranked for /api/match/best, to find a top peer with a whole free hour.
BEST_OF = 10

PUBLIC_PROJECTION = {
    name: 1 for name in (*users.PROFILE_FIELDS, "is_demo", "created_at")
}


# ---------------------------------------------------------------- peers


async def list_peers(
    db: AsyncDatabase[Doc],
    presence: Presence,
    viewer_id: str,
    *,
    skill: str | None = None,
    level: str | None = None,
    q: str | None = None,
    limit: int = 20,
    offset: int = 0,
    now: datetime | None = None,
) -> dict[str, Any]:
    """``{peers, total, limit, offset}``: other users by name, then id."""
    now = now or utcnow()
    viewer = await _viewer(db, viewer_id, {"timezone": 1})

    query: Doc = {"_id": {"$ne": viewer_id}}
    if skill:
        query["skill_keys"] = _has(skill.lower())
    if level:
        query["experience_level"] = level
    if q:
        query["name_lower"] = {"$regex": re.escape(q.lower())}

    total = await db.users.count_documents(query)
    cursor = (
        db.users.find(query, PUBLIC_PROJECTION)
        .sort([("name_lower", 1), ("_id", 1)])
        .skip(offset)
        .limit(limit)
    )
    docs = [doc async for doc in cursor]

    # presence and open slots for the page, one query each
    ids = {doc["_id"] for doc in docs}
    online = await presence.online_among(ids)
    slots = await open_slot_counts(db, ids, now)
    viewer_tz = viewer.get("timezone") or "UTC"
    peers = [
        {
            **users.public_user(doc),
            "online": doc["_id"] in online,
            "open_slots": slots.get(doc["_id"], 0),
            "availability_summary": summarize(
                doc.get("availability") or [],
                doc.get("timezone") or "UTC",
                viewer_tz,
                now,
            ),
        }
        for doc in docs
    ]
    return {"peers": peers, "total": total, "limit": limit, "offset": offset}


async def open_slot_counts(
    db: AsyncDatabase[Doc], user_ids: set[str], now: datetime
) -> dict[str, int]:
    """Available slots per interviewer starting in the next 14 days."""
    if not user_ids:
        return {}
    # One condition per $and entry: the embedded server's aggregate() was
    # seen to match nothing for a date range written as one {$gte, $lt}
    # (or a lone $lt) inside $match.
    conditions: list[Doc] = [
        {"interviewer_id": {"$in": sorted(user_ids)}},
        {"status": "Available"},
        {"slot_time": {"$gte": now}},
        {"slot_time": {"$lt": now + timedelta(days=HORIZON_DAYS)}},
    ]
    pipeline: list[Doc] = [
        {"$match": {"$and": conditions}},
        {"$group": {"_id": "$interviewer_id", "count": {"$sum": 1}}},
    ]
    cursor = await db.interview_slots.aggregate(pipeline)
    return {str(row["_id"]): int(row["count"]) async for row in cursor}


# ---------------------------------------------------------------- matches


async def find_matches(
    db: AsyncDatabase[Doc],
    viewer_id: str,
    *,
    mode: str = "similar",
    skill: str | None = None,
    limit: int = 10,
    now: datetime | None = None,
    cache: CandidateCache | None = None,
) -> dict[str, Any]:
    """``{mode, horizon, matches}``: the best ``limit`` peers for the viewer.

    With a ``cache`` candidates come from its table; without, they are
    narrowed in the database (shared UTC hours, the skill) and packed for
    this request. Both give the same list.
    """
    start = (now or utcnow()) + LEAD
    window = horizon(start, HORIZON_DAYS)
    ranked, me = await _rank(
        db, viewer_id, mode=mode, skill=skill, limit=limit, start=start, cache=cache
    )
    found = await _public_users(db, [match.user_id for match in ranked])
    matches = [
        match_json(match, found[match.user_id])
        for match in ranked
        if match.user_id in found
    ]
    log.debug(
        "matches ranked",
        extra={"user_id": viewer_id, "mode": mode, "count": len(matches)},
    )
    return {
        "mode": mode,
        "horizon": {"start": iso(window[0]), "end": iso(window[1])},
        "matches": matches,
    }


async def best_match(
    db: AsyncDatabase[Doc],
    viewer_id: str,
    *,
    mode: str = "similar",
    skill: str | None = None,
    now: datetime | None = None,
    cache: CandidateCache | None = None,
) -> dict[str, Any]:
    """``{match, proposed_times}`` for the top peer with a whole free hour."""
    start = (now or utcnow()) + LEAD
    ranked, me = await _rank(
        db, viewer_id, mode=mode, skill=skill, limit=BEST_OF, start=start, cache=cache
    )
    if not me.availability:
        raise NotFound(
            "Add your weekly availability to your profile to get a match.",
            code="no_match",
        )

    # the highest-ranked peer with at least one whole interview to propose
    for match in ranked:
        starts = best_start_times(match.overlap, INTERVIEW_MINUTES, PROPOSALS)
        if not starts:
            continue
        found = await _public_users(db, [match.user_id])
        if match.user_id not in found:
            continue
        peer = found[match.user_id]
        return {
            "match": match_json(match, peer),
            "proposed_times": proposals(starts, me.timezone, peer["timezone"]),
        }
    raise NotFound(
        "Nobody shares a free hour with you in the next 14 days"
        + (f" and knows {skill}." if skill else ".")
        + " Try widening your availability.",
        code="no_match",
    )


def proposals(
    starts: list[datetime], viewer_tz: str, peer_tz: str
) -> list[dict[str, str | None]]:
    """Start times in UTC and in both users' zones."""
    viewer, peer = zone(viewer_tz), zone(peer_tz)
    length = timedelta(minutes=INTERVIEW_MINUTES)
    return [
        {
            "start": iso(start),
            "end": iso(start + length),
            "viewer_local": start.astimezone(viewer).isoformat(),
            "peer_local": start.astimezone(peer).isoformat(),
        }
        for start in starts
    ]


def match_json(match: Match, peer: Doc) -> dict[str, Any]:
    """The Match object of docs/API.md."""
    return {
        "user": users.public_user(peer),
        "score": match.score,
        "breakdown": match.breakdown,
        "reasons": match.reasons,
        "overlap": {
            "total_minutes": match.overlap.total_minutes,
            "intervals": [
                {"start": iso(interval.start), "end": iso(interval.end)}
                for interval in match.overlap.intervals
            ],
        },
    }


async def pending_peers(db: AsyncDatabase[Doc], user_id: str) -> set[str]:
    """Users with whom ``user_id`` has a Pending request, either direction."""
    # $and, not $or beside other keys: the embedded server was seen to
    # drop conditions written next to an $or.
    query = {
        "$and": [
            {"status": request_store.PENDING},
            {"$or": [{"requester_id": user_id}, {"matched_peer_id": user_id}]},
        ]
    }
    cursor = db.match_requests.find(query, {"requester_id": 1, "matched_peer_id": 1})
    peers: set[str] = set()
    async for doc in cursor:
        peers.update((doc["requester_id"], doc["matched_peer_id"]))
    peers.discard(user_id)
    return peers


async def _rank(
    db: AsyncDatabase[Doc],
    viewer_id: str,
    *,
    mode: str,
    skill: str | None,
    limit: int,
    start: datetime,
    cache: CandidateCache | None,
) -> tuple[list[Match], Profile]:
    """The viewer's ranked matches (hard filters applied) and profile."""
    me_doc = await _viewer(db, viewer_id, {**SCORING_PROJECTION, "avail_hours": 1})
    me = Profile.from_doc(me_doc)
    my_hours = me_doc.get("avail_hours") or []
    if not my_hours:
        return [], me
    excluded = await pending_peers(db, viewer_id)

    if cache is not None:
        table = await cache.table(db)
        if skill:
            excluded |= _without_skill(table, skill)
    else:
        query: Doc = {"_id": {"$ne": viewer_id}, "avail_hours": {"$in": my_hours}}
        if skill:
            query["skill_keys"] = _has(skill.lower())
        docs = [doc async for doc in db.users.find(query, SCORING_PROJECTION)]
        table = await asyncio.to_thread(CandidateTable.from_docs, docs)

    ranked = await asyncio.to_thread(
        rank_table,
        me,
        table,
        start,
        mode=mode,
        skill=skill,
        limit=limit,
        excluded_ids=frozenset(excluded),
        horizon_days=HORIZON_DAYS,
    )
    return ranked, me


def _has(value: str) -> Doc:
    """Array contains ``value``. Written as ``$in``: the embedded server's
    find() returns nothing for plain equality on an indexed array field
    (count_documents gets it right)."""
    return {"$in": [value]}


def _without_skill(table: CandidateTable, skill: str) -> set[str]:
    """Ids of the table's users who do not list ``skill``."""
    code = table.vocab.get(skill.casefold())
    having: set[int] = set()
    if code is not None:
        having = set(table.skill_rows[table.skill_ids == code].tolist())
    return {p.id for row, p in enumerate(table.profiles) if row not in having}


async def _viewer(db: AsyncDatabase[Doc], viewer_id: str, projection: Doc) -> Doc:
    doc = await db.users.find_one({"_id": viewer_id}, projection)
    if doc is None:
        raise NotFound("Your account no longer exists.", code="user_not_found")
    return doc


async def _public_users(db: AsyncDatabase[Doc], ids: list[str]) -> dict[str, Doc]:
    if not ids:
        return {}
    cursor = db.users.find({"_id": {"$in": ids}}, PUBLIC_PROJECTION)
    return {doc["_id"]: doc async for doc in cursor}
