"""Who is in which interview room, in this process.

Each interview has a Socket.IO room ``interview:<id>`` holding at most one
socket per participant, so never more than two. The bookkeeping here (the
socket each user has in a room, each socket's room, its rate-limit
buckets) is per process: it is what keeps the signal relay free of
database queries. Durable things (chat, roles, the end) are in the
database.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from realtime.ratelimit import TokenBucket
from realtime.settings import Settings


def room_name(interview_id: str) -> str:
    return f"interview:{interview_id}"


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
class Joined:
    """What ``Rooms.join`` changed: the socket it replaced, if any, and the
    room the socket left to come here, if any."""

    replaced: Seat | None = None
    left: Seat | None = None


@dataclass
class Rooms:
    settings: Settings
    # interview id -> user id -> seat
    rooms: dict[str, dict[str, Seat]] = field(default_factory=dict)
    # sid -> seat
    seats: dict[str, Seat] = field(default_factory=dict)
    # Interviews ended through this process; their rooms stay shut.
    ended: set[str] = field(default_factory=set)

    def seat_of(self, sid: str) -> Seat | None:
        return self.seats.get(sid)

    def present(self, interview_id: str) -> list[str]:
        return sorted(self.rooms.get(interview_id, {}))

    def join(self, sid: str, user_id: str, interview_id: str) -> Joined:
        """Seat ``sid`` in the room; an older socket of the user gives way."""
        result = Joined()
        current = self.seats.get(sid)
        if current is not None and current.interview_id == interview_id:
            return result
        if current is not None:
            result.left = self.leave(sid)

        seats = self.rooms.setdefault(interview_id, {})
        older = seats.get(user_id)
        if older is not None:
            self.seats.pop(older.sid, None)
            result.replaced = older
        limits = self.settings
        seat = Seat(
            sid,
            user_id,
            interview_id,
            TokenBucket(limits.room_signal_rate, limits.room_signal_burst),
            TokenBucket(limits.room_chat_rate, limits.room_chat_burst),
        )
        seats[user_id] = seat
        self.seats[sid] = seat
        return result

    def leave(self, sid: str) -> Seat | None:
        """Take ``sid`` out of its room; the seat it had, if any."""
        seat = self.seats.pop(sid, None)
        if seat is None:
            return None
        seats = self.rooms.get(seat.interview_id, {})
        if seats.get(seat.user_id) is seat:
            del seats[seat.user_id]
        if not seats:
            self.rooms.pop(seat.interview_id, None)
        return seat

    def close(self, interview_id: str) -> list[Seat]:
        """Empty and shut a room; the seats it had."""
        self.ended.add(interview_id)
        seats = list(self.rooms.pop(interview_id, {}).values())
        for seat in seats:
            self.seats.pop(seat.sid, None)
        return seats

    @staticmethod
    def allow_signal(seat: Seat) -> bool:
        return seat.signals.take(time.monotonic())

    @staticmethod
    def allow_chat(seat: Seat) -> bool:
        return seat.chat.take(time.monotonic())
