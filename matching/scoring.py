"""How well one peer fits one user: a weighted score with its reasons.

The score is ``WEIGHTS["skills"] * skills_fit + WEIGHTS["experience"] *
experience_fit + WEIGHTS["availability"] * availability_fit``, each fit in
[0, 1] and the weights summing to 1. Each weighted part is rounded to four
decimals and the score is the sum of the rounded parts (skills, then
experience, then availability), so the breakdown adds up to the score
exactly.

- skills: Jaccard similarity of the two skill sets, compared case-
  insensitively (shared / union; a peer listing everything is not rewarded
  for it). When a skill is requested, the fit is
  ``REQUESTED_SKILL_SHARE * has_it + (1 - REQUESTED_SKILL_SHARE) * jaccard``,
  so a peer with the requested skill always outranks one without it on
  this part.
- experience, by level distance: mode ``similar`` scores 1.0 / 0.5 / 0.0 for
  0 / 1 / 2 levels apart; mode ``complementary`` (practise with someone of a
  different level) scores 0.3 / 1.0 / 0.6. A missing level scores 0.
- availability: ``1 - exp(-minutes / AVAILABILITY_SCALE_MINUTES)`` of shared
  minutes in the horizon: 1 h gives 0.15, 6 h 0.63, 12 h 0.86 — more time
  helps, with diminishing returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from matching.availability import (
    DAY_S,
    SHORT_DAYS,
    Interval,
    Span,
    intervals_to_spans,
    local_pieces,
    weekday_of,
)
from matching.profiles import LEVELS, UNKNOWN_LEVEL, Profile

Mode = Literal["similar", "complementary"]

WEIGHTS: Final[dict[str, float]] = {
    "skills": 0.45,
    "experience": 0.25,
    "availability": 0.30,
}
REQUESTED_SKILL_SHARE: Final = 0.6
AVAILABILITY_SCALE_MINUTES: Final = 360
EXPERIENCE_FIT: Final[dict[str, tuple[float, float, float]]] = {
    "similar": (1.0, 0.5, 0.0),
    "complementary": (0.3, 1.0, 0.6),
}

# parts of the day used in reasons, in local hours
_DAY_PARTS: tuple[tuple[int, int, str], ...] = (
    (0, 5, "night"),
    (5, 12, "morning"),
    (12, 17, "afternoon"),
    (17, 22, "evening"),
    (22, 24, "night"),
)


@dataclass(frozen=True, slots=True)
class Score:
    score: float
    breakdown: dict[str, float]
    reasons: list[str]


def check_mode(mode: str) -> Mode:
    if mode not in EXPERIENCE_FIT:
        raise ValueError(f"mode must be one of {sorted(EXPERIENCE_FIT)}")
    return mode  # type: ignore[return-value]


def skills_fit(shared: int, union: int, has_requested: bool | None) -> float:
    """Jaccard fit; ``has_requested`` is None when no skill was requested."""
    jaccard = shared / union if union else 0.0
    if has_requested is None:
        return jaccard
    share = REQUESTED_SKILL_SHARE
    return share * (1.0 if has_requested else 0.0) + (1.0 - share) * jaccard


def experience_fit(mine: int, theirs: int, mode: str) -> float:
    if mine == UNKNOWN_LEVEL or theirs == UNKNOWN_LEVEL:
        return 0.0
    return EXPERIENCE_FIT[mode][abs(mine - theirs)]


def availability_fit(minutes: int) -> float:
    return 1.0 - math.exp(-minutes / AVAILABILITY_SCALE_MINUTES)


def weighted(part: str, fit: float) -> float:
    """One part's contribution to the score, rounded to four decimals."""
    return round(WEIGHTS[part] * fit, 4)


def total(skills: float, experience: float, availability: float) -> float:
    """The score from its rounded parts; the vectorised path adds the same way."""
    return skills + experience + availability


def score(
    me: Profile,
    peer: Profile,
    overlap: Sequence[Interval],
    *,
    mode: str = "similar",
    skill: str | None = None,
) -> Score:
    """Score ``peer`` for ``me`` given their shared intervals in the horizon."""
    return score_spans(me, peer, intervals_to_spans(overlap), mode=mode, skill=skill)


def score_spans(
    me: Profile,
    peer: Profile,
    overlap: Sequence[Span],
    *,
    mode: str = "similar",
    skill: str | None = None,
) -> Score:
    """``score`` over epoch-second spans, as ranking keeps them."""
    check_mode(mode)

    # skills
    mine, theirs = me.skill_keys(), peer.skill_keys()
    shared = sorted((k for k in mine if k in theirs), key=lambda k: (k, mine[k]))
    wanted = skill.casefold() if skill else None
    has_requested = None if wanted is None else wanted in theirs
    skills_part = weighted(
        "skills",
        skills_fit(len(shared), len(mine.keys() | theirs.keys()), has_requested),
    )

    # experience and availability
    experience_part = weighted(
        "experience", experience_fit(me.level_index, peer.level_index, mode)
    )
    minutes = sum(e - s for s, e in overlap) // 60
    availability_part = weighted("availability", availability_fit(minutes))

    reasons = [
        _overlap_reason(overlap, minutes, me.timezone),
        _skills_reason([mine[k] for k in shared], skill, has_requested),
        _level_reason(me.level_index, peer.level_index),
    ]
    return Score(
        score=total(skills_part, experience_part, availability_part),
        breakdown={
            "skills": skills_part,
            "experience": experience_part,
            "availability": availability_part,
        },
        reasons=[reason for reason in reasons if reason],
    )


# reasons


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _overlap_reason(overlap: Sequence[Span], minutes: int, viewer_tz: str) -> str:
    if not overlap:
        return "no shared time"

    # minutes per (weekday, part of day) in the viewer's zone
    by_part: dict[str, dict[int, int]] = {}
    for day, start, end in local_pieces(overlap, viewer_tz):
        for first, last, name in _DAY_PARTS:
            s, e = max(start, first * 3600), min(end, last * 3600, DAY_S)
            if s < e:
                per_day = by_part.setdefault(name, {})
                per_day[weekday_of(day)] = per_day.get(weekday_of(day), 0) + e - s

    # name the busiest part of the day and the days it falls on
    name = max(by_part, key=lambda part: (sum(by_part[part].values()), part))
    days = sorted(by_part[name])
    plural = "nights" if name == "night" else f"{name}s"
    if len(days) > 3:
        when = f"{plural} on {len(days)} days"
    else:
        when = f"{_join([SHORT_DAYS[d] for d in days])} {plural}"
    return f"{format_duration(minutes)} overlap, {when} your time"


def _skills_reason(
    shared: Sequence[str], skill: str | None, has_requested: bool | None
) -> str:
    if not shared:
        text = "no skills in common"
    elif len(shared) <= 3:
        text = f"both know {_join(shared)}"
    else:
        text = f"both know {', '.join(shared[:3])} and {len(shared) - 3} more"
    if has_requested is None:
        return text
    if has_requested:
        return f"knows {skill}, as requested; {text}"
    return f"does not list {skill}; {text}"


def _level_reason(mine: int, theirs: int) -> str:
    if mine == UNKNOWN_LEVEL or theirs == UNKNOWN_LEVEL:
        return "experience level not given"
    if mine == theirs:
        return f"same level ({LEVELS[mine]})"
    steps = "one level" if abs(mine - theirs) == 1 else "two levels"
    return f"{steps} {'above' if theirs > mine else 'below'} you"
