"""GET /api/match figures on the embedded database, at 1k, 10k and 100k users.

Starts its own embedded database and a server (in a child process) on
127.0.0.1, inserts seeded synthetic users directly with the store's derived
fields, and prints for each population size, in the same run:

- the whole ``GET /api/match?limit=10`` request over HTTP, as served (the
  per-process candidate cache, refreshed from ``changed_ms``): the first
  request after the insert (it loads the cache) and p50/p95 of warm ones;
- the same ranking with candidates narrowed in the database on every call
  (``find_matches`` without a cache, called in this process);
- pure scoring: ``rank_table`` over a table of the same users.

    python -m bench.bench_match_api [--sizes 1000 10000 100000] [--runs 50]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench.bench_matching import synthetic_doc
from bench.common import serve, wait_until_up  # noqa: E402
from matching import CandidateTable, Profile, rank_table
from realtime import matching_service as service
from realtime.candidates import LAG_MS, SCORING_PROJECTION
from realtime.clock import utcnow
from realtime.db import make_client
from realtime.embedded import EmbeddedMongo, free_port
from realtime.store.users import derived_fields

DB = "bench_match"
BATCH = 2_000
# Stop measuring the uncached path after this many seconds per size.
UNCACHED_BUDGET_S = 60.0
VIEWER = {
    "name": "Viewer",
    "email": "viewer@example.com",
    "password": "bench-password-1",
    "skills": ["Python", "SQL"],
    "experience_level": "Intermediate",
    "timezone": "Europe/Berlin",
    "availability": [
        {"day": day, "time_slots": ["18:00-21:00"]}
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    ],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def figures(values: list[float]) -> str:
    return f"{statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}"


async def insert_users(db: Any, first: int, last: int, rng: random.Random) -> None:
    """Synthetic users ``first..last-1``, as the store would write them."""
    now = utcnow()
    for start in range(first, last, BATCH):
        docs = []
        for n in range(start, min(last, start + BATCH)):
            doc = synthetic_doc(rng, n)
            doc.update(
                email=f"bench{n}@example.com",
                password="x",
                bio="",
                is_demo=False,
                created_at=now,
            )
            doc.update(derived_fields(doc, now))
            docs.append(doc)
        await db.users.insert_many(docs, ordered=False)


async def timed_get(
    session: aiohttp.ClientSession, url: str, token: str
) -> tuple[float, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    async with session.get(url, headers=headers) as reply:
        body = await reply.json()
        assert reply.status == 200, body
    return (time.perf_counter() - started) * 1000, body


async def measure(
    session: aiohttp.ClientSession,
    base: str,
    db: Any,
    viewer: dict[str, Any],
    size: int,
    runs: int,
) -> None:
    url = f"{base}/api/match?limit=10"
    token, viewer_id = viewer["token"], viewer["user"]["id"]

    # as served: the first request loads the cache, later ones refresh it
    cold, _ = await timed_get(session, url, token)
    await asyncio.sleep(LAG_MS / 1000 + 0.5)
    await timed_get(session, url, token)  # re-reads the last writes once
    warm = []
    for _ in range(runs):
        elapsed, body = await timed_get(session, url, token)
        warm.append(elapsed)
    matched = len(body["matches"])

    # candidates narrowed in the database on every call
    me = await db.users.find_one({"_id": viewer_id})
    narrowed = await db.users.count_documents(
        {"_id": {"$ne": viewer_id}, "avail_hours": {"$in": me["avail_hours"]}}
    )
    uncached: list[float] = []
    budget_end = time.perf_counter() + UNCACHED_BUDGET_S
    while len(uncached) < runs and time.perf_counter() < budget_end:
        started = time.perf_counter()
        await service.find_matches(db, viewer_id, limit=10)
        uncached.append((time.perf_counter() - started) * 1000)

    # pure scoring over every user
    docs = [doc async for doc in db.users.find({}, SCORING_PROJECTION)]
    table = CandidateTable.from_docs(docs)
    profile = Profile.from_doc(me)
    now = utcnow()
    rank_table(profile, table, now, limit=10)  # fill per-horizon caches
    pure = []
    for _ in range(runs):
        started = time.perf_counter()
        rank_table(profile, table, now, limit=10)
        pure.append((time.perf_counter() - started) * 1000)

    print(
        f"{size:>8} | {cold:>8.0f} | {figures(warm)} | "
        f"{figures(uncached)} {len(uncached):>4} {narrowed:>7} | "
        f"{figures(pure)} | {matched:>3}"
    )


async def main(sizes: list[int], runs: int) -> None:
    rng = random.Random(20261204)
    with tempfile.TemporaryDirectory() as scratch:
        embedded = EmbeddedMongo(Path(scratch) / "db", lock=False)
        uri = await embedded.start()
        values = {
            "mongodb_uri": uri,
            "mongodb_db": DB,
            "jwt_secret": "bench-secret-bench-secret-bench-secret-0123",
            "bcrypt_rounds": 4,
            "auth_rate_per_minute": 0,
            "data_dir": str(Path(scratch) / "data"),
        }
        port = free_port()
        child = multiprocessing.get_context("spawn").Process(
            target=serve, args=(values, port), daemon=True
        )
        child.start()
        base = f"http://127.0.0.1:{port}"
        client = make_client(uri)
        db = client[DB]
        try:
            async with aiohttp.ClientSession() as session:
                await wait_until_up(session, base)
                async with session.post(
                    f"{base}/api/auth/signup", json=VIEWER
                ) as reply:
                    assert reply.status == 201, await reply.text()
                    viewer = await reply.json()

                print(
                    "   users |  cold ms | served p50/p95 ms  | "
                    "uncached p50/p95 ms runs  narrowed | "
                    "rank_table p50/p95 | hits"
                )
                have = 0
                for size in sizes:
                    started = time.perf_counter()
                    await insert_users(db, have, size, rng)
                    inserted = time.perf_counter() - started
                    have = size
                    print(f"# inserted up to {size} users in {inserted:.1f} s")
                    await measure(session, base, db, viewer, size, runs)
        finally:
            child.terminate()
            child.join(10)
            await client.drop_database(DB)
            await client.close()
            await embedded.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=50)
    options = parser.parse_args()
    asyncio.run(main(options.sizes, options.runs))
