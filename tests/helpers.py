"""Test clients: a small REST client and a recording Socket.IO client."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import socketio

from matching.availability import DAYS

_counter = itertools.count(1)


def every_day(*time_slots: str) -> list[dict[str, Any]]:
    """The same time ranges on each day of the week."""
    return [{"day": day, "time_slots": list(time_slots)} for day in DAYS]


DEFAULT_AVAILABILITY = every_day("08:00-22:00")


@dataclass
class Reply:
    status: int
    body: Any
    headers: Any = None

    @property
    def error_code(self) -> str | None:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return self.body["error"].get("code")
        return None


@dataclass
class User:
    id: str
    token: str
    email: str
    password: str
    profile: dict[str, Any] = field(default_factory=dict)


class Api:
    """REST calls against one test server; returns status and JSON."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = aiohttp.ClientSession()

    async def close(self) -> None:
        await self.session.close()

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        data: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Reply:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        async with self.session.request(
            method,
            self.base_url + path,
            json=json,
            data=data,
            headers=all_headers,
            params=params,
        ) as response:
            text = await response.text()
            try:
                body: Any = await response.json(content_type=None) if text else None
            except ValueError:
                body = text
            return Reply(response.status, body, response.headers)

    async def get(self, path: str, **kw: Any) -> Reply:
        return await self.call("GET", path, **kw)

    async def post(self, path: str, **kw: Any) -> Reply:
        return await self.call("POST", path, **kw)

    async def put(self, path: str, **kw: Any) -> Reply:
        return await self.call("PUT", path, **kw)

    async def patch(self, path: str, **kw: Any) -> Reply:
        return await self.call("PATCH", path, **kw)

    async def delete(self, path: str, **kw: Any) -> Reply:
        return await self.call("DELETE", path, **kw)

    async def signup(self, name: str | None = None, **profile: Any) -> User:
        """Create a user (all week 08:00-22:00 UTC unless told otherwise)."""
        number = next(_counter)
        name = name or f"User {number}"
        email = profile.pop("email", f"user{number}-{id(self)}@example.com")
        password = profile.pop("password", "correct horse battery")
        body = {
            "name": name,
            "email": email,
            "password": password,
            "timezone": "UTC",
            "availability": DEFAULT_AVAILABILITY,
            "skills": ["Python"],
            "experience_level": "Intermediate",
            **profile,
        }
        reply = await self.post("/api/auth/signup", json=body)
        assert reply.status == 201, reply.body
        user = reply.body["user"]
        return User(user["id"], reply.body["token"], email, password, user)


class SocketClient:
    """A python-socketio client that records every event it receives."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: dict[str, list[Any]] = defaultdict(list)
        self._arrived = asyncio.Condition()
        self.connect_error: Any = None

        @self.sio.on("*")
        async def record(event: str, data: Any = None) -> None:
            async with self._arrived:
                self.events[event].append(data)
                self._arrived.notify_all()

        @self.sio.event
        async def connect_error(data: Any) -> None:
            self.connect_error = data

    async def connect(self, token: str | None, **options: Any) -> None:
        auth = {"token": token} if token is not None else None
        await self.sio.connect(
            self.base_url,
            auth=auth,
            transports=["websocket"],
            wait_timeout=5,
            **options,
        )

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
        await self.sio.shutdown() if hasattr(self.sio, "shutdown") else None

    async def wait_for(
        self, event: str, predicate: Any = None, timeout: float = 5.0
    ) -> Any:
        """The first recorded ``event`` payload matching ``predicate``."""

        def found() -> Any:
            for payload in self.events.get(event, []):
                if predicate is None or predicate(payload):
                    return payload
            return None

        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: found() is not None), timeout
            )
        return found()

    async def call(self, event: str, data: Any, timeout: float = 5.0) -> Any:
        """Emit with an acknowledgement and return the ack."""
        return await self.sio.call(event, data, timeout=timeout)


class LoopWatch:
    """Notices when something holds the event loop (a blocking call).

    A task sleeps in short ticks and records how late it wakes. A callback
    that holds the loop for ``limit`` seconds is a blocking call: bcrypt at
    production cost or synchronous I/O shows up; the limit is generous so
    that a busy machine is no cause.
    """

    def __init__(self, limit: float = 0.75, tick: float = 0.02) -> None:
        self.limit = limit
        self.tick = tick
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def check(self) -> None:
        assert self.worst < self.limit, (
            f"the event loop was blocked for {self.worst:.2f}s"
        )

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(self.tick)
            self.worst = max(self.worst, loop.time() - started - self.tick)
