"""One socket per user in an interview room, across two server processes."""

from __future__ import annotations

import asyncio
from typing import Any

from realtime import events
from tests.multiprocess.conftest import Cluster
from tests.room.peers import book_interview


def candidate(interview_id: str) -> dict[str, Any]:
    return {
        "interview_id": interview_id,
        "type": "candidate",
        "data": {"candidate": "", "sdpMid": "0", "sdpMLineIndex": 0},
    }


def join(client: Any, interview_id: str) -> Any:
    return client.call(events.ROOM_JOIN, {"interview_id": interview_id})


async def test_a_tab_on_another_process_replaces_the_older_one(
    cluster: Cluster, mongo: Any
) -> None:
    one, _ = cluster.apis
    ada, bob = await one.signup("Ada"), await one.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    # The old tab and Bob on process 1, the new tab on process 2.
    old_tab = await cluster.socket(0, ada.token)
    bob_tab = await cluster.socket(0, bob.token)
    assert (await join(old_tab, interview_id))["ok"]
    assert (await join(bob_tab, interview_id))["ok"]

    new_tab = await cluster.socket(1, ada.token)
    ack = await join(new_tab, interview_id)
    assert ack["ok"], ack
    assert ack["state"]["present"] == sorted([ada.id, bob.id])
    replaced = await old_tab.wait_for(events.ROOM_REPLACED)
    assert replaced == {"interview_id": interview_id}
    assert events.ROOM_REPLACED not in new_tab.events

    # Bob's signal reaches only the new tab, though the old one shares his
    # process.
    signal = candidate(interview_id)
    assert await bob_tab.call(events.SIGNAL, signal) == {"ok": True}
    relayed = await new_tab.wait_for(events.SIGNAL)
    assert relayed["from"] == bob.id
    # The old tab can no longer send, and Bob hears nothing from it.
    ack = await old_tab.call(events.SIGNAL, signal)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "not_joined"
    ack = await old_tab.call(
        events.CHAT_SEND, {"interview_id": interview_id, "text": "hi"}
    )
    assert ack["error"]["code"] == "not_joined"
    await asyncio.sleep(0.3)
    assert events.SIGNAL not in old_tab.events
    assert events.SIGNAL not in bob_tab.events
    assert events.CHAT_MESSAGE not in bob_tab.events

    # The old tab closing does not look like Ada leaving; her seat stays
    # with the new tab.
    await old_tab.close()
    await asyncio.sleep(0.3)
    assert events.ROOM_PEER_LEFT not in bob_tab.events
    seats = [doc async for doc in mongo.room_seats.find({"interview_id": interview_id})]
    assert sorted(doc["user_id"] for doc in seats) == sorted([ada.id, bob.id])
    assert await bob_tab.call(events.SIGNAL, signal) == {"ok": True}
    await new_tab.wait_for(events.SIGNAL, lambda s: len(new_tab.events["signal"]) > 1)

    # The new tab leaving does tell Bob, and frees Ada's seat.
    assert await new_tab.call(events.ROOM_LEAVE, {"interview_id": interview_id})
    left = await bob_tab.wait_for(events.ROOM_PEER_LEFT)
    assert left == {"interview_id": interview_id, "user_id": ada.id}
    again = await join(bob_tab, interview_id)
    assert again["state"]["present"] == [bob.id]


async def test_the_old_tab_can_take_the_seat_back(cluster: Cluster, mongo: Any) -> None:
    one, _ = cluster.apis
    ada, bob = await one.signup("Ada"), await one.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    first = await cluster.socket(0, ada.token)
    second = await cluster.socket(1, ada.token)
    bob_tab = await cluster.socket(1, bob.token)
    assert (await join(first, interview_id))["ok"]
    assert (await join(bob_tab, interview_id))["ok"]
    assert (await join(second, interview_id))["ok"]
    await first.wait_for(events.ROOM_REPLACED)

    # "Use here": the first tab joins again and the second gives way.
    assert (await join(first, interview_id))["ok"]
    await second.wait_for(events.ROOM_REPLACED)
    signal = candidate(interview_id)
    assert await bob_tab.call(events.SIGNAL, signal) == {"ok": True}
    await first.wait_for(events.SIGNAL)
    assert (await second.call(events.SIGNAL, signal))["error"]["code"] == "not_joined"
    await asyncio.sleep(0.3)
    assert events.SIGNAL not in second.events


async def test_the_end_empties_the_room_on_every_process(
    cluster: Cluster, mongo: Any
) -> None:
    one, _ = cluster.apis
    ada, bob = await one.signup("Ada"), await one.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    ada_tab = await cluster.socket(0, ada.token)
    bob_tab = await cluster.socket(1, bob.token)
    assert (await join(ada_tab, interview_id))["ok"]
    assert (await join(bob_tab, interview_id))["ok"]

    assert await ada_tab.call(events.ROOM_END, {"interview_id": interview_id}) == {
        "ok": True
    }
    ended = await bob_tab.wait_for(events.ROOM_ENDED)
    assert ended == {"interview_id": interview_id, "ended_by": ada.id}
    ack = await bob_tab.call(events.SIGNAL, candidate(interview_id))
    assert ack["error"]["code"] == "not_joined"
    assert await mongo.room_seats.count_documents({"interview_id": interview_id}) == 0
    assert (await join(bob_tab, interview_id))["error"]["code"] == "ended"
