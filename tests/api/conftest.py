"""API tests also watch the event loop for blocking calls."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.helpers import LoopWatch


@pytest.fixture(autouse=True)
async def no_blocking_calls() -> AsyncIterator[None]:
    watch = LoopWatch()
    watch.start()
    yield
    watch.stop()
    watch.check()
