"""Health check and the RTC configuration."""

from __future__ import annotations

from aiohttp import web

from http_api.docs import documented
from realtime.keys import database_key, settings_key


@documented("Liveness and database reachability", public=True, errors=(503,))
async def healthz(request: web.Request) -> web.Response:
    database_ok = await request.app[database_key].ping()
    body = {"status": "ok" if database_ok else "degraded", "database": database_ok}
    return web.json_response(body, status=200 if database_ok else 503)


@documented("ICE servers for the interview room's WebRTC connection")
async def rtc_config(request: web.Request) -> web.Response:
    return web.json_response({"iceServers": request.app[settings_key].ice_servers})


def setup(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/api/rtc-config", rtc_config)
