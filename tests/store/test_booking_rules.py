"""The pure booking rules: grid, subtraction, generation across DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from matching.availability import Interval
from realtime import booking


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def starts(slots: list[Interval]) -> list[datetime]:
    return [s.start for s in slots]


def test_grid_and_cells() -> None:
    assert booking.on_grid(utc(2026, 1, 1, 10, 5))
    assert not booking.on_grid(utc(2026, 1, 1, 10, 5, 1))
    assert booking.ceil_to_grid(utc(2026, 1, 1, 10, 1)) == utc(2026, 1, 1, 10, 5)
    assert booking.ceil_to_grid(utc(2026, 1, 1, 10, 5)) == utc(2026, 1, 1, 10, 5)
    cells = booking.cells(utc(2026, 1, 1, 10), 30)
    assert len(cells) == 6 and cells[-1] == utc(2026, 1, 1, 10, 25)


def test_subtract_leaves_the_gaps() -> None:
    free = [Interval(utc(2026, 1, 1, 9), utc(2026, 1, 1, 17))]
    busy = [
        Interval(utc(2026, 1, 1, 10), utc(2026, 1, 1, 11)),
        Interval(utc(2026, 1, 1, 10, 30), utc(2026, 1, 1, 12)),
        Interval(utc(2026, 1, 1, 16), utc(2026, 1, 1, 18)),
    ]
    assert booking.subtract(free, busy) == [
        Interval(utc(2026, 1, 1, 9), utc(2026, 1, 1, 10)),
        Interval(utc(2026, 1, 1, 12), utc(2026, 1, 1, 16)),
    ]


def test_cut_starts_on_the_grid_after_not_before() -> None:
    free = [Interval(utc(2026, 1, 1, 9), utc(2026, 1, 1, 12))]
    slots = booking.cut(free, 60, utc(2026, 1, 1, 9, 2))
    assert starts(slots) == [utc(2026, 1, 1, 9, 5), utc(2026, 1, 1, 10, 5)]


def generate_on(
    day: str, tz: str, now: datetime, time_slot: str, minutes: int = 60
) -> list[Interval]:
    return booking.generate(
        [{"day": day, "time_slots": [time_slot]}],
        tz,
        now=now,
        weeks=1,
        minutes=minutes,
        notice_minutes=15,
    )


def local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M %Z")


def test_new_york_spring_forward_skips_the_missing_hour() -> None:
    # Sunday 2026-03-08: 02:00-03:00 does not exist in New York.
    slots = generate_on(
        "Sunday", "America/New_York", utc(2026, 3, 5, 12), "01:00-04:00"
    )
    assert starts(slots) == [utc(2026, 3, 8, 6), utc(2026, 3, 8, 7)]
    tz = "America/New_York"
    assert [local(s.start, tz) for s in slots] == [
        "2026-03-08 01:00 EST",
        "2026-03-08 03:00 EDT",
    ]


def test_new_york_fall_back_offers_the_repeated_hour_twice() -> None:
    # Sunday 2026-11-01: 01:00-02:00 happens twice.
    slots = generate_on(
        "Sunday", "America/New_York", utc(2026, 10, 29, 12), "01:00-02:00"
    )
    assert starts(slots) == [utc(2026, 11, 1, 5), utc(2026, 11, 1, 6)]
    tz = "America/New_York"
    assert [local(s.start, tz) for s in slots] == [
        "2026-11-01 01:00 EDT",
        "2026-11-01 01:00 EST",
    ]


def test_an_ordinary_new_york_week_keeps_local_time() -> None:
    slots = generate_on("Wednesday", "America/New_York", utc(2026, 3, 9), "18:00-20:00")
    assert [local(s.start, "America/New_York") for s in slots] == [
        "2026-03-11 18:00 EDT",
        "2026-03-11 19:00 EDT",
    ]


def test_lord_howe_half_hour_shift_forward() -> None:
    # Sunday 2026-10-04: 02:00 becomes 02:30 (+10:30 -> +11).
    slots = generate_on(
        "Sunday", "Australia/Lord_Howe", utc(2026, 10, 1), "01:00-03:00", 30
    )
    assert starts(slots) == [
        utc(2026, 10, 3, 14, 30),
        utc(2026, 10, 3, 15),
        utc(2026, 10, 3, 15, 30),
    ]
    hours = generate_on(
        "Sunday", "Australia/Lord_Howe", utc(2026, 10, 1), "01:00-03:00"
    )
    assert starts(hours) == [utc(2026, 10, 3, 14, 30)]


def test_lord_howe_half_hour_shift_back() -> None:
    # Sunday 2026-04-05: 01:30-02:00 happens twice (+11 -> +10:30).
    slots = generate_on("Sunday", "Australia/Lord_Howe", utc(2026, 4, 1), "01:00-03:00")
    assert starts(slots) == [utc(2026, 4, 4, 14), utc(2026, 4, 4, 15)]
    assert slots[-1].end == utc(2026, 4, 4, 16)


def test_generation_skips_the_notice_and_busy_time() -> None:
    now = utc(2026, 3, 2, 8, 50)  # a Monday
    slots = booking.generate(
        [{"day": "Monday", "time_slots": ["09:00-13:00"]}],
        "UTC",
        now=now,
        weeks=1,
        minutes=60,
        notice_minutes=15,
        busy=[Interval(utc(2026, 3, 2, 11), utc(2026, 3, 2, 11, 30))],
    )
    # 09:05 is the first bookable mark; 11:00-11:30 is taken.
    assert starts(slots) == [utc(2026, 3, 2, 9, 5), utc(2026, 3, 2, 11, 30)]


def test_guard_states() -> None:
    now = utc(2026, 1, 1, 12)
    lease = timedelta(minutes=2)
    guard = {
        "cell": utc(2026, 1, 2, 10),
        "role": "interviewee",
        "claim": "c1",
        "created_at": now - timedelta(minutes=1),
    }

    def state(slot: dict | None, at: datetime = now, g: dict = guard) -> str:
        return booking.guard_state(g, slot, now=at, lease=lease)

    assert state({"status": "Booked", "interviewee_claim": "c1"}) == "live"
    assert state({"status": "Cancelled", "interviewee_claim": "c1"}) == "stale"
    assert state({"status": "Completed", "interviewee_claim": "c1"}) == "stale"
    assert state(None) == "stale"
    in_flight = {"status": "Available", "interviewee_claim": None}
    assert state(in_flight) == "in_flight"
    assert state({"status": "Booked", "interviewee_claim": "c2"}) == "in_flight"
    later = now + timedelta(minutes=5)
    assert state(in_flight, later) == "abandoned"
    assert state({**in_flight, "dead_claims": ["c1"]}) == "stale"
    assert state({"status": "Pending"}, later) == "abandoned"
    past = {**guard, "cell": now - timedelta(minutes=10)}
    assert state({"status": "Booked", "interviewee_claim": "c1"}, g=past) == "stale"
