"""Booking throughput and latency on the embedded database.

Starts its own embedded database and server on 127.0.0.1, publishes 1,000
distinct slots from 50 interviewers, then lets 100 concurrent clients (each
its own user) book them: each client picks slots at random, so many
requests race for the same slot. Prints throughput, latency percentiles and
the invariant violations found by reading the database afterwards (must be
0).

    python bench/bench_booking.py [--clients 100] [--slots 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from realtime.app import create_app  # noqa: E402
from realtime.db import make_client  # noqa: E402
from realtime.embedded import EmbeddedMongo  # noqa: E402
from realtime.scheduling import consistency_problems  # noqa: E402
from realtime.settings import load_settings  # noqa: E402

INTERVIEWERS = 50
SECRET = "bench-secret-for-mockroom-only-0123456789abcdef"


async def signup(session: aiohttp.ClientSession, base: str, n: int) -> tuple:
    body = {
        "name": f"Bench {n}",
        "email": f"bench{n}@example.com",
        "password": "bench-password",
    }
    async with session.post(f"{base}/api/auth/signup", json=body) as reply:
        data = await reply.json()
        return data["user"]["id"], data["token"]


async def main(clients: int, slot_count: int, seed: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-booking-"))
    embedded = EmbeddedMongo(work / "embedded", lock=False)
    uri = await embedded.start()
    settings = load_settings(
        env={},
        mongodb_uri=uri,
        mongodb_db="bench",
        jwt_secret=SECRET,
        bcrypt_rounds=4,
        auth_rate_per_minute=0,
        data_dir=work / "data",
        port=0,
    )
    server = TestServer(create_app(settings), host="127.0.0.1", port=0)
    await server.start_server()
    base = str(server.make_url("")).rstrip("/")
    rng = random.Random(seed)
    try:
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=clients + 10)
        ) as session:
            # users: interviewers publish, clients book
            people = await asyncio.gather(
                *(signup(session, base, n) for n in range(INTERVIEWERS + clients))
            )
            hosts, bookers = people[:INTERVIEWERS], people[INTERVIEWERS:]

            # 1,000 distinct slots, 20 per interviewer, an hour apart
            first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
            first += timedelta(days=1)
            slot_ids: list[str] = []
            per_host = slot_count // INTERVIEWERS
            for h, (_, token) in enumerate(hosts):
                for k in range(per_host):
                    start = first + timedelta(hours=k, minutes=5 * (h % 12))
                    async with session.post(
                        f"{base}/api/slots",
                        json={"slot_time": start.isoformat()},
                        headers={"Authorization": f"Bearer {token}"},
                    ) as reply:
                        slot_ids.append((await reply.json())["slots"][0]["id"])

            # each client books random slots until every slot is gone
            latencies: list[float] = []
            statuses: dict[int, int] = {}
            remaining = set(slot_ids)

            async def client(token: str) -> None:
                headers = {"Authorization": f"Bearer {token}"}
                # slots this client cannot take (busy then): others may
                skip: set[str] = set()
                while remaining - skip:
                    slot_id = rng.choice(tuple(remaining - skip))
                    started = time.perf_counter()
                    async with session.post(
                        f"{base}/api/book-slot",
                        json={"slot_id": slot_id},
                        headers=headers,
                    ) as reply:
                        body = await reply.json()
                        status = reply.status
                    latencies.append(time.perf_counter() - started)
                    statuses[status] = statuses.get(status, 0) + 1
                    code = body.get("error", {}).get("code") if status != 200 else None
                    if status == 200 or code == "slot_taken":
                        remaining.discard(slot_id)
                    elif code == "busy":
                        skip.add(slot_id)

            async def progress() -> None:
                while True:
                    await asyncio.sleep(10)
                    print(
                        f"  ... {len(slot_ids) - len(remaining)}/{len(slot_ids)} "
                        f"slots gone, {len(latencies)} requests",
                        file=sys.stderr,
                        flush=True,
                    )

            began = time.perf_counter()
            reporter = asyncio.create_task(progress())
            try:
                await asyncio.wait_for(
                    asyncio.gather(*(client(t) for _, t in bookers)), timeout=600
                )
            finally:
                reporter.cancel()
            elapsed = time.perf_counter() - began

        client_db = make_client(uri)
        db = client_db["bench"]
        problems = await consistency_problems(db)
        booked = await db.interview_slots.count_documents({"status": "Booked"})
        await client_db.close()
    finally:
        await server.close()
        await embedded.stop()

    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    rows = [
        ("clients", f"{clients}"),
        ("slots", f"{slot_count}"),
        ("booking requests", f"{len(latencies)}"),
        ("by status", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))),
        ("slots booked", f"{booked}"),
        ("wall time (s)", f"{elapsed:.2f}"),
        ("requests/s", f"{len(latencies) / elapsed:.0f}"),
        ("successful bookings/s", f"{statuses.get(200, 0) / elapsed:.0f}"),
        ("latency p50 (ms)", f"{pct(0.50):.1f}"),
        ("latency p99 (ms)", f"{pct(0.99):.1f}"),
        ("latency mean (ms)", f"{statistics.fmean(latencies) * 1000:.1f}"),
        ("invariant violations", f"{len(problems)}"),
    ]
    width = max(len(name) for name, _ in rows)
    print("booking on the embedded database")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    for problem in problems[:10]:
        print("  violation:", problem)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--slots", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.clients, args.slots, args.seed))
