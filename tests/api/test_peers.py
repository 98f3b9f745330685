"""GET /api/peers: the dashboard, over real HTTP with real users."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from realtime.clock import utcnow
from realtime.db import new_id

PRIVATE = {"email", "password", "avail_mask", "avail_hours", "skill_keys"}
PRIVATE |= {"name_lower", "changed_ms", "updated_at"}


def keys_in(value: Any) -> set[str]:
    """Every dict key anywhere inside a JSON value."""
    if isinstance(value, dict):
        found = set(value)
        for item in value.values():
            found |= keys_in(item)
        return found
    if isinstance(value, list):
        return set().union(*(keys_in(item) for item in value)) if value else set()
    return set()


async def peers(api: Any, token: str, **params: Any) -> dict[str, Any]:
    reply = await api.get("/api/peers", token=token, params=params)
    assert reply.status == 200, reply.body
    assert not keys_in(reply.body) & PRIVATE
    return reply.body


async def test_lists_other_users_in_a_stable_order_with_public_fields(api):
    me = await api.signup("Zed")
    b = await api.signup("bea", skills=["Go"], bio="hi")
    a2 = await api.signup("Ana")
    a1 = await api.signup("ana")

    page = await peers(api, me.token)

    # never me; by lower-cased name, then id
    ids = [p["id"] for p in page["peers"]]
    assert me.id not in ids
    assert ids == [*sorted([a1.id, a2.id]), b.id]
    assert page["total"] == 3
    assert (page["limit"], page["offset"]) == (20, 0)
    bea = page["peers"][2]
    public = {k: v for k, v in b.profile.items() if k != "email"}
    assert set(bea) == {*public, "online", "open_slots", "availability_summary"}
    assert {k: bea[k] for k in public} == public
    assert bea["online"] is False
    assert bea["open_slots"] == 0
    assert bea["availability_summary"] == "Mon–Sun 08:00–22:00"


async def test_pages_cover_everyone_once_with_the_total(api):
    me = await api.signup("Viewer")
    names = ["mia", "Mia", "Noah", "liam", "Emma", "olivia", "ava", "Liam", "zoe"]
    made = [await api.signup(name) for name in names]

    seen: list[str] = []
    for offset in range(0, 12, 4):
        page = await peers(api, me.token, limit=4, offset=offset)
        assert page["total"] == len(names)
        seen += [p["id"] for p in page["peers"]]
    assert len(seen) == len(set(seen)) == len(names)
    by_id = {user.id: user.profile["name"] for user in made}
    assert [(by_id[i].lower(), i) for i in seen] == sorted(
        (by_id[i].lower(), i) for i in seen
    )

    past_end = await peers(api, me.token, limit=4, offset=40)
    assert past_end["peers"] == [] and past_end["total"] == len(names)


async def test_filters_by_skill_level_and_name(api):
    me = await api.signup("Viewer", skills=["Python"])
    py = await api.signup("Pat Jones", skills=["python", "SQL"])
    go = await api.signup("Sam Jones", skills=["Go"], experience_level="Advanced")
    plus = await api.signup("C++ fan", skills=["C++"], experience_level="Advanced")
    await api.signup("Abc", skills=["Go"], experience_level="Beginner")

    async def ids(**params: Any) -> set[str]:
        page = await peers(api, me.token, **params)
        assert page["total"] == len(page["peers"])
        return {p["id"] for p in page["peers"]}

    assert await ids(skill="PYTHON") == {py.id}
    assert await ids(skill="sql") == {py.id}
    assert await ids(level="Advanced") == {go.id, plus.id}
    assert await ids(q="jones") == {py.id, go.id}
    assert await ids(q="JONES", level="Advanced") == {go.id}
    assert await ids(q="jones", skill="go") == {go.id}
    # regex characters are literal
    assert await ids(q="c++") == {plus.id}
    assert await ids(q="a.c") == set()
    assert await ids(q="viewer") == set()
    # an empty filter is no filter
    assert len(await ids(skill="", q="", level="")) == 4


async def test_online_while_any_tab_is_open(api, sockets, mongo):
    me = await api.signup("Viewer")
    peer = await api.signup("Peer")
    watcher = await sockets(me.token)

    async def online() -> bool:
        [card] = (await peers(api, me.token))["peers"]
        return card["online"]

    assert await online() is False
    first = await sockets(peer.token)
    second = await sockets(peer.token)
    assert await online() is True

    # one tab closes: still online once the server has forgotten it
    await first.close()
    for _ in range(100):
        if await mongo.presence.count_documents({"user_id": peer.id}) == 1:
            break
        await asyncio.sleep(0.05)
    assert await mongo.presence.count_documents({"user_id": peer.id}) == 1
    assert await online() is True

    await second.close()
    await watcher.wait_for(
        "presence", lambda p: p == {"user_id": peer.id, "online": False}
    )
    assert await online() is False


async def test_counts_available_slots_in_the_next_14_days(api, mongo):
    me = await api.signup("Viewer")
    peer = await api.signup("Peer")
    other = await api.signup("Other")
    now = utcnow()

    def slot(owner: str, hours: float, status: str = "Available") -> dict[str, Any]:
        return {
            "_id": new_id(),
            "interviewer_id": owner,
            "interviewee_id": None,
            "slot_time": now + timedelta(hours=hours),
            "duration_minutes": 60,
            "status": status,
            "created_at": now,
        }

    await mongo.interview_slots.insert_many(
        [
            slot(peer.id, 2),
            slot(peer.id, 24 * 13),
            slot(peer.id, 3, "Booked"),
            slot(peer.id, 24 * 15),
            slot(peer.id, -2),
            slot(other.id, 5),
        ]
    )

    page = await peers(api, me.token)
    counts = {p["id"]: p["open_slots"] for p in page["peers"]}
    assert counts == {peer.id: 2, other.id: 1}


async def test_summary_is_in_the_viewers_zone(api):
    me = await api.signup("Viewer", timezone="Asia/Tokyo")
    await api.signup(
        "Peer",
        timezone="UTC",
        availability=[{"day": "Monday", "time_slots": ["09:00-10:00"]}],
    )
    [card] = (await peers(api, me.token))["peers"]
    assert card["availability_summary"] == "Mon 18:00–19:00"
    assert card["timezone"] == "UTC"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "Expert"}, "level"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "10001"}, "offset"),
        ({"q": "x" * 81}, "q"),
        ({"skill": "s" * 41}, "skill"),
        ({"sort": "name"}, "sort"),
        ([("skill", "Go"), ("skill", "SQL")], "skill"),
    ],
)
async def test_bad_query_values_are_400_naming_the_field(api, params, field):
    me = await api.signup("Viewer")
    reply = await api.get("/api/peers", token=me.token, params=params)
    assert reply.status == 400
    assert reply.error_code == "validation_error"
    assert field in {d["field"] for d in reply.body["error"]["details"]}


async def test_needs_a_token(api):
    reply = await api.get("/api/peers")
    assert reply.status == 401
