"""Every REST route, one module per domain."""

from __future__ import annotations

from aiohttp import web

from http_api import (
    auth,
    feedback,
    health,
    interviews,
    openapi,
    requests,
    slots,
    users,
)


def setup_routes(app: web.Application) -> None:
    for module in (
        health,
        openapi,
        auth,
        users,
        requests,
        feedback,
        slots,
        interviews,
    ):
        module.setup(app)
