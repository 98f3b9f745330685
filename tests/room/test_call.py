"""Two real aiortc peers meet through the server's relay."""

from __future__ import annotations

import asyncio
from typing import Any

from realtime import events
from tests.helpers import Api
from tests.room.peers import Peer, book_interview, call


async def join(client: Any, interview_id: str) -> dict[str, Any]:
    ack = await client.call(events.ROOM_JOIN, {"interview_id": interview_id})
    assert ack["ok"], ack
    return ack["state"]


async def test_a_call_connects_and_carries_data_and_video(
    api: Api, mongo: Any, sockets: Any, peers: Any
) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)
    await join(ada_socket, interview_id)
    await join(bob_socket, interview_id)

    caller = peers(ada_socket, interview_id)
    callee = peers(bob_socket, interview_id)
    await call(caller, callee)

    # Every kind of signal went through, each only to the other side.
    kinds = {signal["type"] for signal in callee.received}
    assert kinds == {"offer", "candidate"}
    assert {signal["type"] for signal in caller.received} == {"answer", "candidate"}
    assert all(signal["from"] == ada.id for signal in callee.received)
    assert caller.added_candidates >= 1 and callee.added_candidates >= 1
    assert "connecting" in caller.states and caller.states[-1] == "connected"

    # The data channel carries a message.
    assert caller.channel is not None
    if caller.channel.readyState != "open":
        opened = asyncio.Event()
        caller.channel.on("open", opened.set)
        await asyncio.wait_for(opened.wait(), 5)
    caller.channel.send("hello from Ada")
    assert await asyncio.wait_for(callee.messages.get(), 5) == "hello from Ada"

    # The generated video arrives, frame after frame.
    frames = await callee.frames(3)
    assert [frame.width for frame in frames] == [64, 64, 64]
    assert frames[0].pts < frames[1].pts < frames[2].pts


async def test_without_candidate_signals_the_peers_never_connect(
    api: Api, mongo: Any, sockets: Any, peers: Any
) -> None:
    """The candidates are needed: descriptions alone carry none."""
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)
    await join(ada_socket, interview_id)
    await join(bob_socket, interview_id)
    caller: Peer = peers(ada_socket, interview_id)
    callee: Peer = peers(bob_socket, interview_id)

    # Both sides drop every candidate signal they receive.
    def drop_candidates(peer: Peer) -> None:
        original = peer._inbox.put_nowait

        def only_descriptions(payload: dict[str, Any]) -> None:
            if payload["type"] != "candidate":
                original(payload)

        peer._inbox.put_nowait = only_descriptions  # type: ignore[method-assign]

    drop_candidates(caller)
    drop_candidates(callee)
    await caller.offer()
    await asyncio.sleep(3)
    assert caller.pc.remoteDescription is not None  # the answer came back
    assert callee.pc.connectionState != "connected"
    assert caller.pc.connectionState != "connected"
