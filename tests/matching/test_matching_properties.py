"""Property tests: overlap algebra, DST semantic, scores and rankings."""

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import (
    CandidateTable,
    Profile,
    expand,
    horizon,
    intersect,
    rank,
    rank_table,
    score,
    weekly_utc_hours,
)
from matching.availability import DAYS, format_slot, parse_slot

ZONES = [
    "UTC",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]
SKILLS = ["Python", "python", "SQL", "Go", "Rust", "Java", "React"]
LEVELS = ["Beginner", "Intermediate", "Advanced", None]

# near DST changes of the zones above, and plain dates
MOMENTS = [
    datetime(2026, 3, 6, tzinfo=UTC),
    datetime(2026, 3, 27, tzinfo=UTC),
    datetime(2026, 4, 3, tzinfo=UTC),
    datetime(2026, 9, 25, tzinfo=UTC),
    datetime(2026, 10, 2, tzinfo=UTC),
    datetime(2026, 10, 23, tzinfo=UTC),
    datetime(2026, 10, 30, tzinfo=UTC),
    datetime(2027, 1, 14, tzinfo=UTC),
]

PROPERTY = settings(max_examples=60, deadline=None)


@st.composite
def availabilities(draw: st.DrawFn) -> list[dict[str, Any]]:
    result = []
    for day in DAYS:
        cuts = sorted(draw(st.lists(st.integers(0, 288), max_size=4, unique=True)))
        pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
        if pairs:
            slots = [format_slot(a * 5, b * 5) for a, b in pairs if a < b]
            result.append({"day": day, "time_slots": slots})
    return result


nows = st.builds(
    lambda base, minutes, seconds: base + timedelta(minutes=minutes, seconds=seconds),
    st.sampled_from(MOMENTS),
    st.integers(-3 * 1440, 3 * 1440),
    st.integers(0, 59),
)


@st.composite
def profiles(draw: st.DrawFn, user_id: str) -> Profile:
    return Profile(
        id=user_id,
        name=user_id,
        skills=tuple(draw(st.lists(st.sampled_from(SKILLS), max_size=4, unique=True))),
        experience_level=draw(st.sampled_from(LEVELS)),
        timezone=draw(st.sampled_from(ZONES)),
        availability=tuple(draw(availabilities())),
    )


def available_by_definition(avail: list[dict[str, Any]], tz: str, t: datetime) -> bool:
    local = t.astimezone(ZoneInfo(tz))
    minute = local.hour * 60 + local.minute
    for entry in avail:
        if entry["day"] == DAYS[local.weekday()]:
            for text in entry["time_slots"]:
                start, end = parse_slot(text)
                if start <= minute < end:
                    return True
    return False


@PROPERTY
@given(availabilities(), st.sampled_from(ZONES), nows)
def test_expand_matches_the_definition_slot_by_slot(
    avail: list[dict[str, Any]], tz: str, now: datetime
) -> None:
    start, end = horizon(now, days=2)
    got = expand(avail, tz, start, end)
    t = start
    while t < end:
        inside = any(iv.start <= t < iv.end for iv in got)
        assert inside == available_by_definition(avail, tz, t), t
        t += timedelta(minutes=5)
    for a, b in zip(got, got[1:], strict=False):
        assert a.end < b.start


@PROPERTY
@given(
    availabilities(),
    st.sampled_from(ZONES),
    availabilities(),
    st.sampled_from(ZONES),
    nows,
)
def test_overlap_is_symmetric_and_inside_both(
    a: list[dict[str, Any]],
    tz_a: str,
    b: list[dict[str, Any]],
    tz_b: str,
    now: datetime,
) -> None:
    start, end = horizon(now)
    ea, eb = expand(a, tz_a, start, end), expand(b, tz_b, start, end)
    shared = intersect(ea, eb)
    assert shared == intersect(eb, ea)
    for piece in shared:
        assert any(x.start <= piece.start and piece.end <= x.end for x in ea)
        assert any(x.start <= piece.start and piece.end <= x.end for x in eb)


@PROPERTY
@given(
    availabilities(),
    st.sampled_from(ZONES),
    availabilities(),
    st.sampled_from(ZONES),
    nows,
)
def test_weekly_utc_hours_never_drop_a_real_overlap(
    a: list[dict[str, Any]],
    tz_a: str,
    b: list[dict[str, Any]],
    tz_b: str,
    now: datetime,
) -> None:
    start, end = horizon(now)
    shared = intersect(expand(a, tz_a, start, end), expand(b, tz_b, start, end))
    hours_a = set(weekly_utc_hours(a, tz_a, now))
    hours_b = set(weekly_utc_hours(b, tz_b, now))
    for piece in shared:
        t = piece.start
        while t < piece.end:
            hour = t.weekday() * 24 + t.hour
            assert hour in hours_a and hour in hours_b
            t += timedelta(minutes=5)


@PROPERTY
@given(
    profiles("me"),
    profiles("peer"),
    nows,
    st.sampled_from(["similar", "complementary"]),
)
def test_breakdown_adds_up_to_the_score(
    me: Profile, peer: Profile, now: datetime, mode: str
) -> None:
    start, end = horizon(now)
    shared = intersect(
        expand(me.availability, me.timezone, start, end),
        expand(peer.availability, peer.timezone, start, end),
    )
    for skill in (None, "Python", "Haskell"):
        result = score(me, peer, shared, mode=mode, skill=skill)
        assert sum(result.breakdown.values()) == result.score
        assert 0.0 <= result.score <= 1.0
        assert all(round(part, 4) == part for part in result.breakdown.values())


@st.composite
def populations(draw: st.DrawFn) -> tuple[Profile, list[Profile]]:
    me = draw(profiles("u00"))
    size = draw(st.integers(0, 25))
    others = [draw(profiles(f"u{n:02d}")) for n in range(1, size + 1)]
    return me, others


@PROPERTY
@given(
    populations(),
    nows,
    st.sampled_from(["similar", "complementary"]),
    st.sampled_from([None, "python", "Go", "Haskell"]),
    st.integers(0, 30),
    st.randoms(use_true_random=False),
)
def test_rank_is_deterministic_and_the_table_agrees(
    population: tuple[Profile, list[Profile]],
    now: datetime,
    mode: str,
    skill: str | None,
    limit: int,
    rnd: random.Random,
) -> None:
    me, others = population
    candidates = [me, *others]
    excluded = frozenset(p.id for p in others[::5])
    options: dict[str, Any] = {
        "mode": mode,
        "skill": skill,
        "limit": limit,
        "excluded_ids": excluded,
    }

    expected = rank(me, candidates, now, **options)
    shuffled = candidates[:]
    rnd.shuffle(shuffled)
    assert rank(me, shuffled, now, **options) == expected

    table = CandidateTable.from_profiles(shuffled)
    assert rank_table(me, table, now, **options) == expected
    assert all(match.overlap.total_minutes > 0 for match in expected)
    assert not {match.user_id for match in expected} & (excluded | {me.id})
