"""Redis and mockroom server processes on 127.0.0.1, for multi-process tests
and the push benchmark.

``Redis`` runs Debian's ``redis-server`` on a free port with persistence
off and can be stopped and started again on the same port. ``ServerProcess``
runs ``python -m realtime serve`` with the environment it is given and
waits until ``/healthz`` answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import time
from pathlib import Path
from typing import IO

import aiohttp

from realtime.embedded import free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


class Redis:
    """One ``redis-server`` child process."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.log_path = log_dir / f"redis-{self.port}.log"
        self._proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not installed (apt-get install redis-server, "
                "or `make system-deps`)"
            )
        self._proc = await asyncio.create_subprocess_exec(
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(self.log_path),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.returncode is not None:
                raise RuntimeError(f"redis-server exited; see {self.log_path}")
            if await self._ping():
                return
            await asyncio.sleep(0.05)
        raise RuntimeError(f"redis-server did not start; see {self.log_path}")

    async def stop(self) -> None:
        proc, self._proc = self._proc, None
        await _end(proc)

    async def _ping(self) -> bool:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            return False
        try:
            writer.write(b"PING\r\n")
            await writer.drain()
            return (await reader.readline()).startswith(b"+PONG")
        except OSError:
            return False
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


class ServerProcess:
    """One ``python -m realtime serve`` child process."""

    def __init__(self, name: str, env: dict[str, str], work_dir: Path) -> None:
        self.name = name
        self.port = free_port()
        self.env = env
        self.data_dir = work_dir / name
        self.log_path = work_dir / f"{name}.log"
        self._proc: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: ASYNC230, SIM115
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "realtime",
            "serve",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        deadline = time.monotonic() + START_TIMEOUT
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self._proc.returncode is not None:
                    raise RuntimeError(f"{self.name} exited; see {self.log_path}")
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(self.url + "/healthz") as reply:
                        if reply.status == 200:
                            return
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.name} did not become healthy; see {self.log_path}")

    async def stop(self) -> None:
        proc, self._proc = self._proc, None
        await _end(proc)
        if self._log is not None:
            self._log.close()
            self._log = None


def server_env(
    *, mongo_uri: str, db_name: str, redis_url: str | None, secret: str
) -> dict[str, str]:
    env = {
        "MONGODB_URI": mongo_uri,
        "MONGODB_DB": db_name,
        "JWT_SECRET": secret,
        "BCRYPT_ROUNDS": "4",
        "AUTH_RATE_PER_MINUTE": "0",
        "LOG_LEVEL": "WARNING",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


async def _end(proc: asyncio.subprocess.Process | None) -> None:
    if proc is None or proc.returncode is not None:
        return
    proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), 10)
    except TimeoutError:
        proc.kill()
        await proc.wait()
