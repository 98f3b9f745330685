"""Presence in the database, through the real driver."""

from __future__ import annotations

import asyncio

from realtime.db import create_indexes
from realtime.presence import Presence


async def test_a_user_stays_online_across_heartbeats(mongo) -> None:
    await create_indexes(mongo)
    presence = Presence(mongo, heartbeat=0.05)
    await presence.start()
    try:
        assert await presence.connected("sid-1", "u1") is True
        assert await presence.connected("sid-2", "u1") is False
        await asyncio.sleep(0.3)  # several heartbeats rewrite seen_ms
        assert await presence.online_among({"u1", "u2"}) == {"u1"}

        assert await presence.disconnected("sid-1", "u1") is False
        assert await presence.is_online("u1")
        assert await presence.disconnected("sid-2", "u1") is True
        assert not await presence.is_online("u1")
    finally:
        await presence.stop()


async def test_stopping_forgets_this_process_sockets_only(mongo) -> None:
    await create_indexes(mongo)
    first, second = Presence(mongo), Presence(mongo)
    await first.connected("a", "u1")
    await second.connected("b", "u2")
    await first.stop()
    assert await second.online_among({"u1", "u2"}) == {"u2"}
    await second.stop()


async def test_a_socket_whose_process_went_silent_stops_counting(mongo) -> None:
    await create_indexes(mongo)
    presence = Presence(mongo)
    await presence.connected("a", "u1")
    # A process that died leaves its document behind, no longer refreshed.
    await mongo.presence.update_many({}, {"$set": {"seen_ms": 0}})
    assert not await presence.is_online("u1")
    await presence.stop()
