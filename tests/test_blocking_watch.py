"""The blocking-call watch used by tests/api fails a loop that blocks."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.helpers import LoopWatch


async def test_the_watch_catches_a_blocked_loop() -> None:
    watch = LoopWatch(limit=0.3)
    watch.start()
    await asyncio.sleep(0.05)
    time.sleep(0.4)  # noqa: ASYNC251 - the blocking call, on purpose
    await asyncio.sleep(0.05)
    watch.stop()
    with pytest.raises(AssertionError, match="blocked"):
        watch.check()


async def test_the_watch_passes_a_loop_that_only_awaits() -> None:
    watch = LoopWatch(limit=0.3)
    watch.start()
    await asyncio.sleep(0.2)
    watch.stop()
    watch.check()
