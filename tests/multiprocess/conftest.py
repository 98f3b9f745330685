"""Two mockroom server processes sharing one database and one Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_SECRET
from tests.helpers import Api, SocketClient
from tests.multiprocess.cluster import Redis, ServerProcess, server_env


@dataclass
class Cluster:
    redis: Redis
    servers: list[ServerProcess]
    apis: list[Api]
    sockets: list[SocketClient] = field(default_factory=list)

    async def socket(self, server: int, token: str) -> SocketClient:
        """Connect a recording Socket.IO client to server ``server``."""
        client = SocketClient(self.servers[server].url)
        self.sockets.append(client)
        await client.connect(token)
        return client


@pytest.fixture
async def cluster(
    mongo_uri: str, db_name: str, mongo: Any, tmp_path: Path
) -> AsyncIterator[Cluster]:
    redis = Redis(tmp_path)
    servers: list[ServerProcess] = []
    apis: list[Api] = []
    try:
        await redis.start()
        env = server_env(
            mongo_uri=mongo_uri,
            db_name=db_name,
            redis_url=redis.url,
            secret=TEST_SECRET,
        )
        servers = [ServerProcess(f"server{n}", env, tmp_path) for n in (1, 2)]
        # One at a time: both create the same indexes at start-up.
        for server in servers:
            await server.start()
        apis = [Api(server.url) for server in servers]
        built = Cluster(redis, servers, apis)
        yield built
        await asyncio.gather(*(client.close() for client in built.sockets))
    finally:
        for api in apis:
            await api.close()
        for server in servers:
            await server.stop()
        await redis.stop()
