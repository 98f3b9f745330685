"""A small demo community, so a fresh laptop install has peers to find.

Demo accounts are marked ``is_demo`` and share one password, printed when
they are created. ``make run`` seeds them only into an empty embedded
database; ``mockroom seed-demo`` adds them on demand, to any database.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from matching.availability import validate_availability
from realtime.db import Doc, open_database
from realtime.errors import Conflict
from realtime.security import Auth
from realtime.settings import Settings, ensure_jwt_secret
from realtime.store import users

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo-password"
DEMO_DOMAIN = "demo.mockroom.app"
DEMO_COUNT = 30

FIRST_NAMES = [
    "Amara",
    "Bjorn",
    "Chen",
    "Dalia",
    "Emeka",
    "Farah",
    "Goran",
    "Hana",
    "Ines",
    "Jonas",
    "Keiko",
    "Luis",
    "Maya",
    "Nikhil",
    "Olga",
    "Pedro",
    "Qi",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Arjun",
    "Bea",
    "Carlos",
    "Dana",
]
SKILLS = [
    "Python",
    "JavaScript",
    "TypeScript",
    "Go",
    "Java",
    "C++",
    "SQL",
    "System Design",
    "Algorithms",
    "React",
    "Kubernetes",
    "Machine Learning",
    "Data Structures",
    "Behavioral",
    "Rust",
    "AWS",
]
ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
]
LEVELS = ["Beginner", "Intermediate", "Advanced"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Typical practice windows in local time.
WINDOWS = [
    "07:00-09:00",
    "12:00-13:00",
    "17:00-19:00",
    "18:00-21:00",
    "19:00-22:00",
    "09:00-12:00",
    "14:00-17:00",
]


def demo_profiles(count: int = DEMO_COUNT, seed: int = 7) -> list[dict[str, Any]]:
    """The same varied profiles every time."""
    rng = random.Random(seed)
    profiles = []
    for number in range(count):
        days = sorted(rng.sample(range(6), rng.randint(2, 5)))
        window = rng.choice(WINDOWS)
        availability = [{"day": DAYS[day], "time_slots": [window]} for day in days]
        weekend = rng.choice(["10:00-12:00", "15:00-18:00"])
        availability.append({"day": "Sunday", "time_slots": [weekend]})
        profiles.append(
            {
                "name": f"{FIRST_NAMES[number % len(FIRST_NAMES)]} (demo)",
                "email": f"demo{number + 1:02d}@{DEMO_DOMAIN}",
                "skills": rng.sample(SKILLS, rng.randint(2, 4)),
                "experience_level": LEVELS[number % 3],
                "timezone": ZONES[number % len(ZONES)],
                "availability": validate_availability(availability),
                "bio": "A demo account, here so you have peers to try mockroom with.",
            }
        )
    return profiles


async def seed(db: AsyncDatabase[Doc], auth: Auth) -> int:
    """Add the demo accounts that are missing; return how many were added."""
    password_hash = await auth.hash_password(DEMO_PASSWORD)
    added = 0
    for profile in demo_profiles():
        email = profile.pop("email")
        try:
            await users.create_user(
                db,
                email=email,
                password_hash=password_hash,
                profile=profile,
                is_demo=True,
            )
        except Conflict:
            continue
        added += 1
    log.info("demo community seeded", extra={"added": added})
    return added


def demo_login_text() -> str:
    return (
        f"Demo login: demo01@{DEMO_DOMAIN} / {DEMO_PASSWORD} "
        f"(all {DEMO_COUNT} demo accounts share this password)"
    )


async def seed_if_empty(db: AsyncDatabase[Doc], auth: Auth) -> None:
    """Seed an empty database, and say how to log in."""
    if await users.count_users(db) == 0:
        await seed(db, auth)
        print(demo_login_text(), flush=True)


async def seed_command(settings: Settings) -> int:
    settings = ensure_jwt_secret(settings)
    database = await open_database(settings)
    try:
        added = await seed(database.db, Auth(settings))
    finally:
        await database.close()
    print(f"Added {added} demo accounts. {demo_login_text()}", flush=True)
    return 0
