"""Booking rules as pure functions: the slot grid, generation, guard cells.

Nothing here touches the database or the clock; callers pass ``now``. The
store and the scheduling service build on these rules.

A slot is the half-open UTC interval ``[slot_time, end_time)``. Every slot
starts and ends on the 5-minute grid of UTC (for every zone in use today the
UTC grid is also the local one, offsets being whole multiples of 5 minutes),
so the time a slot covers is exactly a set of 5-minute *cells*. Two slots
overlap iff they share a cell, which is what lets a unique index on
``(user_id, cell)`` keep a user from holding two overlapping interviews.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from matching.availability import Interval, expand

GRID_MINUTES = 5
GRID = timedelta(minutes=GRID_MINUTES)
MIN_DURATION = 30
MAX_DURATION = 120
DEFAULT_DURATION = 60
MAX_WEEKS = 6
MAX_WINDOW = timedelta(weeks=MAX_WEEKS)
# Like match requests: nobody plans a practice interview further out.
MAX_AHEAD = timedelta(days=90)

AVAILABLE = "Available"
BOOKED = "Booked"
COMPLETED = "Completed"
CANCELLED = "Cancelled"
# Internal: written, guards being claimed; never shown.
PENDING = "Pending"
# Internal and final: a slot whose writing failed (a refused publish, a
# booking undone because its request lost a race); never shown, so a
# refused request leaves nothing a user can see.
VOID = "Void"
# A slot in one of these states holds its participants' time.
LIVE = (AVAILABLE, BOOKED)

INTERVIEWER = "interviewer"
INTERVIEWEE = "interviewee"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def on_grid(moment: datetime) -> bool:
    """True when ``moment`` is exactly on a 5-minute mark."""
    return (moment - _EPOCH) % GRID == timedelta(0)


def ceil_to_grid(moment: datetime) -> datetime:
    """The first 5-minute mark at or after ``moment``."""
    rest = (moment - _EPOCH) % GRID
    return moment if rest == timedelta(0) else moment - rest + GRID


def end_of(start: datetime, minutes: int) -> datetime:
    return start + timedelta(minutes=minutes)


def cells(start: datetime, minutes: int) -> list[datetime]:
    """The 5-minute cells ``[start, start + minutes)`` covers."""
    return [start + GRID * i for i in range(minutes // GRID_MINUTES)]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined."""
    merged: list[Interval] = []
    for iv in sorted(intervals, key=lambda iv: (iv.start, iv.end)):
        if merged and iv.start <= merged[-1].end:
            if iv.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, iv.end)
        else:
            merged.append(iv)
    return merged


def subtract(free: Sequence[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """The parts of ``free`` (sorted, disjoint) that no ``busy`` touches."""
    out: list[Interval] = []
    taken = merge(busy)
    for iv in free:
        start = iv.start
        for b in taken:
            if b.end <= start or b.start >= iv.end:
                continue
            if b.start > start:
                out.append(Interval(start, b.start))
            start = max(start, b.end)
        if start < iv.end:
            out.append(Interval(start, iv.end))
    return out


def cut(free: Iterable[Interval], minutes: int, not_before: datetime) -> list[Interval]:
    """Back-to-back slots of ``minutes`` inside each free interval.

    Each run starts at the first grid mark at or after both the interval's
    start and ``not_before``; a remainder shorter than a slot is dropped.
    """
    length = timedelta(minutes=minutes)
    slots: list[Interval] = []
    for iv in free:
        start = ceil_to_grid(max(iv.start, not_before))
        while start + length <= iv.end:
            slots.append(Interval(start, start + length))
            start += length
    return slots


def generation_window(
    now: datetime, weeks: int, notice_minutes: int
) -> tuple[datetime, datetime]:
    """``[first bookable mark, now + weeks)``: slots nobody could book in time
    are not generated."""
    start = ceil_to_grid(now + timedelta(minutes=notice_minutes))
    return start, now + timedelta(weeks=weeks)


def generate(
    availability: Iterable[Mapping[str, Any]],
    tz: str,
    *,
    now: datetime,
    weeks: int,
    minutes: int,
    notice_minutes: int,
    busy: Iterable[Interval] = (),
) -> list[Interval]:
    """Slots to publish from weekly availability for the next ``weeks``.

    The availability is expanded DST-exactly in ``tz`` (available at an
    instant iff its local wall-clock time lies in a weekly slot), the
    user's existing live slots (``busy``) are taken out, and what is left is
    cut into back-to-back slots of ``minutes`` on the grid.
    """
    start, end = generation_window(now, weeks, notice_minutes)
    if start >= end:
        return []
    free = expand(availability, tz, start, end)
    return cut(subtract(free, busy), minutes, start)


# guards


LIVE_GUARD = "live"
STALE = "stale"
IN_FLIGHT = "in_flight"
ABANDONED = "abandoned"


def guard_state(
    guard: Mapping[str, Any],
    slot: Mapping[str, Any] | None,
    *,
    now: datetime,
    lease: timedelta,
) -> str:
    """What a busy guard protects, judged from its slot.

    ``live``: the slot is Available or Booked and names the guard's claim
    for its role. ``stale``: it protects nothing and may be deleted — its
    cell is past, its slot is Cancelled, Completed or Void (all final), or its
    claim was fenced off (``dead_claims``). Otherwise the claim's writer may
    still be at work: ``in_flight`` while younger than ``lease``, then
    ``abandoned``, which may be deleted only after fencing the claim off on
    the slot, so that the writer, if it wakes up, cannot use it.
    """
    if guard["cell"] + GRID <= now:
        return STALE
    if slot is None or slot.get("status") in (CANCELLED, COMPLETED, VOID):
        # A slot is written before its guards, so a missing one never comes.
        return STALE
    if guard["claim"] in (slot.get("dead_claims") or ()):
        return STALE
    if (
        slot.get("status") in LIVE
        and slot.get(f"{guard['role']}_claim") == guard["claim"]
    ):
        return LIVE_GUARD
    if guard["created_at"] + lease > now:
        return IN_FLIGHT
    return ABANDONED
