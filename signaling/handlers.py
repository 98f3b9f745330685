"""Socket.IO handlers of the interview room.

Every room event is acknowledged with ``{ok: true, ...}`` or ``{ok: false,
error: {code, message}}``. The signal relay reads only in-process state
(the socket's seat in ``Rooms`` and the Socket.IO room table): no database
query per signal. Which socket holds a user's seat is decided in the
database at join, so one socket per user holds across processes.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from aiohttp import web
from pymongo.asynchronous.database import AsyncDatabase

from realtime import events
from realtime.clock import utcnow
from realtime.db import Doc
from realtime.keys import database_key, rooms_key, settings_key, sio_key
from signaling import store
from signaling.rooms import Rooms, Seat, in_room, room_name
from signaling.rules import (
    RoomError,
    check_join,
    clean_chat,
    clean_signal,
    interview_id_of,
    is_swapped,
    roles,
    timer,
)

log = logging.getLogger(__name__)

Ack = dict[str, Any]
Handler = Callable[[str, Any], Awaitable[Ack]]

# Refusals that mean a client misbehaves rather than a user being early.
MISUSE = {"bad_request", "bad_signal", "too_large", "not_joined"}


def setup(app: web.Application, sio: socketio.AsyncServer) -> None:
    """Register the room events on ``sio``."""
    rooms = Rooms(app[settings_key])
    app[rooms_key] = rooms

    def on(event: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            @functools.wraps(handler)
            async def acked(sid: str, data: Any = None) -> Ack:
                try:
                    return await handler(sid, data)
                except RoomError as exc:
                    if exc.code == "rate_limited":
                        # Logged once when the flood began.
                        return exc.ack()
                    level = logging.WARNING if exc.code in MISUSE else logging.INFO
                    seat = rooms.seat_of(sid)
                    log.log(
                        level,
                        "room event refused",
                        extra={
                            "sid": sid,
                            "event": event,
                            "code": exc.code,
                            "user_id": seat.user_id if seat else None,
                        },
                    )
                    return exc.ack()
                except Exception:
                    log.exception(
                        "room event failed", extra={"sid": sid, "event": event}
                    )
                    return RoomError("internal_error", "Something went wrong.").ack()

            sio.on(event, acked)
            return handler

        return register

    def seat_in(sid: str, data: Any) -> Seat:
        """The socket's seat in the room the payload names, or not_joined."""
        interview_id = interview_id_of(data)
        seat = rooms.seat_of(sid)
        if seat is None or seat.interview_id != interview_id:
            raise RoomError("not_joined", "Join the room first.")
        # A newer socket of the user, or the end, may have taken this one
        # out of the room from another process; the seat left here is stale
        # and goes when the socket leaves or disconnects.
        if not in_room(sio, sid, room_name(interview_id)):
            raise RoomError("not_joined", "Join the room first.")
        return seat

    async def state_of(interview: dict[str, Any]) -> dict[str, Any]:
        db = app[database_key].db
        chat = await store.recent_chat(db, interview["_id"])
        return {
            "interview": await store.interview_view(db, interview),
            "present": await store.present(db, interview["_id"]),
            "roles": roles(interview),
            "swapped": is_swapped(interview),
            "timer": timer(interview, utcnow()),
            "chat": [store.chat_view(doc) for doc in chat],
        }

    @on(events.ROOM_JOIN)
    async def room_join(sid: str, data: Any) -> Ack:
        interview_id = interview_id_of(data)
        session = await sio.get_session(sid)
        user_id: str = session["user_id"]
        settings = app[settings_key]

        # Who may come in, and when: the database decides.
        interview = await store.get_interview(app[database_key].db, interview_id)
        check_join(
            interview,
            user_id,
            utcnow(),
            early_minutes=settings.room_early_minutes,
            late_minutes=settings.room_late_minutes,
        )
        assert interview is not None
        if interview_id in rooms.ended:
            raise RoomError("ended", "This interview has ended.")

        # Seat the socket. It enters the Socket.IO room before it takes the
        # seat in the database: a later join of the same user, on any
        # process, then always finds it in the room to take it out.
        db = app[database_key].db
        left = rooms.join(sid, user_id, interview_id)
        if left is not None:
            await _vacate(db, sio, left)
        room = room_name(interview_id)
        await sio.enter_room(sid, room)
        try:
            old_sid = await store.take_seat(db, interview_id, user_id, sid)
        except BaseException:
            rooms.leave(sid)
            await sio.leave_room(sid, room)
            raise
        if old_sid is not None:
            # The older socket gives way, on whichever process it is: the
            # Redis manager carries the leave and the event there.
            old = rooms.seat_of(old_sid)
            if old is not None and old.interview_id == interview_id:
                rooms.leave(old_sid)
            await sio.leave_room(old_sid, room)
            await sio.emit(
                events.ROOM_REPLACED, {"interview_id": interview_id}, to=old_sid
            )
            log.info(
                "room socket replaced",
                extra={
                    "interview_id": interview_id,
                    "user_id": user_id,
                    "sid": sid,
                    "old_sid": old_sid,
                },
            )
        await sio.emit(
            events.ROOM_PEER_JOINED,
            {"interview_id": interview_id, "user_id": user_id},
            room=room,
            skip_sid=sid,
        )
        log.info(
            "room joined",
            extra={"interview_id": interview_id, "user_id": user_id, "sid": sid},
        )
        return {"ok": True, "state": await state_of(interview)}

    @on(events.ROOM_LEAVE)
    async def room_leave(sid: str, data: Any) -> Ack:
        seat = seat_in(sid, data)
        rooms.leave(sid)
        await _vacate(app[database_key].db, sio, seat)
        return {"ok": True}

    @on(events.SIGNAL)
    async def signal(sid: str, data: Any) -> Ack:
        seat = seat_in(sid, data)
        _within_rate(seat, rooms.allow_signal(seat), "signal", "signals")
        kind, clean = clean_signal(data)
        await sio.emit(
            events.SIGNAL,
            {
                "interview_id": seat.interview_id,
                "from": seat.user_id,
                "type": kind,
                "data": clean,
            },
            room=room_name(seat.interview_id),
            skip_sid=sid,
        )
        log.debug(
            "signal relayed",
            extra={
                "interview_id": seat.interview_id,
                "user_id": seat.user_id,
                "type": kind,
            },
        )
        return {"ok": True}

    @on(events.CHAT_SEND)
    async def chat_send(sid: str, data: Any) -> Ack:
        seat = seat_in(sid, data)
        _within_rate(seat, rooms.allow_chat(seat), "chat", "messages")
        text = clean_chat(data)
        doc = await store.add_chat(
            app[database_key].db, seat.interview_id, seat.user_id, text
        )
        message = store.chat_view(doc)
        await sio.emit(events.CHAT_MESSAGE, message, room=room_name(seat.interview_id))
        return {"ok": True, "message": message}

    @on(events.ROOM_SWAP)
    async def room_swap(sid: str, data: Any) -> Ack:
        seat = seat_in(sid, data)
        doc = await store.toggle_swapped(app[database_key].db, seat.interview_id)
        if doc is None:
            raise RoomError("ended", "This interview has ended.")
        payload = {
            "interview_id": seat.interview_id,
            "roles": roles(doc),
            "swapped": is_swapped(doc),
        }
        await sio.emit(events.ROOM_SWAPPED, payload, room=room_name(seat.interview_id))
        log.info(
            "roles swapped",
            extra={"interview_id": seat.interview_id, "user_id": seat.user_id},
        )
        return {"ok": True, "state": await state_of(doc)}

    @on(events.ROOM_END)
    async def room_end(sid: str, data: Any) -> Ack:
        seat = seat_in(sid, data)
        interview_id = seat.interview_id
        doc = await store.complete(app[database_key].db, interview_id, seat.user_id)
        if doc is None:
            raise RoomError("ended", "This interview has already ended.")

        # Tell both, then shut the room.
        room = room_name(interview_id)
        await sio.emit(
            events.ROOM_ENDED,
            {"interview_id": interview_id, "ended_by": seat.user_id},
            room=room,
        )
        # Every process empties the Socket.IO room, so a socket of the pair
        # on another process loses its seat too.
        rooms.close(interview_id)
        await sio.close_room(room)
        await store.free_room(app[database_key].db, interview_id)
        log.info(
            "interview ended",
            extra={"interview_id": interview_id, "user_id": seat.user_id},
        )
        return {"ok": True}


async def socket_gone(app: web.Application, sid: str) -> None:
    """A socket disconnected: free its seat and tell the other participant."""
    rooms = app.get(rooms_key)
    if rooms is None:
        return
    seat = rooms.leave(sid)
    if seat is not None:
        await _vacate(app[database_key].db, app[sio_key], seat)


async def _vacate(
    db: AsyncDatabase[Doc], sio: socketio.AsyncServer, seat: Seat
) -> None:
    """Take the seat's socket out of the room and tell whoever is left.

    A socket that was replaced by a newer one of its user leaves quietly:
    the user is still in the room.
    """
    room = room_name(seat.interview_id)
    await sio.leave_room(seat.sid, room)
    if not await store.free_seat(db, seat.interview_id, seat.user_id, seat.sid):
        return
    await sio.emit(
        events.ROOM_PEER_LEFT,
        {"interview_id": seat.interview_id, "user_id": seat.user_id},
        room=room,
    )
    log.info(
        "room left",
        extra={
            "interview_id": seat.interview_id,
            "user_id": seat.user_id,
            "sid": seat.sid,
        },
    )


def _within_rate(seat: Seat, allowed: bool, what: str, plural: str) -> None:
    """Refuse an event over the socket's rate; a flood is logged once, when
    it starts, not once per dropped event."""
    if allowed:
        seat.limited = False
        return
    if not seat.limited:
        seat.limited = True
        log.warning(
            "room rate limit hit",
            extra={
                "interview_id": seat.interview_id,
                "user_id": seat.user_id,
                "sid": seat.sid,
                "what": what,
            },
        )
    raise RoomError("rate_limited", f"Too many {plural}; slow down.")
