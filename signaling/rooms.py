"""Who is in which interview room.

Each interview has a Socket.IO room ``interview:<id>`` holding at most one
socket per participant, so never more than two. Which socket holds a
user's seat is decided in the database (``room_seats``, see
``signaling.store``), so the rule holds across server processes. Each
process keeps, in memory, the seats of its own sockets (their room and
rate-limit buckets): that is what keeps the signal relay free of database
queries. A local seat counts only while its socket is still in the
Socket.IO room; a newer socket on another process takes the older one out
of the room through the Redis manager (see ``in_room``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import socketio

from realtime.ratelimit import TokenBucket
from realtime.settings import Settings


def room_name(interview_id: str) -> str:
    return f"interview:{interview_id}"


def in_room(sio: socketio.AsyncServer, sid: str, room: str) -> bool:
    """Whether ``sid``, a socket of this process, is in ``room``.

    Reads the manager's own room table: the public ``sio.rooms(sid)`` walks
    every room of the namespace, too slow for the relay. The table is local
    bookkeeping, updated when a leave or a close published by another
    process through Redis arrives here.
    """
    members = sio.manager.rooms.get("/", {}).get(room)
    return members is not None and sid in members


@dataclass
class Seat:
    """One socket's place in a room."""

    sid: str
    user_id: str
    interview_id: str
    signals: TokenBucket
    chat: TokenBucket
    limited: bool = False


@dataclass
class Rooms:
    settings: Settings
    # sid -> seat, for the sockets of this process
    seats: dict[str, Seat] = field(default_factory=dict)
    # Interviews ended through this process; their rooms stay shut.
    ended: set[str] = field(default_factory=set)

    def seat_of(self, sid: str) -> Seat | None:
        return self.seats.get(sid)

    def join(self, sid: str, user_id: str, interview_id: str) -> Seat | None:
        """Seat ``sid`` in the room; the seat it left to come here, if any.

        Joining the room it is already in again keeps its seat and buckets.
        """
        current = self.seats.get(sid)
        if current is not None and current.interview_id == interview_id:
            return None
        left = self.leave(sid)
        limits = self.settings
        self.seats[sid] = Seat(
            sid,
            user_id,
            interview_id,
            TokenBucket(limits.room_signal_rate, limits.room_signal_burst),
            TokenBucket(limits.room_chat_rate, limits.room_chat_burst),
        )
        return left

    def leave(self, sid: str) -> Seat | None:
        """Take ``sid`` out of its room; the seat it had, if any."""
        return self.seats.pop(sid, None)

    def close(self, interview_id: str) -> list[Seat]:
        """Shut a room and drop this process's seats in it."""
        self.ended.add(interview_id)
        gone = [s for s in self.seats.values() if s.interview_id == interview_id]
        for seat in gone:
            del self.seats[seat.sid]
        return gone

    @staticmethod
    def allow_signal(seat: Seat) -> bool:
        return seat.signals.take(time.monotonic())

    @staticmethod
    def allow_chat(seat: Seat) -> bool:
        return seat.chat.take(time.monotonic())
