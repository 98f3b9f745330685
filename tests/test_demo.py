"""The demo community: seeded into an empty embedded database only."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestServer

from realtime.app import create_app
from realtime.demo import DEMO_COUNT, DEMO_PASSWORD, demo_profiles
from realtime.keys import database_key
from realtime.settings import load_settings
from tests.helpers import Api

ROOT = Path(__file__).resolve().parent.parent


def test_demo_profiles_are_varied_and_valid() -> None:
    profiles = demo_profiles()
    assert len(profiles) == DEMO_COUNT
    assert len({p["timezone"] for p in profiles}) >= 8
    assert {p["experience_level"] for p in profiles} == {
        "Beginner",
        "Intermediate",
        "Advanced",
    }
    assert len({p["email"] for p in profiles}) == DEMO_COUNT
    assert profiles == demo_profiles()


async def test_run_seeds_an_empty_embedded_database_once(
    tmp_path: Path, capsys
) -> None:
    settings = load_settings(env={}, data_dir=tmp_path, bcrypt_rounds=4, seed_demo=True)
    for _ in range(2):
        server = TestServer(create_app(settings), host="127.0.0.1", port=0)
        await server.start_server()
        db = server.app[database_key].db
        assert await db.users.count_documents({"is_demo": True}) == DEMO_COUNT
        api = Api(str(server.make_url("")))
        login = await api.post(
            "/api/auth/login",
            json={"email": "demo01@demo.mockroom.app", "password": DEMO_PASSWORD},
        )
        assert login.status == 200
        assert login.body["user"]["is_demo"] is True
        await api.close()
        await server.close()
    printed = capsys.readouterr().out
    assert printed.count("Demo login: demo01@demo.mockroom.app") == 1


async def test_a_given_mongodb_uri_is_never_seeded_unasked(
    make_settings, mongo
) -> None:
    settings = make_settings(seed_demo=True)
    server = TestServer(create_app(settings), host="127.0.0.1", port=0)
    await server.start_server()
    assert await mongo.users.count_documents({}) == 0
    await server.close()


async def test_the_seed_command_adds_demo_accounts_when_asked(
    mongo_uri: str, db_name: str, mongo, tmp_path: Path
) -> None:
    import asyncio
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "MONGODB_URI": mongo_uri,
        "MONGODB_DB": db_name,
        "BCRYPT_ROUNDS": "4",
    }
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "realtime", "seed-demo", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"Added {DEMO_COUNT} demo accounts" in result.stdout
    assert await mongo.users.count_documents({"is_demo": True}) == DEMO_COUNT
