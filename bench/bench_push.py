"""REST create -> recipient socket push latency, one process vs two via Redis.

Starts everything it uses on 127.0.0.1: one embedded database, one
``redis-server`` and the mockroom server processes. For each setup, user A
creates a match request over REST and user B's socket waits for
``match_request:new``; the latency is from just before the POST is sent to
the moment B's client handles the event. A then cancels (untimed), since a
pair may have only one Pending request. Setups run side by side in one run:

- one process, no Redis (python-socketio's in-memory manager)
- one process with Redis (every emit goes through Redis and back)
- two processes via Redis, A on process 1 and B's socket on process 2

Usage: python bench/bench_push.py [--requests 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching.availability import DAYS  # noqa: E402
from realtime.embedded import EmbeddedMongo  # noqa: E402
from tests.multiprocess.cluster import (  # noqa: E402
    Redis,
    ServerProcess,
    server_env,
)

SECRET = "bench-secret-for-mockroom-only-0123456789abcdef"
WARMUP = 20
TIME_LIMIT = 180.0  # seconds per setup, at most
EVERY_DAY = [{"day": day, "time_slots": ["00:00-24:00"]} for day in DAYS]


@dataclass
class Result:
    name: str
    push_ms: list[float]
    rest_ms: list[float]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


async def signup(http: aiohttp.ClientSession, base: str, name: str) -> dict:
    body = {
        "name": name,
        "email": f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com",
        "password": "bench-password",
        "timezone": "UTC",
        "availability": EVERY_DAY,
    }
    async with http.post(base + "/api/auth/signup", json=body) as reply:
        assert reply.status == 201, await reply.text()
        return await reply.json()


async def measure(name: str, sender: str, receiver: str, count: int) -> Result:
    """Time ``count`` creates on ``sender`` pushed to a socket on ``receiver``."""
    arrived: dict[str, float] = {}
    waiting: dict[str, asyncio.Future[float]] = {}
    sio = socketio.AsyncClient(reconnection=False)

    @sio.on("match_request:new")
    async def on_new(payload: dict[str, Any]) -> None:
        now = time.perf_counter()
        future = waiting.pop(payload["id"], None)
        if future is None:
            arrived[payload["id"]] = now  # came before the POST returned
        elif not future.done():
            future.set_result(now)

    push_ms: list[float] = []
    rest_ms: list[float] = []
    async with aiohttp.ClientSession() as http:
        a = await signup(http, sender, "Ada")
        b = await signup(http, sender, "Bob")
        await sio.connect(
            receiver, auth={"token": b["token"]}, transports=["websocket"]
        )
        headers = {"Authorization": f"Bearer {a['token']}"}
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        deadline = time.monotonic() + TIME_LIMIT
        try:
            for n in range(count + WARMUP):
                if time.monotonic() > deadline:
                    print(f"  {name}: time limit after {n} requests")
                    break
                when = start + timedelta(days=1, minutes=5 * (n % 2000))
                body = {
                    "matched_peer_id": b["user"]["id"],
                    "requested_time": when.isoformat(),
                }

                # timed: create, then wait for B's push
                sent = time.perf_counter()
                async with http.post(
                    sender + "/api/match-request", json=body, headers=headers
                ) as reply:
                    created = await reply.json()
                    assert reply.status == 201, created
                returned = time.perf_counter()
                request_id = created["id"]
                if request_id in arrived:
                    got = arrived.pop(request_id)
                else:
                    future = asyncio.get_running_loop().create_future()
                    waiting[request_id] = future
                    got = await asyncio.wait_for(future, 5)
                if n >= WARMUP:
                    push_ms.append((got - sent) * 1000)
                    rest_ms.append((returned - sent) * 1000)

                # untimed: free the pair for the next round
                async with http.patch(
                    sender + f"/api/match-request/{request_id}",
                    json={"status": "Cancelled"},
                    headers=headers,
                ) as reply:
                    assert reply.status == 200, await reply.text()
        finally:
            await sio.disconnect()
    return Result(name, push_ms, rest_ms)


async def run(count: int) -> list[Result]:
    work = Path(tempfile.mkdtemp(prefix="bench-push-"))
    embedded = EmbeddedMongo(work / "db", lock=False)
    redis = Redis(work)
    started: list[ServerProcess] = []

    async def serve(name: str, env: dict[str, str]) -> ServerProcess:
        server = ServerProcess(name, env, work)
        started.append(server)
        await server.start()
        return server

    try:
        uri = await embedded.start()
        await redis.start()

        def env(db: str, redis_url: str | None) -> dict[str, str]:
            return server_env(
                mongo_uri=uri, db_name=db, redis_url=redis_url, secret=SECRET
            )

        solo = await serve("solo", env("bench_solo", None))
        solo_redis = await serve("solo-redis", env("bench_solo_redis", redis.url))
        first = await serve("pair-1", env("bench_pair", redis.url))
        second = await serve("pair-2", env("bench_pair", redis.url))

        return [
            await measure("1 process, no Redis", solo.url, solo.url, count),
            await measure("1 process, Redis", solo_redis.url, solo_redis.url, count),
            await measure("2 processes via Redis", first.url, second.url, count),
        ]
    finally:
        for server in started:
            await server.stop()
        await redis.stop()
        await embedded.stop()


def report(results: list[Result]) -> None:
    header = (
        f"{'setup':<24} {'n':>5} {'push p50':>9} {'push p99':>9} "
        f"{'push max':>9} {'REST p50':>9} {'REST p99':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if not r.push_ms:
            print(f"{r.name:<24} no samples")
            continue
        print(
            f"{r.name:<24} {len(r.push_ms):>5} "
            f"{statistics.median(r.push_ms):>7.2f}ms "
            f"{percentile(r.push_ms, 99):>7.2f}ms "
            f"{max(r.push_ms):>7.2f}ms "
            f"{statistics.median(r.rest_ms):>7.2f}ms "
            f"{percentile(r.rest_ms, 99):>7.2f}ms"
        )
    print("targets: push p99 <= 20 ms on one process, <= 50 ms across two")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    count = max(1, min(args.requests, 5000))
    report(asyncio.run(run(count)))


if __name__ == "__main__":
    main()
