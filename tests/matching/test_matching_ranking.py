"""Scoring, reasons, ranking filters, start times and the candidate table."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

import matching.table
from matching import (
    WEIGHTS,
    CandidateTable,
    Interval,
    Profile,
    best_start_times,
    local_week_mask,
    rank,
    rank_table,
    score,
)

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # a Monday
EVENINGS = tuple(
    {"day": day, "time_slots": ["18:00-21:00"]} for day in ("Tuesday", "Thursday")
)


def person(
    user_id: str,
    skills: Sequence[str] = ("Python",),
    level: str | None = "Intermediate",
    tz: str = "UTC",
    availability: Sequence[dict[str, Any]] = EVENINGS,
) -> Profile:
    return Profile(
        id=user_id,
        name=user_id.title(),
        skills=tuple(skills),
        experience_level=level,
        timezone=tz,
        availability=tuple(availability),
    )


def hours(n: int) -> list[Interval]:
    start = datetime(2026, 6, 2, 18, tzinfo=UTC)
    return [Interval(start, start.replace(hour=18 + n))]


def test_weights_sum_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_score_parts_and_reasons() -> None:
    me = person("me", ["Python", "SQL", "Go"])
    peer = person("peer", ["python", "sql", "Rust"], level="Advanced")
    result = score(me, peer, hours(3))
    # Jaccard 2/4, one level apart in "similar" mode, 180 minutes
    assert result.breakdown == {
        "skills": 0.225,
        "experience": 0.125,
        "availability": 0.118,
    }
    assert result.score == 0.225 + 0.125 + 0.118
    assert sum(result.breakdown.values()) == result.score
    assert result.reasons == [
        "3 h overlap, Tue evenings your time",
        "both know Python and SQL",
        "one level above you",
    ]


def test_complementary_mode_prefers_a_different_level() -> None:
    me = person("me", level="Beginner")
    similar = {
        lvl: score(me, person("p", level=lvl), hours(1)).breakdown["experience"]
        for lvl in ("Beginner", "Intermediate", "Advanced")
    }
    complementary = {
        lvl: score(
            me, person("p", level=lvl), hours(1), mode="complementary"
        ).breakdown["experience"]
        for lvl in ("Beginner", "Intermediate", "Advanced")
    }
    assert similar == {"Beginner": 0.25, "Intermediate": 0.125, "Advanced": 0.0}
    assert complementary == {"Beginner": 0.075, "Intermediate": 0.25, "Advanced": 0.15}
    with pytest.raises(ValueError):
        score(me, me, hours(1), mode="random")


def test_requested_skill_weighs_strongly() -> None:
    me = person("me", ["Python", "SQL"])
    with_it = score(me, person("a", ["Docker"]), hours(1), skill="docker")
    without = score(me, person("b", ["Python", "SQL"]), hours(1), skill="docker")
    assert with_it.breakdown["skills"] > without.breakdown["skills"]
    assert with_it.reasons[1] == "knows docker, as requested; no skills in common"
    assert without.reasons[1].startswith("does not list docker; both know")


def test_reasons_for_levels_and_many_skills() -> None:
    me = person("me", ["A", "B", "C", "D", "E"], level="Advanced")
    peer = person("p", ["e", "d", "c", "b", "a"], level="Beginner")
    reasons = score(me, peer, hours(1)).reasons
    assert reasons[1] == "both know A, B, C and 2 more"
    assert reasons[2] == "two levels below you"
    assert score(me, person("q", level=None), hours(1)).reasons[2] == (
        "experience level not given"
    )
    same = score(person("x"), person("y"), hours(1)).reasons[2]
    assert same == "same level (Intermediate)"


def test_overlap_reason_uses_the_viewer_zone() -> None:
    me = person("me", tz="Asia/Tokyo")  # 18:00 UTC is 03:00 in Tokyo
    reason = score(me, person("p"), hours(2)).reasons[0]
    assert reason == "2 h overlap, Wed nights your time"


def test_rank_filters_and_orders() -> None:
    me = person("me", ["Python", "SQL"])
    peers = [
        me,
        person("b", ["Python"]),
        person("a", ["Python"]),  # ties with b: id decides
        person("c", ["Python", "SQL"]),
        person("pending", ["Python", "SQL"]),
        person(
            "never", availability=[{"day": "Monday", "time_slots": ["06:00-07:00"]}]
        ),
    ]
    got = rank(me, peers, NOW, excluded_ids=frozenset({"pending"}))
    assert [m.user_id for m in got] == ["c", "a", "b"]
    assert got[1].score == got[2].score
    assert got[0].overlap.total_minutes == 4 * 180
    assert rank(me, peers, NOW, limit=1)[0].user_id == "c"
    with pytest.raises(ValueError):
        rank(me, [peers[1], peers[1]], NOW)


def test_rank_across_the_date_line() -> None:
    me = person(
        "me",
        tz="Pacific/Kiritimati",
        availability=[{"day": "Monday", "time_slots": ["09:00-11:00"]}],
    )
    peer = person(
        "peer",
        tz="Pacific/Pago_Pago",
        availability=[{"day": "Sunday", "time_slots": ["08:00-10:00"]}],
    )
    (match,) = rank(me, [peer], NOW)
    assert match.overlap.total_minutes == 240
    assert match.reasons[0] == "4 h overlap, Mon mornings your time"


def test_best_start_times() -> None:
    start = datetime(2026, 6, 2, 18, 2, tzinfo=UTC)
    overlap = [
        Interval(start, datetime(2026, 6, 2, 20, 30, tzinfo=UTC)),
        Interval(
            datetime(2026, 6, 3, 9, tzinfo=UTC), datetime(2026, 6, 3, 9, 45, tzinfo=UTC)
        ),
        Interval(
            datetime(2026, 6, 4, 9, tzinfo=UTC), datetime(2026, 6, 4, 12, tzinfo=UTC)
        ),
    ]
    got = best_start_times(overlap, duration_minutes=60, count=4)
    assert got == [
        datetime(2026, 6, 2, 18, 5, tzinfo=UTC),
        datetime(2026, 6, 2, 19, 5, tzinfo=UTC),
        datetime(2026, 6, 4, 9, tzinfo=UTC),
        datetime(2026, 6, 4, 10, tzinfo=UTC),
    ]
    assert best_start_times(overlap, duration_minutes=45, count=10)[3] == datetime(
        2026, 6, 3, 9, tzinfo=UTC
    )


def test_profile_from_doc_reads_a_stored_mask() -> None:
    doc = {
        "_id": "64b7f0c2a1b2c3d4e5f60718",
        "name": "Ada",
        "skills": ["Python"],
        "experience_level": "Advanced",
        "timezone": "Europe/London",
        "availability": list(EVENINGS),
        "avail_mask": local_week_mask(EVENINGS).hex(),
    }
    profile = Profile.from_doc(doc)
    assert profile.id == doc["_id"]
    assert profile.week_mask() == local_week_mask(EVENINGS)
    assert profile.level_index == 2
    with pytest.raises(ValueError):
        Profile.from_doc({**doc, "avail_mask": b"\x00"})


def test_table_matches_rank_and_handles_empty() -> None:
    me = person("me", ["Python", "SQL"], tz="Europe/London")
    peers = [
        person("a", ["SQL"], tz="America/New_York"),
        person("b", ["python"], level="Advanced", tz="Asia/Kolkata"),
        person("c", [], level=None),
        me,
    ]
    table = CandidateTable.from_profiles(peers)
    for skill in (None, "SQL", "Haskell"):
        assert rank_table(me, table, NOW, skill=skill) == rank(
            me, peers, NOW, skill=skill
        )
    assert rank_table(me, CandidateTable.from_profiles([]), NOW) == []
    assert rank_table(me, table, NOW, limit=0) == []
    with pytest.raises(ValueError):
        CandidateTable.from_profiles([peers[0], peers[0]])


def test_table_off_grid_zone_uses_the_exact_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = matching.table._offsets

    def off_grid(tz: str, *args: Any) -> Any:
        return None if tz == "Asia/Kolkata" else real(tz, *args)

    monkeypatch.setattr(matching.table, "_offsets", off_grid)
    me = person("me", tz="Europe/London")
    peers = [person("a", tz="Asia/Kolkata"), person("b", tz="UTC")]
    table = CandidateTable.from_profiles(peers)
    assert rank_table(me, table, NOW) == rank(me, peers, NOW)
    viewer_off_grid = person("me", tz="Asia/Kolkata")
    assert rank_table(viewer_off_grid, table, NOW) == rank(viewer_off_grid, peers, NOW)
