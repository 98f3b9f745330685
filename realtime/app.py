"""The app factory: one aiohttp app with the Socket.IO server attached."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from http_api.middleware import access_log, json_errors, require_token
from http_api.routes import setup_routes
from realtime import demo, scheduling, sockets, static
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
from signaling import handlers as room_handlers

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
    app.on_shutdown.append(sockets.disconnect_all)
    room_handlers.setup(app, sio)

    setup_routes(app)
    # The client's catch-all route must come after every API route.
    static.setup(app, settings.client_dist)
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[settings_key]
    database = await open_database(settings)
    app[database_key] = database
    # Only an embedded database is seeded unasked; a MONGODB_URI never is.
    if settings.seed_demo and settings.uses_embedded_db:
        await demo.seed_if_empty(database.db, app[auth_key])
    yield
    await database.close()


async def _presence(app: web.Application) -> AsyncIterator[None]:
    presence = Presence(app[database_key].db)
    app[presence_key] = presence
    await presence.start()
    yield
    await presence.stop()
