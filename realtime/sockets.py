"""The Socket.IO server: auth on connect, per-user rooms, presence.

Each socket joins the room of its user, so an event for a user reaches
every tab they have open. With ``REDIS_URL`` set, python-socketio's Redis
manager carries emits between server processes.
"""

from __future__ import annotations

import logging
from typing import Any

import socketio
from aiohttp import web

from realtime import events
from realtime.errors import Unauthorized
from realtime.keys import auth_key, presence_key, sio_key
from realtime.settings import Settings
from signaling import handlers as room_handlers

log = logging.getLogger(__name__)


def create_sio(settings: Settings) -> socketio.AsyncServer:
    manager = None
    if settings.redis_url:
        manager = socketio.AsyncRedisManager(settings.redis_url)
    # None: same origin only; otherwise the listed origins.
    origins: list[str] | None = settings.allowed_origins or None
    return socketio.AsyncServer(
        async_mode="aiohttp",
        client_manager=manager,
        cors_allowed_origins=origins,
        transports=["websocket"],
        logger=False,
        engineio_logger=False,
    )


def setup(app: web.Application, sio: socketio.AsyncServer) -> None:
    """Register the connection handlers on ``sio`` for ``app``."""

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        try:
            user_id = app[auth_key].verify_token(token)
        except Unauthorized as exc:
            log.info("socket refused", extra={"sid": sid, "reason": exc.code})
            # The client sees the message, and the code in ``data``.
            raise socketio.exceptions.ConnectionRefusedError(
                exc.message, {"code": exc.code, "message": exc.message}
            ) from None

        await sio.save_session(sid, {"user_id": user_id})
        await sio.enter_room(sid, events.user_room(user_id))
        first = await app[presence_key].connected(sid, user_id)
        log.info("socket connected", extra={"sid": sid, "user_id": user_id})
        if first:
            await sio.emit(events.PRESENCE, {"user_id": user_id, "online": True})

    @sio.event
    async def disconnect(sid: str, reason: Any = None) -> None:
        session = await sio.get_session(sid)
        user_id = session.get("user_id")
        if not user_id:
            return
        await room_handlers.socket_gone(app, sid)
        last = await app[presence_key].disconnected(sid, user_id)
        log.info("socket disconnected", extra={"sid": sid, "user_id": user_id})
        if last:
            await sio.emit(events.PRESENCE, {"user_id": user_id, "online": False})


async def disconnect_all(app: web.Application) -> None:
    """On shutdown, close every socket first: the server then has no
    long-lived handler to wait for, and each disconnect still finds the
    database up."""
    sio = app[sio_key]
    if sio.eio.sockets:  # engine.io's disconnect-all fails when there are none
        await sio.eio.disconnect()
    await sio.shutdown()


async def notify(
    sio: socketio.AsyncServer,
    user_ids: list[str] | set[str],
    event: str,
    payload: dict[str, Any],
) -> None:
    """Send ``event`` to every socket of each user in ``user_ids``."""
    for user_id in sorted(set(user_ids)):
        await sio.emit(event, payload, room=events.user_room(user_id))
