"""Route metadata for the OpenAPI document.

Handlers are decorated with ``@documented(...)``; the OpenAPI document is
built from the app's real router, and a route without metadata is a test
failure rather than a silently missing entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from pydantic import BaseModel

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

ATTRIBUTE = "__mockroom_doc__"


@dataclass(frozen=True)
class RouteDoc:
    summary: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    status: int = 200
    public: bool = False
    errors: tuple[int, ...] = ()
    content_type: str = "application/json"


def documented(summary: str, **options: Any) -> Callable[[Handler], Handler]:
    def mark(handler: Handler) -> Handler:
        setattr(handler, ATTRIBUTE, RouteDoc(summary, **options))
        return handler

    return mark


def doc_of(handler: Any) -> RouteDoc | None:
    return getattr(handler, ATTRIBUTE, None)
