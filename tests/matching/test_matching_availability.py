"""Availability parsing, validation and exact UTC expansion."""

from datetime import UTC, datetime, timedelta

import pytest

from matching import (
    AvailabilityError,
    Interval,
    expand,
    horizon,
    intersect,
    local_week_mask,
    parse_slot,
    summarize,
    to_zone,
    total_minutes,
    validate_availability,
    weekly_utc_hours,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def iv(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def week(day: str, *slots: str) -> list[dict[str, object]]:
    return [{"day": day, "time_slots": list(slots)}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-10:00", (540, 600)),
        ("00:00-24:00", (0, 1440)),
        ("23:00-24:00", (1380, 1440)),
        ("10:55-11:00", (655, 660)),
    ],
)
def test_parse_slot_accepts_grid_times(text: str, expected: tuple[int, int]) -> None:
    assert parse_slot(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:00-26:00",
        "10:00-09:00",
        "9:00-10:00",
        "10:03-11:00",
        "10:00-10:00",
        "24:00-24:00",
        "24:00-23:00",
        "10:00-24:05",
        "10:60-11:00",
        " 10:00-11:00",
        "10:00 - 11:00",
        "١٠:00-11:00",
    ],
)
def test_parse_slot_rejects_bad_text(text: str) -> None:
    with pytest.raises(AvailabilityError):
        parse_slot(text)


def test_validate_merges_days_sorts_and_orders() -> None:
    raw = [
        {"day": "Friday", "time_slots": ["18:00-19:00"]},
        {"day": "monday", "time_slots": ["10:00-11:00", "09:00-10:00"]},
        {"day": "Friday", "time_slots": ["08:00-09:00", "18:00-19:00"]},
        {"day": "Sunday", "time_slots": []},
    ]
    assert validate_availability(raw) == [
        {"day": "Monday", "time_slots": ["09:00-10:00", "10:00-11:00"]},
        {"day": "Friday", "time_slots": ["08:00-09:00", "18:00-19:00"]},
    ]


def test_validate_names_the_bad_slot() -> None:
    raw = [
        {"day": "Monday", "time_slots": ["09:00-10:00"]},
        {"day": "Tuesday", "time_slots": []},
        {"day": "Friday", "time_slots": ["9:00-10:00"]},
    ]
    with pytest.raises(AvailabilityError) as info:
        validate_availability(raw)
    assert info.value.loc == ("availability", 2, "time_slots", 0)


def test_validate_rejects_overlap_across_merged_entries() -> None:
    raw = [
        {"day": "Monday", "time_slots": ["09:00-10:30"]},
        {"day": "Monday", "time_slots": ["10:00-11:00"]},
    ]
    with pytest.raises(AvailabilityError) as info:
        validate_availability(raw)
    assert info.value.loc == ("availability", 1, "time_slots", 0)
    assert "overlaps" in info.value.message


@pytest.mark.parametrize(
    ("raw", "loc"),
    [
        ({"day": "Monday"}, ("availability",)),
        ([{"day": "Funday", "time_slots": []}], ("availability", 0, "day")),
        ([{"day": "Monday"}], ("availability", 0, "time_slots")),
        ([{"day": "Monday", "time_slots": [], "x": 1}], ("availability", 0, "x")),
        ([{"day": "Monday", "time_slots": [5]}], ("availability", 0, "time_slots", 0)),
        (["Monday"], ("availability", 0)),
    ],
)
def test_validate_rejects_bad_shapes(raw: object, loc: tuple[object, ...]) -> None:
    with pytest.raises(AvailabilityError) as info:
        validate_availability(raw)
    assert info.value.loc == loc


def test_validate_caps_slots_per_day() -> None:
    slots = [f"{h:02d}:00-{h:02d}:30" for h in range(13)]
    with pytest.raises(AvailabilityError) as info:
        validate_availability(week("Monday", *slots))
    assert info.value.loc == ("availability", 0, "time_slots", 12)
    assert (
        len(validate_availability(week("Monday", *slots[:12]))[0]["time_slots"]) == 12
    )


def test_new_york_spring_forward_skips_the_missing_hour() -> None:
    # 2026-03-08 02:00 EST jumps to 03:00 EDT; 01:00-04:00 local is two hours
    got = expand(
        week("Sunday", "01:00-04:00"),
        "America/New_York",
        utc(2026, 3, 2),
        utc(2026, 3, 16),
    )
    assert got == [
        iv(utc(2026, 3, 8, 6), utc(2026, 3, 8, 8)),
        iv(utc(2026, 3, 15, 5), utc(2026, 3, 15, 8)),
    ]


def test_new_york_fall_back_repeats_the_hour() -> None:
    # 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:00-02:00 happens twice
    got = expand(
        week("Sunday", "01:00-02:00"),
        "America/New_York",
        utc(2026, 10, 25),
        utc(2026, 11, 9),
    )
    assert got == [
        iv(utc(2026, 10, 25, 5), utc(2026, 10, 25, 6)),
        iv(utc(2026, 11, 1, 5), utc(2026, 11, 1, 7)),
        iv(utc(2026, 11, 8, 6), utc(2026, 11, 8, 7)),
    ]
    assert total_minutes(got) == 240


def test_london_follows_bst() -> None:
    avail = week("Monday", "09:00-10:00") + week("Sunday", "01:00-02:00")
    winter = expand(avail, "Europe/London", utc(2026, 1, 5), utc(2026, 1, 6))
    summer = expand(avail, "Europe/London", utc(2026, 7, 6), utc(2026, 7, 7))
    assert winter == [iv(utc(2026, 1, 5, 9), utc(2026, 1, 5, 10))]
    assert summer == [iv(utc(2026, 7, 6, 8), utc(2026, 7, 6, 9))]
    # 2026-03-29 01:00 GMT -> 02:00 BST: the slot does not exist that day
    assert expand(avail, "Europe/London", utc(2026, 3, 29), utc(2026, 3, 30)) == []
    # 2026-10-25 02:00 BST -> 01:00 GMT: two real hours
    assert expand(avail, "Europe/London", utc(2026, 10, 25), utc(2026, 10, 26)) == [
        iv(utc(2026, 10, 25, 0), utc(2026, 10, 25, 2))
    ]


def test_kolkata_half_hour_offset() -> None:
    got = expand(
        week("Monday", "09:00-10:30"), "Asia/Kolkata", utc(2026, 6, 1), utc(2026, 6, 8)
    )
    assert got == [iv(utc(2026, 6, 1, 3, 30), utc(2026, 6, 1, 5))]


def test_lord_howe_half_hour_dst() -> None:
    # zoneinfo: +11 -> +10:30 at 2026-04-04 15:00 UTC (local 02:00 -> 01:30),
    # +10:30 -> +11 at 2026-10-03 15:30 UTC (local 02:00 -> 02:30)
    tz = "Australia/Lord_Howe"
    april = expand(week("Sunday", "01:00-02:00"), tz, utc(2026, 4, 4), utc(2026, 4, 6))
    assert april == [iv(utc(2026, 4, 4, 14), utc(2026, 4, 4, 15, 30))]
    october = expand(
        week("Sunday", "01:30-03:00"), tz, utc(2026, 10, 3), utc(2026, 10, 5)
    )
    assert october == [iv(utc(2026, 10, 3, 15), utc(2026, 10, 3, 16))]


def test_slot_ending_at_midnight_joins_the_next_day() -> None:
    avail = (
        week("Monday", "23:00-24:00")
        + week("Tuesday", "00:00-01:00")
        + week("Sunday", "23:00-24:00")
    )
    got = expand(avail, "UTC", utc(2026, 6, 1), utc(2026, 6, 9))
    assert got == [
        iv(utc(2026, 6, 1, 23), utc(2026, 6, 2, 1)),
        iv(utc(2026, 6, 7, 23), utc(2026, 6, 8, 0)),
        iv(utc(2026, 6, 8, 23), utc(2026, 6, 9, 0)),
    ]


def test_users_across_the_date_line_overlap() -> None:
    # Monday morning in Kiritimati (+14) is Sunday morning in Pago Pago (-11)
    start, end = utc(2026, 6, 1), utc(2026, 6, 15)
    kiri = expand(week("Monday", "09:00-11:00"), "Pacific/Kiritimati", start, end)
    pago = expand(week("Sunday", "08:00-10:00"), "Pacific/Pago_Pago", start, end)
    shared = intersect(kiri, pago)
    assert shared == [
        iv(utc(2026, 6, 7, 19), utc(2026, 6, 7, 21)),
        iv(utc(2026, 6, 14, 19), utc(2026, 6, 14, 21)),
    ]
    assert intersect(pago, kiri) == shared
    reference = utc(2026, 6, 1)
    kiri_hours = weekly_utc_hours(
        week("Monday", "09:00-11:00"), "Pacific/Kiritimati", reference
    )
    assert kiri_hours == [6 * 24 + 19, 6 * 24 + 20]


def test_expand_clips_to_the_window() -> None:
    got = expand(
        week("Monday", "09:00-12:00"),
        "UTC",
        utc(2026, 6, 1, 10, 30),
        utc(2026, 6, 1, 11),
    )
    assert got == [iv(utc(2026, 6, 1, 10, 30), utc(2026, 6, 1, 11))]
    assert got[0].minutes == 30


def test_horizon_rounds_up_to_five_minutes() -> None:
    assert horizon(utc(2026, 1, 1, 10, 2, 1)) == (
        utc(2026, 1, 1, 10, 5),
        utc(2026, 1, 15, 10, 5),
    )
    assert horizon(utc(2026, 1, 1, 10, 5), days=1) == (
        utc(2026, 1, 1, 10, 5),
        utc(2026, 1, 2, 10, 5),
    )
    assert horizon(utc(2026, 1, 1, 23, 58))[0] == utc(2026, 1, 2)
    berlin = datetime.fromisoformat("2026-01-01T11:01:00+01:00")
    assert horizon(berlin)[0] == utc(2026, 1, 1, 10, 5)


def test_weekly_utc_hours_cover_both_dst_offsets() -> None:
    hours = weekly_utc_hours(
        week("Sunday", "01:00-03:00"), "America/New_York", utc(2026, 1, 1)
    )
    assert hours == [149, 150, 151]
    kolkata = weekly_utc_hours(
        week("Monday", "09:00-10:30"), "Asia/Kolkata", utc(2026, 1, 1)
    )
    assert kolkata == [3, 4]
    wraps = weekly_utc_hours(
        week("Monday", "00:00-01:00"), "Asia/Tokyo", utc(2026, 1, 1)
    )
    assert wraps == [6 * 24 + 15]  # Sunday 15:00 UTC


def test_summarize_groups_days_in_the_viewer_zone() -> None:
    avail = [
        {"day": day, "time_slots": ["18:00-21:00"]}
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    ] + week("Saturday", "10:00-12:00", "14:00-15:00")
    text = summarize(avail, "Europe/London", "Europe/London", utc(2026, 6, 3))
    assert text == "Mon–Fri 18:00–21:00, Sat 10:00–12:00 & 14:00–15:00"
    shifted = summarize(avail, "Europe/London", "Europe/Berlin", utc(2026, 6, 3))
    assert shifted == "Mon–Fri 19:00–22:00, Sat 11:00–13:00 & 15:00–16:00"
    assert summarize([], "UTC", "UTC", utc(2026, 6, 3)) == "No availability"


def test_summarize_splits_at_the_viewer_midnight() -> None:
    text = summarize(
        week("Monday", "22:00-24:00"), "UTC", "Asia/Kolkata", utc(2026, 6, 3)
    )
    assert text == "Tue 03:30–05:30"
    text = summarize(
        week("Monday", "20:00-22:00"), "UTC", "Asia/Kolkata", utc(2026, 6, 3)
    )
    assert text == "Tue 01:30–03:30"
    text = summarize(
        week("Monday", "18:00-20:00"), "UTC", "Asia/Kolkata", utc(2026, 6, 3)
    )
    assert text == "Mon 23:30–24:00, Tue 00:00–01:30"


def test_to_zone_writes_offsets() -> None:
    got = to_zone([iv(utc(2026, 7, 6, 8), utc(2026, 7, 6, 9, 30))], "Asia/Kolkata")
    assert got == [
        {
            "start": "2026-07-06T13:30:00+05:30",
            "end": "2026-07-06T15:00:00+05:30",
            "minutes": 90,
        }
    ]


def test_local_week_mask_bits() -> None:
    mask = local_week_mask(
        week("Monday", "00:00-00:10") + week("Sunday", "23:55-24:00")
    )
    assert len(mask) == 252
    value = int.from_bytes(mask, "little")
    assert value == 0b11 | (1 << 2015)
    assert local_week_mask([]) == bytes(252)


def test_expand_requires_aware_datetimes() -> None:
    with pytest.raises(ValueError):
        expand(
            week("Monday", "09:00-10:00"), "UTC", datetime(2026, 1, 1), utc(2026, 2, 1)
        )


def test_unknown_zone_is_an_availability_error() -> None:
    with pytest.raises(AvailabilityError) as info:
        expand([], "Mars/Olympus", utc(2026, 1, 1), utc(2026, 1, 1) + timedelta(days=1))
    assert info.value.loc == ("timezone",)


def test_a_change_just_before_the_window_end_is_seen() -> None:
    # London springs forward at 2026-03-29 01:00 UTC, five minutes before the end
    got = expand(
        week("Sunday", "00:00-01:05"),
        "Europe/London",
        utc(2026, 3, 27, 1, 5),
        utc(2026, 3, 29, 1, 5),
    )
    assert got == [iv(utc(2026, 3, 29, 0), utc(2026, 3, 29, 1))]
