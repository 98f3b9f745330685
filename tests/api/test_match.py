"""GET /api/match and /api/match/best over real HTTP, and the service they
use with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from matching import Profile, rank
from realtime import matching_service as service
from realtime.candidates import CandidateCache
from realtime.clock import utcnow
from realtime.db import create_indexes
from realtime.store import users
from tests.api.test_peers import PRIVATE, keys_in
from tests.helpers import every_day

ALL_WEEK = every_day("00:00-24:00")


async def match(api: Any, token: str, **params: Any) -> dict[str, Any]:
    reply = await api.get("/api/match", token=token, params=params)
    assert reply.status == 200, reply.body
    assert not keys_in(reply.body) & PRIVATE
    return reply.body


def names(result: dict[str, Any]) -> list[str]:
    return [m["user"]["name"] for m in result["matches"]]


async def test_modes_order_peers_by_level(api):
    me = await api.signup("Me", experience_level="Beginner")
    for level in ("Beginner", "Intermediate", "Advanced"):
        await api.signup(level, experience_level=level)

    similar = await match(api, me.token, mode="similar")
    complementary = await match(api, me.token, mode="complementary")

    assert similar["mode"] == "similar"
    assert names(similar) == ["Beginner", "Intermediate", "Advanced"]
    assert names(complementary) == ["Intermediate", "Advanced", "Beginner"]
    default = await match(api, me.token)
    assert names(default) == names(similar)


async def test_a_match_has_score_breakdown_reasons_and_overlap(api):
    me = await api.signup("Me", skills=["Python", "SQL"])
    peer = await api.signup("Peer", skills=["sql", "Go"])
    before = utcnow()

    result = await match(api, me.token, limit=1)

    start = datetime.fromisoformat(result["horizon"]["start"])
    end = datetime.fromisoformat(result["horizon"]["end"])
    assert start >= before + timedelta(minutes=5)
    assert end - start == timedelta(days=14)
    [found] = result["matches"]
    assert found["user"]["id"] == peer.id
    assert set(found["user"]) == set(peer.profile) - {"email"}
    assert set(found["breakdown"]) == {"skills", "experience", "availability"}
    assert sum(found["breakdown"].values()) == found["score"]
    assert 0 < found["score"] <= 1
    assert any("SQL" in reason for reason in found["reasons"])

    # overlap: every interval inside the horizon, totals agree
    intervals = [
        (datetime.fromisoformat(i["start"]), datetime.fromisoformat(i["end"]))
        for i in found["overlap"]["intervals"]
    ]
    assert all(start <= a < b <= end for a, b in intervals)
    minutes = sum((b - a).total_seconds() for a, b in intervals) // 60
    assert found["overlap"]["total_minutes"] == minutes == 14 * 14 * 60


async def test_skill_keeps_only_peers_who_know_it(api):
    me = await api.signup("Me", skills=["Python"])
    await api.signup("Gopher", skills=["Go"])
    await api.signup("Rustacean", skills=["Rust", "go"])
    await api.signup("Pythonista", skills=["Python"])

    result = await match(api, me.token, skill="GO")
    assert sorted(names(result)) == ["Gopher", "Rustacean"]
    assert await match(api, me.token, skill="Haskell") == {
        **result,
        "matches": [],
    }


async def test_peers_without_shared_time_are_never_matches(api):
    me = await api.signup(
        "Me", availability=[{"day": "Monday", "time_slots": ["08:00-12:00"]}]
    )
    await api.signup("Nobody", availability=[])
    await api.signup(
        "Tuesday", availability=[{"day": "Tuesday", "time_slots": ["08:00-12:00"]}]
    )
    # Monday 08:00 in London is Monday 08:00 UTC in winter, 07:00 in summer:
    # either way some of it is shared.
    await api.signup(
        "Londoner",
        timezone="Europe/London",
        availability=[{"day": "Monday", "time_slots": ["09:00-11:00"]}],
    )
    result = await match(api, me.token)
    assert names(result) == ["Londoner"]


async def test_pending_requests_exclude_the_peer_either_way(api):
    me = await api.signup("Me")
    asked = await api.signup("Asked")
    asking = await api.signup("Asking")
    await api.signup("Free")
    best = (await api.get("/api/match/best", token=me.token)).body
    when = best["proposed_times"][0]["start"]

    sent = await api.post(
        "/api/match-request",
        token=me.token,
        json={"matched_peer_id": asked.id, "requested_time": when},
    )
    assert sent.status == 201, sent.body
    received = await api.post(
        "/api/match-request",
        token=asking.token,
        json={"matched_peer_id": me.id, "requested_time": when},
    )
    assert received.status == 201, received.body

    assert names(await match(api, me.token)) == ["Free"]
    assert "Me" not in names(await match(api, asked.token))

    # once it is no longer Pending, the peer is a match again
    cancelled = await api.patch(
        f"/api/match-request/{sent.body['id']}",
        token=me.token,
        json={"status": "Cancelled"},
    )
    assert cancelled.status == 200
    assert sorted(names(await match(api, me.token))) == ["Asked", "Free"]


async def test_limit_and_stable_ties(api):
    me = await api.signup("Me")
    made = [await api.signup(f"Twin {n}") for n in range(5)]

    result = await match(api, me.token, limit=3)
    ids = [m["user"]["id"] for m in result["matches"]]
    # identical profiles: equal scores, ordered by id
    assert ids == sorted(user.id for user in made)[:3]
    assert (await match(api, me.token, limit=3)) == result


async def test_changes_show_at_once(api):
    me = await api.signup("Me", experience_level="Beginner")
    await api.signup("Peer", experience_level="Advanced")
    assert names(await match(api, me.token)) == ["Peer"]

    # a new user, and a profile edit, are seen by the next request
    late = await api.signup("Late", experience_level="Beginner")
    assert names(await match(api, me.token)) == ["Late", "Peer"]
    edit = await api.put(
        "/api/users/me", token=late.token, json={"experience_level": "Advanced"}
    )
    assert edit.status == 200
    result = await match(api, me.token)
    assert [m["user"]["experience_level"] for m in result["matches"]] == [
        "Advanced",
        "Advanced",
    ]
    edit = await api.put("/api/users/me", token=late.token, json={"availability": []})
    assert names(await match(api, me.token)) == ["Peer"]


async def test_without_availability_there_are_no_matches(api):
    me = await api.signup("Me", availability=[])
    await api.signup("Peer")

    assert (await match(api, me.token))["matches"] == []
    best = await api.get("/api/match/best", token=me.token)
    assert best.status == 404
    assert best.error_code == "no_match"
    assert "availability" in best.body["error"]["message"]


async def test_best_match_proposes_times_both_can_book(api):
    me = await api.signup(
        "Me",
        timezone="Asia/Kolkata",
        experience_level="Beginner",
        availability=ALL_WEEK,
    )
    await api.signup("Far", experience_level="Advanced")
    peer = await api.signup(
        "Near",
        timezone="America/New_York",
        experience_level="Beginner",
        availability=ALL_WEEK,
    )
    before = utcnow()

    reply = await api.get("/api/match/best", token=me.token)
    assert reply.status == 200, reply.body
    assert not keys_in(reply.body) & PRIVATE
    assert reply.body["match"]["user"]["id"] == peer.id
    times = reply.body["proposed_times"]
    assert 1 <= len(times) <= 5

    for proposal in times:
        start = datetime.fromisoformat(proposal["start"])
        assert start >= before + timedelta(minutes=5)
        assert start.timestamp() % 300 == 0
        assert datetime.fromisoformat(proposal["end"]) - start == timedelta(hours=1)
        viewer = datetime.fromisoformat(proposal["viewer_local"])
        theirs = datetime.fromisoformat(proposal["peer_local"])
        assert viewer == theirs == start
        assert viewer.utcoffset() == timedelta(hours=5, minutes=30)
        assert theirs.utcoffset() in (timedelta(hours=-5), timedelta(hours=-4))
    starts = [p["start"] for p in times]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)

    sent = await api.post(
        "/api/match-request",
        token=me.token,
        json={"matched_peer_id": peer.id, "requested_time": times[0]["start"]},
    )
    assert sent.status == 201, sent.body


async def test_best_match_honours_skill_and_mode(api):
    me = await api.signup("Me", skills=["Python"], experience_level="Beginner")
    await api.signup("Same", skills=["Go"], experience_level="Beginner")
    await api.signup("Senior", skills=["Go"], experience_level="Intermediate")
    await api.signup("Pythonista", skills=["Python"], experience_level="Beginner")

    async def best(**params: Any) -> str:
        reply = await api.get("/api/match/best", token=me.token, params=params)
        assert reply.status == 200, reply.body
        return reply.body["match"]["user"]["name"]

    assert await best() == "Pythonista"
    assert await best(skill="go") == "Same"
    assert await best(skill="go", mode="complementary") == "Senior"


async def test_best_match_is_404_when_nobody_fits(api):
    me = await api.signup("Me")
    alone = await api.get("/api/match/best", token=me.token)
    assert alone.status == 404
    assert alone.error_code == "no_match"
    assert alone.body["error"]["message"]

    await api.signup("Night owl", availability=[])
    await api.signup("Gopher", skills=["Go"])
    anyone = await api.get("/api/match/best", token=me.token)
    assert anyone.body["match"]["user"]["name"] == "Gopher"
    only_go = await api.get("/api/match/best", token=me.token, params={"skill": "Rust"})
    assert only_go.status == 404
    assert "Rust" in only_go.body["error"]["message"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/match", {"mode": "opposite"}, "mode"),
        ("/api/match", {"limit": "0"}, "limit"),
        ("/api/match", {"limit": "51"}, "limit"),
        ("/api/match", {"limit": "1.5"}, "limit"),
        ("/api/match", {"skill": "s" * 41}, "skill"),
        ("/api/match", {"level": "Advanced"}, "level"),
        ("/api/match", [("mode", "similar"), ("mode", "similar")], "mode"),
        ("/api/match/best", {"mode": "SIMILAR"}, "mode"),
        ("/api/match/best", {"limit": "3"}, "limit"),
        ("/api/match/best", [("skill", "Go"), ("skill", "SQL")], "skill"),
    ],
)
async def test_bad_query_values_are_400_naming_the_field(api, path, params, field):
    me = await api.signup("Me")
    await api.signup("Peer")
    reply = await api.get(path, token=me.token, params=params)
    assert reply.status == 400
    assert reply.error_code == "validation_error"
    assert field in {d["field"] for d in reply.body["error"]["details"]}


async def test_needs_a_token(api):
    assert (await api.get("/api/match")).status == 401
    assert (await api.get("/api/match/best")).status == 401


# ------------------------------------------- the service, with a fixed clock

NOW = datetime(2026, 3, 5, 14, 2, 30, tzinfo=UTC)  # DST starts in the horizon
ZONES = ["America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe"]


def availability(n: int) -> list[dict[str, Any]]:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    return [
        {"day": days[(n + k) % 6], "time_slots": [f"{(n * 3 + k) % 20:02d}:00-22:00"]}
        for k in range(n % 3 + 1)
    ]


async def test_cache_and_database_paths_rank_like_the_reference(mongo):
    await create_indexes(mongo)
    levels = ["Beginner", "Intermediate", "Advanced"]
    docs = []
    for n in range(40):
        profile = {
            "name": f"user {n}",
            "skills": [["Python", "SQL", "Go", "Rust"][n % 4], "SQL"][: n % 2 + 1],
            "experience_level": levels[n % 3],
            "timezone": ZONES[n % len(ZONES)],
            "availability": availability(n),
            "bio": "",
        }
        docs.append(
            await users.create_user(
                mongo,
                email=f"u{n}@example.com",
                password_hash="x",
                profile=profile,
                now=NOW - timedelta(days=1),
            )
        )
    me = docs[0]
    cache = CandidateCache()

    for mode in ("similar", "complementary"):
        for skill in (None, "sql", "Go"):
            expected = [
                m.user_id
                for m in rank(
                    Profile.from_doc(me),
                    [
                        Profile.from_doc(d)
                        for d in docs
                        if skill is None
                        or skill.lower() in [s.lower() for s in d["skills"]]
                    ],
                    NOW + service.LEAD,
                    mode=mode,
                    skill=skill,
                    limit=15,
                )
            ]
            assert expected, (mode, skill)
            for path in (None, cache):
                result = await service.find_matches(
                    mongo,
                    me["_id"],
                    mode=mode,
                    skill=skill,
                    limit=15,
                    now=NOW,
                    cache=path,
                )
                got = [m["user"]["id"] for m in result["matches"]]
                assert got == expected, (mode, skill, path)
                assert result["horizon"]["start"] == "2026-03-05T14:10:00+00:00"
