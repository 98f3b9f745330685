"""The relay: only to the other participant, checked, and rate-limited."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from realtime import events
from tests.helpers import Api
from tests.room.peers import book_interview, call


async def pair(api: Api, mongo: Any, sockets: Any) -> tuple[Any, ...]:
    """Ada and Bob, both in the room of their interview; Eve outside."""
    ada, bob, eve = (
        await api.signup("Ada"),
        await api.signup("Bob"),
        await api.signup("Eve"),
    )
    interview_id = await book_interview(mongo, ada.id, bob.id)
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)
    eve_socket = await sockets(eve.token)
    for client in (ada_socket, bob_socket):
        ack = await client.call(events.ROOM_JOIN, {"interview_id": interview_id})
        assert ack["ok"], ack
    return interview_id, (ada, ada_socket), (bob, bob_socket), (eve, eve_socket)


def candidate(interview_id: str, text: str = "") -> dict[str, Any]:
    return {
        "interview_id": interview_id,
        "type": "candidate",
        "data": {"candidate": text, "sdpMid": "0", "sdpMLineIndex": 0},
    }


async def test_a_signal_reaches_the_other_participant_only(
    api: Api, mongo: Any, sockets: Any
) -> None:
    interview_id, (ada, ada_socket), (_, bob_socket), (_, eve_socket) = await pair(
        api, mongo, sockets
    )
    offer = {
        "interview_id": interview_id,
        "type": "offer",
        "data": {"type": "offer", "sdp": "v=0\r\n"},
    }
    assert await ada_socket.call(events.SIGNAL, offer) == {"ok": True}
    got = await bob_socket.wait_for(events.SIGNAL)
    assert got == {
        "interview_id": interview_id,
        "from": ada.id,
        "type": "offer",
        "data": {"type": "offer", "sdp": "v=0\r\n"},
    }
    await asyncio.sleep(0.2)
    assert events.SIGNAL not in ada_socket.events  # never echoed
    assert events.SIGNAL not in eve_socket.events


async def test_an_outsider_cannot_inject_or_overhear(
    api: Api, mongo: Any, sockets: Any, peers: Any
) -> None:
    interview_id, (_, ada_socket), (_, bob_socket), (_, eve_socket) = await pair(
        api, mongo, sockets
    )
    # Eve tries to join, then to signal and chat without having joined.
    ack = await eve_socket.call(events.ROOM_JOIN, {"interview_id": interview_id})
    assert ack["error"]["code"] == "not_participant"
    ack = await eve_socket.call(events.SIGNAL, candidate(interview_id, "x"))
    assert ack["error"]["code"] == "not_joined"
    ack = await eve_socket.call(
        events.CHAT_SEND, {"interview_id": interview_id, "text": "hi"}
    )
    assert ack["error"]["code"] == "not_joined"
    for event in (events.ROOM_SWAP, events.ROOM_END, events.ROOM_LEAVE):
        ack = await eve_socket.call(event, {"interview_id": interview_id})
        assert ack["error"]["code"] == "not_joined"

    # Meanwhile the pair holds a real call and chats; Eve hears none of it.
    caller, callee = peers(ada_socket, interview_id), peers(bob_socket, interview_id)
    await call(caller, callee)
    await ada_socket.call(
        events.CHAT_SEND, {"interview_id": interview_id, "text": "secret"}
    )
    await bob_socket.wait_for(events.CHAT_MESSAGE)
    await asyncio.sleep(0.2)
    assert all(s["from"] != "" for s in callee.received)
    for event in (events.SIGNAL, events.CHAT_MESSAGE, events.ROOM_PEER_JOINED):
        assert event not in eve_socket.events
    assert await mongo.interview_slots.count_documents({"status": "Booked"}) == 1


BAD_SIGNALS: list[tuple[str, Any, str]] = [
    ("not an object", "offer", "bad_request"),
    ("no interview", {"type": "offer", "data": {}}, "bad_request"),
    ("unknown type", {"type": "hello", "data": {}}, "bad_signal"),
    ("data not an object", {"type": "offer", "data": "v=0"}, "bad_signal"),
    ("sdp missing", {"type": "answer", "data": {"type": "answer"}}, "bad_signal"),
    (
        "sdp type mismatch",
        {"type": "offer", "data": {"type": "answer", "sdp": "v=0"}},
        "bad_signal",
    ),
    (
        "sdp not a string",
        {"type": "offer", "data": {"type": "offer", "sdp": 7}},
        "bad_signal",
    ),
    (
        "huge sdp",
        {"type": "offer", "data": {"type": "offer", "sdp": "v=0\r\n" + "a" * 70_000}},
        "too_large",
    ),
    (
        "extra field",
        {"type": "offer", "data": {"type": "offer", "sdp": "v=0", "x": 1}},
        "bad_signal",
    ),
    (
        "candidate not a string",
        {"type": "candidate", "data": {"candidate": 5}},
        "bad_signal",
    ),
    (
        "huge candidate",
        {"type": "candidate", "data": {"candidate": "c" * 5000}},
        "too_large",
    ),
    (
        "bad mline index",
        {"type": "candidate", "data": {"candidate": "", "sdpMLineIndex": -1}},
        "bad_signal",
    ),
    (
        "bool mline index",
        {"type": "candidate", "data": {"candidate": "", "sdpMLineIndex": True}},
        "bad_signal",
    ),
    (
        "mid not a string",
        {"type": "candidate", "data": {"candidate": "", "sdpMid": []}},
        "bad_signal",
    ),
]


async def test_malformed_signals_are_refused_and_break_nothing(
    api: Api, mongo: Any, sockets: Any, caplog: pytest.LogCaptureFixture
) -> None:
    interview_id, (_, ada_socket), (_, bob_socket), _ = await pair(api, mongo, sockets)
    caplog.set_level(logging.INFO)
    for name, body, code in BAD_SIGNALS:
        payload = (
            {"interview_id": interview_id, **body}
            if isinstance(body, dict) and name != "no interview"
            else body
        )
        ack = await ada_socket.call(events.SIGNAL, payload)
        assert ack["ok"] is False, name
        assert ack["error"]["code"] == code, (name, ack)

    # An interview this socket never joined, and one that does not exist.
    for other in (
        "0123456789abcdef01234567",
        await book_interview(mongo, "a" * 24, "b" * 24),
    ):
        ack = await ada_socket.call(events.SIGNAL, candidate(other))
        assert ack["error"]["code"] == "not_joined"

    # Nothing was relayed, the misuse was logged without the SDP, and the
    # call still works.
    await asyncio.sleep(0.2)
    assert events.SIGNAL not in bob_socket.events
    warnings = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name == "signaling.handlers"
    ]
    assert warnings
    assert "aaaa" not in caplog.text
    assert await ada_socket.call(events.SIGNAL, candidate(interview_id)) == {"ok": True}
    await bob_socket.wait_for(events.SIGNAL)


async def test_a_flood_is_cut_off_and_the_call_survives(
    api: Api, mongo: Any, sockets: Any
) -> None:
    interview_id, (_, ada_socket), (_, bob_socket), _ = await pair(api, mongo, sockets)
    acks = await asyncio.gather(
        *(ada_socket.call(events.SIGNAL, candidate(interview_id)) for _ in range(400))
    )
    passed = sum(1 for ack in acks if ack["ok"])
    limited = [ack for ack in acks if not ack["ok"]]
    assert 200 <= passed < 300
    assert limited and all(a["error"]["code"] == "rate_limited" for a in limited)
    await bob_socket.wait_for(
        events.SIGNAL, lambda _: len(bob_socket.events[events.SIGNAL]) == passed
    )

    # Chat has its own, smaller bucket.
    chats = await asyncio.gather(
        *(
            ada_socket.call(
                events.CHAT_SEND, {"interview_id": interview_id, "text": f"spam {n}"}
            )
            for n in range(30)
        )
    )
    stored = await mongo.chat_messages.count_documents({})
    assert stored == sum(1 for ack in chats if ack["ok"]) < 30

    # After a pause the room works again, for both.
    await asyncio.sleep(0.5)
    assert (await ada_socket.call(events.SIGNAL, candidate(interview_id)))["ok"]
    assert (await bob_socket.call(events.SIGNAL, candidate(interview_id)))["ok"]
