"""Benchmark: build a CandidateTable and rank N candidates against one user.

Run with ``python bench/bench_matching.py``. Profiles are synthetic and
seeded; each carries its precomputed ``avail_mask`` as the server stores it.
The process is pinned to one core when the platform allows it.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import CandidateTable, Profile, local_week_mask, rank_table  # noqa: E402
from matching.availability import DAYS, format_slot  # noqa: E402

SKILLS = [
    "Python", "SQL", "JavaScript", "TypeScript", "React", "Go", "Rust", "Java",
    "Kotlin", "Swift", "C", "C++", "C#", "Ruby", "PHP", "Scala", "Haskell",
    "Elixir", "Docker", "Kubernetes", "AWS", "GCP", "Azure", "Terraform",
    "Linux", "Networking", "Algorithms", "Data Structures", "System Design",
    "Machine Learning", "Statistics", "Pandas", "Spark", "Kafka", "Redis",
    "MongoDB", "PostgreSQL", "GraphQL", "Security", "Testing",
]  # fmt: skip
ZONES = [
    "America/New_York", "America/Chicago", "America/Denver",
    "America/Los_Angeles", "America/Sao_Paulo", "America/Mexico_City",
    "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid",
    "Europe/Kyiv", "Europe/Istanbul", "Africa/Lagos", "Africa/Nairobi",
    "Asia/Dubai", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Shanghai",
    "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney", "Australia/Lord_Howe",
    "Pacific/Auckland", "Pacific/Honolulu", "UTC",
]  # fmt: skip
LEVELS = ["Beginner", "Intermediate", "Advanced"]
NOW = datetime(2026, 10, 20, 9, 3, tzinfo=UTC)
RUNS = 21


def synthetic_doc(rng: random.Random, n: int) -> dict[str, Any]:
    availability = []
    for day in rng.sample(DAYS, rng.randint(2, 5)):
        slots = []
        for base in rng.sample([7 * 60, 12 * 60, 18 * 60, 20 * 60], rng.randint(1, 2)):
            start = base + rng.choice([0, 30, 60])
            end = start + rng.choice([60, 90, 120, 180])
            slots.append(format_slot(start, min(end, 1440)))
        availability.append({"day": day, "time_slots": sorted(slots)})
    return {
        "_id": f"{n:024x}",
        "name": f"user {n}",
        "skills": rng.sample(SKILLS, rng.randint(1, 6)),
        "experience_level": rng.choice(LEVELS),
        "timezone": rng.choice(ZONES),
        "availability": availability,
    }


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    pinned = "no"
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        pinned = f"cpu {cpu}"

    rng = random.Random(20260520)
    docs = [synthetic_doc(rng, n) for n in range(100_000)]
    for doc in docs:
        doc["avail_mask"] = local_week_mask(doc["availability"])
    me = Profile.from_doc({**synthetic_doc(rng, 10**9), "skills": ["Python", "SQL"]})

    print(f"pinned: {pinned}; runs per figure: {RUNS}; now: {NOW.isoformat()}")
    print(f"{'candidates':>10} | {'build p50':>9} | {'build p95':>9} |"
          f" {'rank p50':>8} | {'rank p95':>8}   (ms)")  # fmt: skip
    for size in (1_000, 10_000, 100_000):
        subset = docs[:size]
        profiles = [Profile.from_doc(doc) for doc in subset]
        build = timed(lambda p=profiles: CandidateTable.from_profiles(p), RUNS)
        table = CandidateTable.from_profiles(profiles)
        rank_table(me, table, NOW)  # fill the per-horizon caches once
        ranking = timed(lambda t=table: rank_table(me, t, NOW, skill="Python"), RUNS)
        print(f"{size:>10} | {build[0]:>9.1f} | {build[1]:>9.1f} |"
              f" {ranking[0]:>8.1f} | {ranking[1]:>8.1f}")  # fmt: skip

    profiles = [Profile.from_doc(doc) for doc in docs]
    docs_time = timed(lambda: [Profile.from_doc(doc) for doc in docs], 5)
    print(f"Profile.from_doc for 100000 docs: p50 {docs_time[0]:.1f} ms")
    del profiles


if __name__ == "__main__":
    main()
