"""Room fixtures: loopback ICE for aiortc, and peer connections that are
always closed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aioice.ice
import pytest

from tests.helpers import SocketClient
from tests.room.peers import Peer


@pytest.fixture
def loopback_ice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gather host candidates on 127.0.0.1 only.

    aioice leaves out 127.0.0.1 when it lists host addresses, so a host
    with only loopback gathers nothing; and tests must keep their traffic
    on loopback anyway. Test-only: the product never touches aioice.
    """

    def loopback_only(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        return ["127.0.0.1"] if use_ipv4 else []

    monkeypatch.setattr(aioice.ice, "get_host_addresses", loopback_only)


@pytest.fixture
async def peers(loopback_ice: None) -> AsyncIterator[Any]:
    """``peers(client, interview_id)`` makes a Peer; all close afterwards."""
    made: list[Peer] = []

    def make(client: SocketClient, interview_id: str) -> Peer:
        peer = Peer(client, interview_id)
        made.append(peer)
        return peer

    yield make
    await asyncio.gather(*(peer.close() for peer in made))
