"""Rank candidate peers for one user: the simple, exact reference path.

Hard filters come first: a user never matches themself, ids in
``excluded_ids`` (peers with a pending request) are skipped, and a peer with
no shared time in the horizon is left out. The rest are ordered by score,
highest first, ties broken by peer id, so the same data always gives the
same list. ``matching.table`` computes the same ranking vectorised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from matching.availability import (
    GRID_MINUTES,
    Interval,
    Span,
    expand_weekly,
    from_seconds,
    horizon,
    intersect_spans,
    spans_to_intervals,
    to_seconds,
    weekly_minutes,
)
from matching.profiles import Profile
from matching.scoring import check_mode, score_spans


@dataclass(frozen=True, slots=True)
class Overlap:
    intervals: tuple[Interval, ...]
    total_minutes: int


@dataclass(frozen=True, slots=True)
class Match:
    user_id: str
    score: float
    breakdown: dict[str, float]
    reasons: list[str]
    overlap: Overlap


def horizon_spans(
    profile: Profile, now: datetime, horizon_days: int
) -> tuple[int, int, list[Span]]:
    """The horizon in epoch seconds and ``profile``'s spans inside it."""
    start, end = horizon(now, horizon_days)
    s, e = to_seconds(start), to_seconds(end)
    weekly = weekly_minutes(profile.availability)
    return s, e, expand_weekly(weekly, profile.timezone, s, e)


def build_match(
    me: Profile, peer: Profile, overlap: Sequence[Span], mode: str, skill: str | None
) -> Match:
    """A ``Match`` with the exact score and reasons for a shared overlap."""
    result = score_spans(me, peer, overlap, mode=mode, skill=skill)
    return Match(
        user_id=peer.id,
        score=result.score,
        breakdown=result.breakdown,
        reasons=result.reasons,
        overlap=Overlap(
            intervals=tuple(spans_to_intervals(overlap)),
            total_minutes=sum(e - s for s, e in overlap) // 60,
        ),
    )


def rank(
    me: Profile,
    candidates: Iterable[Profile],
    now: datetime,
    mode: str = "similar",
    skill: str | None = None,
    limit: int = 20,
    excluded_ids: frozenset[str] = frozenset(),
    horizon_days: int = 14,
) -> list[Match]:
    """The best ``limit`` matches for ``me`` among ``candidates``."""
    check_mode(mode)
    if limit < 0:
        raise ValueError("limit must not be negative")
    start, end, mine = horizon_spans(me, now, horizon_days)

    matches: list[Match] = []
    seen: set[str] = set()
    for peer in candidates:
        if peer.id in seen:
            raise ValueError(f"candidate {peer.id!r} appears twice")
        seen.add(peer.id)
        if peer.id == me.id or peer.id in excluded_ids:
            continue
        theirs = expand_weekly(
            weekly_minutes(peer.availability), peer.timezone, start, end
        )
        overlap = intersect_spans(mine, theirs)
        if sum(e - s for s, e in overlap) < 60:
            continue
        matches.append(build_match(me, peer, overlap, mode, skill))

    matches.sort(key=lambda match: (-match.score, match.user_id))
    return matches[:limit]


def best_start_times(
    overlap: Overlap | Sequence[Interval],
    duration_minutes: int = 60,
    count: int = 5,
) -> list[datetime]:
    """The first ``count`` start times that fit a whole interview.

    Starts are on the 5-minute grid and the interview lies inside one
    overlap interval. Within an interval, proposals are spaced by the
    duration (18:00, 19:00, ...) so they do not overlap each other.
    """
    if duration_minutes <= 0:
        raise ValueError("duration_minutes must be positive")
    intervals = overlap.intervals if isinstance(overlap, Overlap) else overlap
    grid = GRID_MINUTES * 60
    length = duration_minutes * 60

    starts: list[datetime] = []
    for interval in intervals:
        s, e = to_seconds(interval.start), to_seconds(interval.end)
        t = -(-s // grid) * grid
        while t + length <= e and len(starts) < count:
            starts.append(from_seconds(t))
            t += length
    return starts
