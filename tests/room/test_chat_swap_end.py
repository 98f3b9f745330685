"""Chat that lasts, the role swap, the end, and feedback after it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from realtime import events
from realtime.clock import utcnow
from tests.helpers import Api
from tests.room.peers import book_interview


async def in_room(api: Api, mongo: Any, sockets: Any) -> tuple[Any, ...]:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(mongo, ada.id, bob.id)
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)
    for client in (ada_socket, bob_socket):
        ack = await client.call(events.ROOM_JOIN, {"interview_id": interview_id})
        assert ack["ok"], ack
    return interview_id, ada, ada_socket, bob, bob_socket


async def test_chat_reaches_both_and_comes_back_on_rejoin(
    api: Api, mongo: Any, sockets: Any
) -> None:
    interview_id, ada, ada_socket, bob, bob_socket = await in_room(api, mongo, sockets)
    ack = await ada_socket.call(
        events.CHAT_SEND, {"interview_id": interview_id, "text": "  hello Bob \n"}
    )
    assert ack["ok"]
    message = ack["message"]
    assert message["text"] == "hello Bob"
    assert message["from"] == ada.id and message["interview_id"] == interview_id
    assert await bob_socket.wait_for(events.CHAT_MESSAGE) == message
    assert await ada_socket.wait_for(events.CHAT_MESSAGE) == message
    await bob_socket.call(
        events.CHAT_SEND, {"interview_id": interview_id, "text": "hi Ada"}
    )

    # Bad text changes nothing.
    for text, code in (
        ("   ", "bad_request"),
        (7, "bad_request"),
        ("x" * 2001, "too_large"),
    ):
        ack = await ada_socket.call(
            events.CHAT_SEND, {"interview_id": interview_id, "text": text}
        )
        assert ack["error"]["code"] == code
    ok = await ada_socket.call(
        events.CHAT_SEND, {"interview_id": interview_id, "text": "y" * 2000}
    )
    assert ok["ok"]

    # A fresh socket sees the history, oldest first.
    await ada_socket.close()
    again = await sockets(ada.token)
    state = (await again.call(events.ROOM_JOIN, {"interview_id": interview_id}))[
        "state"
    ]
    assert [m["text"] for m in state["chat"]] == ["hello Bob", "hi Ada", "y" * 2000]
    assert [m["from"] for m in state["chat"]] == [ada.id, bob.id, ada.id]


async def test_the_history_is_the_last_fifty(
    api: Api, mongo: Any, sockets: Any
) -> None:
    interview_id, _, ada_socket, _, _ = await in_room(api, mongo, sockets)
    start = utcnow()
    await mongo.chat_messages.insert_many(
        [
            {
                "_id": f"{n:024x}",
                "interview_id": interview_id,
                "from": "x" * 24,
                "text": f"m{n}",
                "at": start + timedelta(milliseconds=n),
            }
            for n in range(60)
        ]
    )
    state = (await ada_socket.call(events.ROOM_JOIN, {"interview_id": interview_id}))[
        "state"
    ]
    assert [m["text"] for m in state["chat"]] == [f"m{n}" for n in range(10, 60)]


async def test_swap_flips_the_roles_for_both(
    api: Api, mongo: Any, sockets: Any
) -> None:
    interview_id, ada, ada_socket, bob, bob_socket = await in_room(api, mongo, sockets)
    ack = await bob_socket.call(events.ROOM_SWAP, {"interview_id": interview_id})
    assert ack["ok"]
    assert ack["state"]["swapped"] is True
    assert ack["state"]["roles"] == {"interviewer": bob.id, "interviewee": ada.id}
    for client in (ada_socket, bob_socket):
        swapped = await client.wait_for(events.ROOM_SWAPPED)
        assert swapped == {
            "interview_id": interview_id,
            "roles": {"interviewer": bob.id, "interviewee": ada.id},
            "swapped": True,
        }
    doc = await mongo.interview_slots.find_one({"_id": interview_id})
    # == rather than "is": the embedded server stores a $set True as 1.
    assert doc["swapped"] == True  # noqa: E712
    # The booked roles stay as they were; only the flag flips.
    assert doc["interviewer_id"] == ada.id

    # Two swaps at once flip twice.
    await asyncio.gather(
        ada_socket.call(events.ROOM_SWAP, {"interview_id": interview_id}),
        bob_socket.call(events.ROOM_SWAP, {"interview_id": interview_id}),
    )
    doc = await mongo.interview_slots.find_one({"_id": interview_id})
    assert doc["swap_count"] == 3 and doc["swapped"] == True  # noqa: E712
    state = (await ada_socket.call(events.ROOM_JOIN, {"interview_id": interview_id}))[
        "state"
    ]
    assert state["roles"]["interviewer"] == bob.id


async def test_either_participant_ends_it_once(
    api: Api, mongo: Any, sockets: Any
) -> None:
    interview_id, ada, ada_socket, bob, bob_socket = await in_room(api, mongo, sockets)
    acks = await asyncio.gather(
        ada_socket.call(events.ROOM_END, {"interview_id": interview_id}),
        bob_socket.call(events.ROOM_END, {"interview_id": interview_id}),
    )
    assert sorted(a["ok"] for a in acks) == [False, True]
    winner = ada if acks[0]["ok"] else bob
    for client in (ada_socket, bob_socket):
        ended = await client.wait_for(events.ROOM_ENDED)
        assert ended == {"interview_id": interview_id, "ended_by": winner.id}
    doc = await mongo.interview_slots.find_one({"_id": interview_id})
    assert doc["status"] == "Completed"
    assert doc["ended_by"] == winner.id

    # The room is shut: no more signals, no rejoining.
    ack = await ada_socket.call(
        events.SIGNAL,
        {
            "interview_id": interview_id,
            "type": "candidate",
            "data": {"candidate": "", "sdpMid": "0"},
        },
    )
    assert ack["error"]["code"] == "not_joined"
    ack = await bob_socket.call(events.ROOM_JOIN, {"interview_id": interview_id})
    assert ack["error"]["code"] == "ended"


async def test_feedback_once_each_after_the_end(
    api: Api, mongo: Any, sockets: Any
) -> None:
    interview_id, ada, ada_socket, bob, _ = await in_room(api, mongo, sockets)
    eve = await api.signup("Eve")
    path = f"/api/interviews/{interview_id}/feedback"
    body = {"rating": 4, "notes": "Clear answers."}

    early = await api.post(path, token=ada.token, json=body)
    assert (early.status, early.error_code) == (409, "not_ended")
    await ada_socket.call(events.ROOM_END, {"interview_id": interview_id})

    for bad in (
        {"rating": 0},
        {"rating": 6},
        {"rating": "5"},
        {"rating": True},
        {"rating": 3, "notes": "n" * 2001},
        {"rating": 3, "extra": 1},
        {},
    ):
        reply = await api.post(path, token=ada.token, json=bad)
        assert reply.status == 400, bad
    outsider = await api.post(path, token=eve.token, json=body)
    assert outsider.status == 403
    unknown = await api.post(
        "/api/interviews/0123456789abcdef01234567/feedback",
        token=ada.token,
        json=body,
    )
    assert unknown.status == 404
    assert await mongo.feedback.count_documents({}) == 0

    # Ten posts at once: one lands.
    replies = await asyncio.gather(
        *(api.post(path, token=ada.token, json=body) for _ in range(10))
    )
    assert sorted(r.status for r in replies) == [201] + [409] * 9
    created = next(r for r in replies if r.status == 201).body["feedback"]
    assert created["from_user_id"] == ada.id and created["to_user_id"] == bob.id
    assert created["rating"] == 4 and created["notes"] == "Clear answers."
    assert {r.error_code for r in replies if r.status == 409} == {"feedback_exists"}

    reply = await api.post(path, token=bob.token, json={"rating": 5})
    assert reply.status == 201

    mine = await api.get(path, token=ada.token)
    assert mine.status == 200
    assert mine.body["given"]["rating"] == 4
    assert mine.body["received"]["rating"] == 5
    assert mine.body["received"]["notes"] == ""
    theirs = await api.get(path, token=bob.token)
    assert theirs.body["given"]["id"] == mine.body["received"]["id"]
    assert (await api.get(path, token=eve.token)).status == 403
    assert (await api.get(path)).status == 401


async def test_a_room_past_its_window_cannot_be_ended_by_joining_late(
    api: Api, mongo: Any, sockets: Any
) -> None:
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    interview_id = await book_interview(
        mongo, ada.id, bob.id, starts_in=timedelta(hours=-3)
    )
    client = await sockets(ada.token)
    ack = await client.call(events.ROOM_JOIN, {"interview_id": interview_id})
    assert ack["error"]["code"] == "ended"
    ack = await client.call(events.ROOM_END, {"interview_id": interview_id})
    assert ack["error"]["code"] == "not_joined"
    doc = await mongo.interview_slots.find_one({"_id": interview_id})
    assert doc["status"] == "Booked"
