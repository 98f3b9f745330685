"""Who may enter a room, and when; presence and replaced sockets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from realtime import events
from tests.helpers import Api
from tests.room.peers import book_interview


def join(client: Any, interview_id: Any) -> Any:
    return client.call(events.ROOM_JOIN, {"interview_id": interview_id})


async def test_the_join_ack_carries_the_room_state(
    api: Api, mongo: Any, sockets: Any
) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(
        mongo, ada.id, bob.id, starts_in=timedelta(minutes=-10), duration_minutes=45
    )
    ada_socket = await sockets(ada.token)
    ack = await join(ada_socket, interview_id)

    assert ack["ok"] is True
    state = ack["state"]
    assert state["present"] == [ada.id]
    assert state["roles"] == {"interviewer": ada.id, "interviewee": bob.id}
    assert state["swapped"] is False
    assert state["chat"] == []
    assert state["interview"]["id"] == interview_id
    assert state["interview"]["status"] == "Booked"
    assert state["interview"]["interviewer"]["name"] == "Ada"
    assert state["interview"]["interviewee"]["name"] == "Bob"
    timer = state["timer"]
    assert timer["duration_seconds"] == 45 * 60
    assert 595 <= timer["elapsed_seconds"] <= 610
    assert timer["elapsed_seconds"] + timer["remaining_seconds"] == 45 * 60

    # The second one in sees both, and the first hears of it.
    bob_socket = await sockets(bob.token)
    ack = await join(bob_socket, interview_id)
    assert sorted(ack["state"]["present"]) == sorted([ada.id, bob.id])
    joined = await ada_socket.wait_for(events.ROOM_PEER_JOINED)
    assert joined == {"interview_id": interview_id, "user_id": bob.id}
    assert events.ROOM_PEER_JOINED not in bob_socket.events


async def test_refusals_say_why(api: Api, mongo: Any, sockets: Any) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    ada_socket = await sockets(ada.token)
    cases = {
        "too_early": await book_interview(
            mongo, ada.id, bob.id, starts_in=timedelta(minutes=16)
        ),
        "ended": await book_interview(
            mongo,
            ada.id,
            bob.id,
            starts_in=timedelta(minutes=-92),
            duration_minutes=60,
        ),
        "cancelled": await book_interview(mongo, ada.id, bob.id, status="Cancelled"),
        "unknown": "0123456789abcdef01234567",
    }
    completed = await book_interview(mongo, ada.id, bob.id, status="Completed")
    for code, interview_id in cases.items():
        ack = await join(ada_socket, interview_id)
        assert ack["ok"] is False
        assert ack["error"]["code"] == code, (code, ack)
        assert ack["error"]["message"]
    ack = await join(ada_socket, completed)
    assert ack["error"]["code"] == "ended"

    for bad in (None, 42, "nope", {"id": 1}):
        ack = await ada_socket.call(events.ROOM_JOIN, bad if bad else {})
        assert ack["error"]["code"] == "bad_request"


async def test_the_window_edges_follow_the_settings(
    api: Api, mongo: Any, sockets: Any
) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    ada_socket = await sockets(ada.token)
    opens_soon = await book_interview(
        mongo, ada.id, bob.id, starts_in=timedelta(minutes=14, seconds=30)
    )
    closed_just = await book_interview(
        mongo,
        ada.id,
        bob.id,
        starts_in=timedelta(minutes=-60 - 29),
        duration_minutes=60,
    )
    assert (await join(ada_socket, opens_soon))["ok"] is True
    assert (await join(ada_socket, closed_just))["ok"] is True


async def test_an_outsider_cannot_join(api: Api, mongo: Any, sockets: Any) -> None:
    ada, bob, eve = await api.signup(), await api.signup(), await api.signup()
    interview_id = await book_interview(mongo, ada.id, bob.id)
    eve_socket = await sockets(eve.token)
    ack = await join(eve_socket, interview_id)
    assert ack["error"]["code"] == "not_participant"

    # An open slot has no room either, not even for its owner.
    open_slot = await book_interview(mongo, ada.id, None, status="Available")
    ack = await join(await sockets(ada.token), open_slot)
    assert ack["ok"] is False


async def test_a_newer_socket_replaces_the_older_one(
    api: Api, mongo: Any, sockets: Any
) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    first, second = await sockets(ada.token), await sockets(ada.token)
    bob_socket = await sockets(bob.token)
    assert (await join(first, interview_id))["ok"]
    assert (await join(bob_socket, interview_id))["ok"]
    ack = await join(second, interview_id)

    assert sorted(ack["state"]["present"]) == sorted([ada.id, bob.id])
    assert await first.wait_for(events.ROOM_REPLACED) == {"interview_id": interview_id}

    # Bob's signals reach only the newer socket; the older cannot send.
    signal = {
        "interview_id": interview_id,
        "type": "candidate",
        "data": {"candidate": "", "sdpMid": "0", "sdpMLineIndex": 0},
    }
    assert await bob_socket.call(events.SIGNAL, signal) == {"ok": True}
    await second.wait_for(events.SIGNAL)
    ack = await first.call(events.SIGNAL, signal)
    assert ack["error"]["code"] == "not_joined"
    assert events.SIGNAL not in first.events

    # The replaced socket going away does not look like Ada leaving.
    await first.close()
    assert (await bob_socket.call(events.SIGNAL, signal))["ok"]
    await second.wait_for(events.SIGNAL, lambda s: len(second.events["signal"]) > 1)
    assert events.ROOM_PEER_LEFT not in bob_socket.events


async def test_leaving_and_disconnecting_tell_the_other(
    api: Api, mongo: Any, sockets: Any
) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)
    await join(ada_socket, interview_id)
    await join(bob_socket, interview_id)

    ack = await bob_socket.call(events.ROOM_LEAVE, {"interview_id": interview_id})
    assert ack == {"ok": True}
    left = await ada_socket.wait_for(events.ROOM_PEER_LEFT)
    assert left == {"interview_id": interview_id, "user_id": bob.id}

    await join(bob_socket, interview_id)
    await ada_socket.close()
    await bob_socket.wait_for(events.ROOM_PEER_LEFT)
    again = await join(bob_socket, interview_id)
    assert again["state"]["present"] == [bob.id]
