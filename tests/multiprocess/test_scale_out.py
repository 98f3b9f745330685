"""Pushes and presence across two server processes joined by Redis."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from realtime.presence import Presence
from tests.helpers import Api, User
from tests.multiprocess.conftest import Cluster

NEW = "match_request:new"
UPDATED = "match_request:updated"


def tomorrow_noon(hours: int = 0) -> str:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (today + timedelta(days=1, hours=12 + hours)).isoformat()


async def propose(api: Api, user: User, peer: User, hours: int = 0) -> Any:
    return await api.post(
        "/api/match-request",
        token=user.token,
        json={"matched_peer_id": peer.id, "requested_time": tomorrow_noon(hours)},
    )


async def test_a_request_made_on_one_process_reaches_a_socket_on_the_other(
    cluster: Cluster,
) -> None:
    one, two = cluster.apis
    a = await one.signup("Ada")
    b = await two.signup("Bob")
    a_tab = await cluster.socket(0, a.token)
    b_tabs = [await cluster.socket(1, b.token), await cluster.socket(0, b.token)]

    created = await propose(one, a, b)
    assert created.status == 201, created.body
    for tab in b_tabs:
        assert await tab.wait_for(NEW) == created.body

    # the answer goes through process 2 and reaches A on process 1
    accepted = await two.patch(
        f"/api/match-request/{created.body['id']}",
        token=b.token,
        json={"status": "Accepted"},
    )
    assert accepted.status == 200
    assert await a_tab.wait_for(UPDATED) == accepted.body
    for tab in b_tabs:
        await tab.wait_for(UPDATED)

    # both processes read the same database
    lists = await one.get("/api/match-requests", token=b.token)
    assert [r["status"] for r in lists.body["incoming"]] == ["Accepted"]


async def test_presence_is_shared_across_processes(
    cluster: Cluster, mongo: Any
) -> None:
    one, _ = cluster.apis
    a = await one.signup("Ada")
    b = await one.signup("Bob")
    a_tab = await cluster.socket(0, a.token)
    presence = Presence(mongo)  # reads what every process has written

    b_first = await cluster.socket(1, b.token)
    b_second = await cluster.socket(0, b.token)
    assert await presence.is_online(b.id)
    # one "online" push for B, though B has two tabs on two processes
    await a_tab.wait_for("presence", lambda p: p == {"user_id": b.id, "online": True})

    await b_first.close()
    await asyncio.sleep(0.3)
    assert await presence.is_online(b.id)  # the tab on process 1 is still open
    assert {"user_id": b.id, "online": False} not in a_tab.events["presence"]

    await b_second.close()
    await a_tab.wait_for("presence", lambda p: p == {"user_id": b.id, "online": False})
    assert not await presence.is_online(b.id)
    online_pushes = [
        p for p in a_tab.events["presence"] if p == {"user_id": b.id, "online": True}
    ]
    assert len(online_pushes) == 1


async def test_pushes_resume_after_redis_restarts_and_rest_never_stops(
    cluster: Cluster, mongo: Any
) -> None:
    one, two = cluster.apis
    a = await one.signup("Ada")
    b = await one.signup("Bob")
    b_tab = await cluster.socket(1, b.token)
    created = await propose(one, a, b)
    await b_tab.wait_for(NEW, lambda r: r["id"] == created.body["id"])

    # Redis goes away for a few seconds; REST on both processes carries on.
    await cluster.redis.stop()
    outage_ends = time.monotonic() + 3
    made_during_outage = 0
    while time.monotonic() < outage_ends:
        cancel = await one.patch(
            f"/api/match-request/{created.body['id']}",
            token=a.token,
            json={"status": "Cancelled"},
        )
        assert cancel.status == 200, cancel.body
        created = await propose(two, a, b)
        assert created.status == 201, created.body
        assert (await one.get("/api/match-requests", token=b.token)).status == 200
        made_during_outage += 1
    await cluster.redis.start()

    # The same servers deliver again once their Redis links are back.
    deadline = time.monotonic() + 30
    delivered = False
    while time.monotonic() < deadline and not delivered:
        cancel = await one.patch(
            f"/api/match-request/{created.body['id']}",
            token=a.token,
            json={"status": "Cancelled"},
        )
        assert cancel.status == 200
        created = await propose(one, a, b)
        assert created.status == 201
        try:
            await b_tab.wait_for(
                NEW, lambda r, rid=created.body["id"]: r["id"] == rid, timeout=0.5
            )
            delivered = True
        except TimeoutError:
            pass
    assert delivered, "no push reached process 2 within 30 s of Redis returning"
    assert made_during_outage >= 1
    assert await mongo.match_requests.count_documents({"status": "Pending"}) == 1
