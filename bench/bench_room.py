"""Interview room figures: call set-up time and signal relay latency.

Starts its own embedded database and server on 127.0.0.1 and measures

- offer -> connected: two aiortc peers, each on its own Socket.IO client,
  negotiate through the relay (offer, answer, trickled candidates); the
  time from creating the offer until both report ``connected``, over 50
  calls;
- relay latency: one socket sends small candidate signals paced at 1,000
  a second for a few seconds; the other participant's socket notes when
  each arrives. The timestamp rides in the payload; both clients share
  this process's clock.

The server runs in a child process of its own; the clients and aiortc
share this process's event loop.

    python -m bench.bench_room [--calls 50] [--rate 1000] [--seconds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import multiprocessing
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import aioice.ice
import socketio

from bench.common import serve, wait_until_up  # noqa: E402
from realtime import events
from realtime.db import make_client, new_id
from realtime.embedded import EmbeddedMongo, free_port
from tests.helpers import SocketClient
from tests.room.peers import Peer, call


def loopback_only(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    """Host candidates on 127.0.0.1 only: the traffic stays on loopback."""
    return ["127.0.0.1"] if use_ipv4 else []


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


async def signup(session: aiohttp.ClientSession, base: str, name: str) -> Any:
    body = {
        "name": name,
        "email": f"{new_id()}@example.com",
        "password": "bench-password-1",
    }
    async with session.post(f"{base}/api/auth/signup", json=body) as reply:
        assert reply.status == 201, await reply.text()
        return await reply.json()


async def bench_calls(
    base: str, interview_id: str, tokens: list[str], count: int
) -> list[float]:
    """Milliseconds from the offer to both peers connected, per call."""
    ada, bob = SocketClient(base), SocketClient(base)
    await ada.connect(tokens[0])
    await bob.connect(tokens[1])
    for client in (ada, bob):
        ack = await client.call(events.ROOM_JOIN, {"interview_id": interview_id})
        assert ack["ok"], ack

    times: list[float] = []
    for _ in range(count):
        caller, callee = Peer(ada, interview_id), Peer(bob, interview_id)
        started = time.perf_counter()
        await call(caller, callee)
        times.append((time.perf_counter() - started) * 1000)
        await asyncio.gather(caller.close(), callee.close())
    await asyncio.gather(ada.close(), bob.close())
    return times


async def bench_relay(
    base: str, interview_id: str, tokens: list[str], rate: int, seconds: float
) -> tuple[list[float], int]:
    """One-way relay latencies in milliseconds, and how many were sent."""
    latencies: list[float] = []
    total = int(rate * seconds)
    all_in = asyncio.Event()
    receiver = socketio.AsyncClient(reconnection=False)
    sender = socketio.AsyncClient(reconnection=False)

    @receiver.on(events.SIGNAL)
    def arrived(payload: dict[str, Any]) -> None:
        sent_ns = int(payload["data"]["candidate"].split("=", 1)[1])
        latencies.append((time.perf_counter_ns() - sent_ns) / 1e6)
        if len(latencies) == total:
            all_in.set()

    for client, token in ((receiver, tokens[1]), (sender, tokens[0])):
        await client.connect(base, auth={"token": token}, transports=["websocket"])
        ack = await client.call(events.ROOM_JOIN, {"interview_id": interview_id})
        assert ack["ok"], ack

    start = time.perf_counter()
    for n in range(total):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await sender.emit(
            events.SIGNAL,
            {
                "interview_id": interview_id,
                "type": "candidate",
                "data": {
                    "candidate": f"t={time.perf_counter_ns()}",
                    "sdpMid": "0",
                    "sdpMLineIndex": 0,
                },
            },
        )
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(all_in.wait(), 5)
    await sender.disconnect()
    await receiver.disconnect()
    return latencies, total


async def main(calls: int, rate: int, seconds: float) -> None:
    aioice.ice.get_host_addresses = loopback_only  # bench-only, like the tests
    with tempfile.TemporaryDirectory() as scratch:
        embedded = EmbeddedMongo(Path(scratch) / "db", lock=False)
        uri = await embedded.start()
        values = {
            "mongodb_uri": uri,
            "mongodb_db": "bench_room",
            "jwt_secret": "bench-secret-bench-secret-bench-secret-0123",
            "bcrypt_rounds": 4,
            "auth_rate_per_minute": 0,
            "data_dir": str(Path(scratch) / "data"),
            # The relay figure needs 1,000 signals/s from one socket.
            "room_signal_rate": rate * 2,
            "room_signal_burst": rate * 2,
        }
        port = free_port()
        child = multiprocessing.get_context("spawn").Process(
            target=serve, args=(values, port), daemon=True
        )
        child.start()
        base = f"http://127.0.0.1:{port}"
        client = make_client(uri)
        try:
            async with aiohttp.ClientSession() as session:
                await wait_until_up(session, base)
                users = [await signup(session, base, n) for n in ("Ada", "Bob")]
            tokens = [user["token"] for user in users]
            interview_id = new_id()
            now = datetime.now(UTC)
            await client.bench_room.interview_slots.insert_one(
                {
                    "_id": interview_id,
                    "interviewer_id": users[0]["user"]["id"],
                    "interviewee_id": users[1]["user"]["id"],
                    "slot_time": now + timedelta(minutes=5),
                    "duration_minutes": 60,
                    "status": "Booked",
                    "meeting_link": None,
                    "created_at": now,
                }
            )

            setup = await bench_calls(base, interview_id, tokens, calls)
            relay, sent = await bench_relay(base, interview_id, tokens, rate, seconds)
        finally:
            child.terminate()
            child.join(10)
            await client.drop_database("bench_room")
            await client.close()
            await embedded.stop()

    print(f"{'figure':<36}{'p50':>10}{'p95':>10}{'p99':>10}{'target':>16}")
    print(
        f"{f'offer -> connected ({calls} calls)':<36}"
        f"{statistics.median(setup):>8.1f}ms{percentile(setup, 0.95):>8.1f}ms"
        f"{percentile(setup, 0.99):>8.1f}ms{'p50 <= 100 ms':>16}"
    )
    print(
        f"{f'relay latency ({rate}/s, {len(relay)}/{sent})':<36}"
        f"{statistics.median(relay):>8.2f}ms{percentile(relay, 0.95):>8.2f}ms"
        f"{percentile(relay, 0.99):>8.2f}ms{'p99 <= 2 ms':>16}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(
        main(min(args.calls, 200), min(args.rate, 5000), min(args.seconds, 10.0))
    )
