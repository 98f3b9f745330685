"""Shared fixtures: a real server over real sockets on a real database.

One embedded database server runs for the whole session (or the MongoDB at
``MONGODB_URI``, when set); every test gets a fresh database on it and its
own app, served on a free 127.0.0.1 port.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from pymongo import AsyncMongoClient

from realtime.app import create_app
from realtime.db import make_client
from realtime.embedded import EmbeddedMongo
from realtime.settings import Settings, load_settings
from tests.helpers import Api, SocketClient

TEST_SECRET = "test-secret-for-mockroom-tests-only-0123456789"


@pytest.fixture(scope="session")
async def mongo_uri(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """The database server for the session: MONGODB_URI or an embedded one."""
    if os.environ.get("MONGODB_URI"):
        yield os.environ["MONGODB_URI"]
        return
    embedded = EmbeddedMongo(tmp_path_factory.mktemp("embedded"), lock=False)
    uri = await embedded.start()
    yield uri
    await embedded.stop()


@pytest.fixture
def db_name() -> str:
    return f"t_{uuid.uuid4().hex[:16]}"


@pytest.fixture
def make_settings(mongo_uri: str, db_name: str, tmp_path: Path) -> Any:
    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "mongodb_uri": mongo_uri,
            "mongodb_db": db_name,
            "jwt_secret": TEST_SECRET,
            "bcrypt_rounds": 4,
            "data_dir": tmp_path / "data",
            "port": 0,
            # Tests sign up many users from one address; the limit has its
            # own test.
            "auth_rate_per_minute": 0,
        }
        values.update(overrides)
        return load_settings(env={}, **values)

    return build


@pytest.fixture
def settings(make_settings: Any) -> Settings:
    return make_settings()


@pytest.fixture
async def mongo(mongo_uri: str, db_name: str) -> AsyncIterator[Any]:
    """The test's database through the real driver, dropped afterwards."""
    client: AsyncMongoClient[dict[str, Any]] = make_client(mongo_uri)
    yield client[db_name]
    await client.drop_database(db_name)
    await client.close()


@pytest.fixture
async def server(settings: Settings, mongo: Any) -> AsyncIterator[TestServer]:
    app = create_app(settings)
    test_server = TestServer(app, host="127.0.0.1", port=0)
    await test_server.start_server()
    yield test_server
    await test_server.close()


@pytest.fixture
async def api(server: TestServer) -> AsyncIterator[Api]:
    client = Api(str(server.make_url("")))
    yield client
    await client.close()


@pytest.fixture
async def sockets(server: TestServer) -> AsyncIterator[Any]:
    """``await sockets(token)`` connects a Socket.IO client; all close after."""
    opened: list[SocketClient] = []

    async def connect(token: str | None, **options: Any) -> SocketClient:
        client = SocketClient(str(server.make_url("")))
        opened.append(client)
        await client.connect(token, **options)
        return client

    yield connect
    await asyncio.gather(*(client.close() for client in opened))
