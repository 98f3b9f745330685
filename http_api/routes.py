"""Every REST route, one module per domain."""

from __future__ import annotations

from aiohttp import web

from http_api import (
    auth,
    feedback,
    health,
    interviews,
    matching,
    openapi,
    requests,
    slots,
    users,
)

DOMAINS = (
    health,
    openapi,
    auth,
    users,
    matching,
    requests,
    slots,
    interviews,
    feedback,
)


def setup_routes(app: web.Application) -> None:
    for module in DOMAINS:
        module.setup(app)
