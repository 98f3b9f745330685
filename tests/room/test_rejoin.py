"""A peer drops out and comes back: the pair negotiates again."""

from __future__ import annotations

from typing import Any

from realtime import events
from tests.helpers import Api
from tests.room.peers import book_interview, call


async def test_after_a_reconnect_media_flows_again(
    api: Api, mongo: Any, sockets: Any, peers: Any
) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    join = {"interview_id": interview_id}
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)
    assert (await ada_socket.call(events.ROOM_JOIN, join))["ok"]
    assert (await bob_socket.call(events.ROOM_JOIN, join))["ok"]

    first_caller = peers(ada_socket, interview_id)
    first_callee = peers(bob_socket, interview_id)
    await call(first_caller, first_callee)
    assert len(await first_callee.frames(2)) == 2

    # Bob's tab dies: socket and peer connection both go.
    await bob_socket.close()
    await first_callee.close()
    left = await ada_socket.wait_for(events.ROOM_PEER_LEFT)
    assert left["user_id"] == bob.id
    await first_caller.close()

    # Bob comes back on a new socket; Ada hears and calls again.
    bob_again = await sockets(bob.token)
    ack = await bob_again.call(events.ROOM_JOIN, join)
    assert sorted(ack["state"]["present"]) == sorted([ada.id, bob.id])
    await ada_socket.wait_for(
        events.ROOM_PEER_JOINED,
        lambda _: len(ada_socket.events[events.ROOM_PEER_JOINED]) == 2,
    )
    assert all(
        p == {"interview_id": interview_id, "user_id": bob.id}
        for p in ada_socket.events[events.ROOM_PEER_JOINED]
    )

    caller = peers(ada_socket, interview_id)
    callee = peers(bob_again, interview_id)
    await call(caller, callee)
    frames = await callee.frames(3)
    assert len(frames) == 3
    assert callee.received and all(s["from"] == ada.id for s in callee.received)
