"""Typed keys for everything the app keeps in its state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    import socketio

    from realtime.candidates import CandidateCache
    from realtime.db import Database
    from realtime.presence import Presence
    from realtime.ratelimit import Limiter
    from realtime.security import Auth
    from realtime.settings import Settings
    from signaling.rooms import Rooms

settings_key: web.AppKey[Settings] = web.AppKey("settings")
database_key: web.AppKey[Database] = web.AppKey("database")
auth_key: web.AppKey[Auth] = web.AppKey("auth")
sio_key: web.AppKey[socketio.AsyncServer] = web.AppKey("sio")
presence_key: web.AppKey[Presence] = web.AppKey("presence")
rooms_key: web.AppKey[Rooms] = web.AppKey("rooms")
candidates_key: web.AppKey[CandidateCache] = web.AppKey("candidates")

# Set by the auth middleware on every authenticated request.
user_id_key: web.RequestKey[str] = web.RequestKey("user_id", str)
auth_limits_key: web.AppKey[Limiter | None] = web.AppKey("auth_limits")
