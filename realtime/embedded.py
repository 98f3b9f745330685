"""The embedded MongoDB-wire-compatible server (PyPI ``nx-27017``).

Used when ``MONGODB_URI`` is unset: mockroom starts ``nx-27017`` on a free
loopback port with its files under ``<data dir>/db``, waits until it answers
``ping``, and stops it on exit. A lock file in the data dir keeps a second
mockroom process from starting another embedded server on the same files:
that one fails at start-up with a message naming the process that holds it.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import socket
import sys
import time
from pathlib import Path
from typing import IO

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from realtime.errors import StartupError

log = logging.getLogger(__name__)

LOCK_FILE = "embedded-db.lock"

# The child's program. On Linux it first asks the kernel to end it when its
# parent dies (PR_SET_PDEATHSIG), so a mockroom killed without the chance to
# clean up never leaves the database running; then it runs nx-27017. (The
# kernel watches the thread that started the child: start it from the
# thread that runs the event loop, never from a short-lived worker.)
CHILD_MAIN = """
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
except (OSError, AttributeError):
    pass
if os.getppid() != int(os.environ["MOCKROOM_PARENT_PID"]):
    sys.exit(0)
from nx_27017.nx_27017 import main
main()
"""
START_TIMEOUT = 20.0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class EmbeddedMongo:
    """One ``nx-27017`` child process serving ``data_dir/db``."""

    def __init__(self, data_dir: Path, *, lock: bool = True) -> None:
        self.data_dir = data_dir
        self.db_dir = data_dir / "db"
        self.lock = lock
        self.port = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._lock_handle: IO[str] | None = None
        self._log_handle: IO[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    async def start(self) -> str:
        """Start the server and return its URI once it answers ``ping``."""
        self.db_dir.mkdir(parents=True, exist_ok=True)
        if self.lock:
            self._take_lock()
        try:
            for attempt in range(3):
                self.port = free_port()
                await self._spawn()
                if await self._wait_ready():
                    log.info(
                        "embedded database started",
                        extra={"port": self.port, "dir": str(self.db_dir)},
                    )
                    return self.uri
                await self._kill()
                log.warning("embedded database retry", extra={"attempt": attempt})
            raise StartupError(
                f"the embedded database (nx-27017) did not start; see "
                f"{self.data_dir / 'embedded-db.log'}"
            )
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        await self._kill()
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    def _take_lock(self) -> None:
        path = self.data_dir / LOCK_FILE
        handle = open(path, "a+")  # noqa: SIM115 - held for the process life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise StartupError(
                f"the data dir {self.data_dir} is in use by {holder}; stop it "
                "or choose another --data-dir"
            ) from None
        handle.truncate(0)
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._lock_handle = handle

    async def _spawn(self) -> None:
        if self._log_handle is None:
            # A local file opens at once; no need to hand it to a thread.
            log_path = self.data_dir / "embedded-db.log"
            self._log_handle = open(log_path, "ab")  # noqa: ASYNC230, SIM115
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CHILD_MAIN,
            "--data-dir",
            str(self.db_dir),
            "--host",
            "127.0.0.1",
            "-p",
            str(self.port),
            # Its own pid file: nx-27017's default is one global path, which
            # would stop a second embedded server on the same machine.
            "--pid-file",
            str(self.data_dir / f"embedded-db-{self.port}.pid"),
            env={**os.environ, "MOCKROOM_PARENT_PID": str(os.getpid())},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log_handle,
            stderr=self._log_handle,
            # Its own process group: Ctrl-C in a terminal reaches mockroom,
            # which then stops the database last, after every socket and
            # task that still needs it.
            process_group=0,
        )

    async def _wait_ready(self) -> bool:
        # First wait for the port to accept TCP connections, then ping once:
        # a driver client closed while it is still dialling can leak its
        # socket, so it only dials a server that is already listening.
        deadline = time.monotonic() + START_TIMEOUT
        while not await self._port_open():
            if self._proc is None or self._proc.returncode is not None:
                return False
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.05)

        client: AsyncMongoClient[dict] = AsyncMongoClient(
            self.uri, serverSelectionTimeoutMS=5000, connectTimeoutMS=2000
        )
        try:
            await client.admin.command("ping")
            return True
        except PyMongoError:
            return False
        finally:
            await client.close()

    async def _port_open(self) -> bool:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            return False
        writer.close()
        await writer.wait_closed()
        return True

    async def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.returncode is not None:
            return
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 5)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        log.info("embedded database stopped", extra={"port": self.port})
