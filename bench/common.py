"""Pieces the benchmarks share."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from aiohttp import web

from realtime.app import create_app
from realtime.settings import load_settings


def serve(settings_values: dict[str, Any], port: int) -> None:
    """Run the app on 127.0.0.1:``port`` until terminated: the target of a
    child process, so the server does not share a core with the load."""
    logging.basicConfig(level=logging.WARNING)

    async def run() -> None:
        settings = load_settings(env={}, **settings_values)
        runner = web.AppRunner(create_app(settings), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        await asyncio.Event().wait()

    asyncio.run(run())


async def wait_until_up(session: aiohttp.ClientSession, base: str) -> None:
    """Poll ``/healthz`` until the server answers, for up to ten seconds."""
    for _ in range(200):
        try:
            async with session.get(f"{base}/healthz") as reply:
                if reply.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError("the server did not come up")
