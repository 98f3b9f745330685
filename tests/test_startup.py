"""Start-up: settings, the embedded database's life, clear failures."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from realtime.app import create_app
from realtime.errors import StartupError
from realtime.keys import database_key
from realtime.settings import ensure_jwt_secret, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_bad_settings_name_the_variable() -> None:
    with pytest.raises(StartupError, match="MOCKROOM_PORT"):
        load_settings(env={"MOCKROOM_PORT": "eighty"})
    with pytest.raises(StartupError, match="BCRYPT_ROUNDS"):
        load_settings(env={"BCRYPT_ROUNDS": "2"})
    with pytest.raises(StartupError, match="ICE_SERVERS"):
        load_settings(env={"ICE_SERVERS": "{nope"})


def test_production_mode_needs_the_secret() -> None:
    with pytest.raises(StartupError, match="JWT_SECRET"):
        load_settings(env={"MOCKROOM_PRODUCTION": "true"})
    with pytest.raises(StartupError, match="ALLOWED_ORIGINS"):
        load_settings(
            env={
                "MOCKROOM_PRODUCTION": "1",
                "JWT_SECRET": "s" * 40,
                "ALLOWED_ORIGINS": "*",
            }
        )
    ok = load_settings(env={"MOCKROOM_PRODUCTION": "1", "JWT_SECRET": "s" * 40})
    assert ok.production and ok.jwt_secret == "s" * 40


def test_a_laptop_secret_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = load_settings(env={}, data_dir=tmp_path)
    first = ensure_jwt_secret(settings)
    second = ensure_jwt_secret(settings)
    assert first.jwt_secret and first.jwt_secret == second.jwt_secret
    mode = stat.S_IMODE(os.stat(tmp_path / "jwt-secret").st_mode)
    assert mode == 0o600


async def test_the_embedded_database_starts_and_stops_with_the_app(
    tmp_path: Path,
) -> None:
    settings = load_settings(env={}, data_dir=tmp_path, bcrypt_rounds=4)
    server = TestServer(create_app(settings), host="127.0.0.1", port=0)
    await server.start_server()
    embedded = server.app[database_key].embedded
    assert embedded is not None
    port = embedded.port
    assert await server.app[database_key].ping()
    assert (tmp_path / "db").is_dir()
    await server.close()

    # Nothing listens on the embedded server's port any more.
    with pytest.raises(OSError):
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()


async def test_a_second_app_on_the_same_data_dir_fails_clearly(
    tmp_path: Path,
) -> None:
    settings = load_settings(env={}, data_dir=tmp_path, bcrypt_rounds=4)
    first = TestServer(create_app(settings), host="127.0.0.1", port=0)
    await first.start_server()
    try:
        second = TestServer(create_app(settings), host="127.0.0.1", port=0)
        with pytest.raises(StartupError, match=f"in use by pid {os.getpid()}"):
            await second.start_server()
        await second.close()
        # The first one is unharmed.
        assert await first.app[database_key].ping()
    finally:
        await first.close()

    # Once the first has stopped, the data dir is free again.
    third = TestServer(create_app(settings), host="127.0.0.1", port=0)
    await third.start_server()
    await third.close()


async def test_an_unreachable_mongodb_uri_is_a_clear_error(tmp_path: Path) -> None:
    settings = load_settings(
        env={},
        data_dir=tmp_path,
        mongodb_uri="mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300",
    )
    server = TestServer(create_app(settings), host="127.0.0.1", port=0)
    with pytest.raises(StartupError, match="cannot reach MONGODB_URI"):
        await server.start_server()
    await server.close()


def run_cli(
    *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "realtime", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


async def test_the_command_explains_a_broken_uri_without_a_traceback(
    tmp_path: Path,
) -> None:
    result = await asyncio.to_thread(
        run_cli,
        "serve",
        "--port",
        "0",
        "--data-dir",
        str(tmp_path),
        env={"MONGODB_URI": "not-a-uri"},
    )
    assert result.returncode == 1
    assert "MONGODB_URI" in result.stderr
    assert "Traceback" not in result.stderr


async def test_the_command_refuses_production_without_a_secret(
    tmp_path: Path,
) -> None:
    result = await asyncio.to_thread(
        run_cli,
        "serve",
        "--data-dir",
        str(tmp_path),
        env={"MOCKROOM_PRODUCTION": "true", "JWT_SECRET": ""},
    )
    assert result.returncode == 2
    assert "JWT_SECRET" in result.stderr
    assert "Traceback" not in result.stderr


async def test_ctrl_c_with_a_socket_open_stops_everything_promptly(
    tmp_path: Path,
) -> None:
    import signal
    import time

    import aiohttp
    import socketio

    from realtime.embedded import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_file = open(tmp_path / "server.log", "w")  # noqa: ASYNC230, SIM115
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "realtime",
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path),
        cwd=ROOT,
        env={**os.environ, "BCRYPT_ROUNDS": "4"},
        stdout=log_file,
        stderr=log_file,
        start_new_session=True,
    )
    client = socketio.AsyncClient(reconnection=False)
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.get(f"{url}/healthz") as reply:
                        if reply.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
            async with session.post(
                f"{url}/api/auth/signup",
                json={"name": "C", "email": "c@example.com", "password": "password1"},
            ) as reply:
                token = (await reply.json())["token"]
        await client.connect(url, auth={"token": token}, transports=["websocket"])

        # Ctrl-C in a terminal signals the whole foreground process group.
        started = time.monotonic()
        os.killpg(server.pid, signal.SIGINT)
        await asyncio.wait_for(server.wait(), 30)
        took = time.monotonic() - started
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()
        log_file.close()
        if client.connected:
            await client.disconnect()

    assert server.returncode == 0
    assert took < 15, f"shutdown took {took:.1f}s"
    log = (tmp_path / "server.log").read_text()
    assert "embedded database stopped" in log
    assert "ServerSelectionTimeoutError" not in log
    assert not client.connected


async def test_the_embedded_database_dies_with_a_killed_server(
    tmp_path: Path,
) -> None:
    import signal

    # A parent that starts the database, says its pid, then waits to be
    # killed without any chance to clean up.
    parent = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from realtime.embedded import EmbeddedMongo\n"
        "async def main():\n"
        f"    db = EmbeddedMongo(Path({str(tmp_path)!r}))\n"
        "    await db.start()\n"
        "    print(db._proc.pid, flush=True)\n"
        "    await asyncio.sleep(60)\n"
        "asyncio.run(main())\n",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert parent.stdout is not None
    child_pid = int(await asyncio.wait_for(parent.stdout.readline(), 30))
    os.kill(child_pid, 0)  # running

    parent.send_signal(signal.SIGKILL)
    await parent.wait()
    for _ in range(100):
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break
        await asyncio.sleep(0.1)
    else:
        os.kill(child_pid, signal.SIGKILL)
        raise AssertionError("the embedded database outlived its parent")
