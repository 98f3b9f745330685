"""The app factory: one aiohttp app with the Socket.IO server attached."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from http_api.middleware import access_log, json_errors, require_token
from http_api.routes import setup_routes
from realtime import scheduling, sockets, static
from realtime.db import open_database
from realtime.keys import (
    auth_key,
    database_key,
    presence_key,
    settings_key,
    sio_key,
)
from realtime.presence import Presence
from realtime.security import Auth
from realtime.settings import Settings, ensure_jwt_secret

log = logging.getLogger(__name__)


def create_app(settings: Settings) -> web.Application:
    """Build the whole server; resources open when the app starts."""
    settings = ensure_jwt_secret(settings)
    app = web.Application(
        middlewares=[access_log, json_errors, require_token],
        client_max_size=settings.max_body_bytes,
    )
    app[settings_key] = settings
    app[auth_key] = Auth(settings)

    # The database opens first and closes last: everything else uses it.
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_presence)
    app.cleanup_ctx.append(scheduling.sweeper)

    sio = sockets.create_sio(settings)
    app[sio_key] = sio
    sio.attach(app)
    sockets.setup(app, sio)

    setup_routes(app)
    # The client's catch-all route must come after every API route.
    static.setup(app, settings.client_dist)
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    database = await open_database(app[settings_key])
    app[database_key] = database
    yield
    await database.close()


async def _presence(app: web.Application) -> AsyncIterator[None]:
    presence = Presence(app[database_key].db)
    app[presence_key] = presence
    await presence.start()
    yield
    await presence.stop()
