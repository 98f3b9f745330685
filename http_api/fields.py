"""Field types shared by request models."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

from matching.availability import AvailabilityError, validate_availability
from realtime.errors import ValidationFailed

Level = Literal["Beginner", "Intermediate", "Advanced"]
LEVELS: tuple[str, ...] = ("Beginner", "Intermediate", "Advanced")

MAX_SKILLS = 20
MAX_SKILL_LENGTH = 40

ObjectIdStr = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn"}


def _visible(value: str, allowed: str = "") -> str:
    # Control and invisible format characters (NUL, right-to-left override,
    # zero-width space) would let one name pass for another.
    for char in value:
        if char not in allowed and unicodedata.category(char) in _HIDDEN:
            raise ValueError("may not contain control or invisible characters")
    return value


# Characters that draw nothing although Unicode calls them letters.
_BLANK_LETTERS = {"\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"}


def _visible_line(value: str) -> str:
    _visible(value)
    if any(unicodedata.category(char) in {"Zl", "Zp"} for char in value):
        raise ValueError("may not contain line breaks")
    if not any(
        unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LETTERS
        for char in value
    ):
        raise ValueError("must contain something visible")
    return value


def _visible_text(value: str) -> str:
    return _visible(value, allowed="\n\t")


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    AfterValidator(_visible_line),
]
Bio = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=1000),
    AfterValidator(_visible_text),
]


# Files in a zoneinfo directory that are not time zones of a place.
NOT_ZONES = {"localtime", "Factory", "posixrules"}


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    zones = {
        name
        for name in available_timezones()
        if name not in NOT_ZONES and not name.startswith(("posix/", "right/"))
    }
    return frozenset(zones | {"UTC"})


def _check_zone(value: str) -> str:
    if value not in known_zones():
        raise ValueError(f"'{value}' is not an IANA time zone name")
    return value


def _clean_skills(values: list[str]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for value in values:
        skill = re.sub(r"\s+", " ", value).strip()
        if not skill:
            raise ValueError("skills may not be empty")
        _visible(skill)
        if len(skill) > MAX_SKILL_LENGTH:
            raise ValueError(f"a skill is at most {MAX_SKILL_LENGTH} characters")
        if skill.lower() not in seen:
            seen.add(skill.lower())
            cleaned.append(skill)
    return cleaned


def check_availability(value: Any) -> list[dict[str, Any]]:
    """Normalised availability, or a ValidationFailed naming the bad field."""
    try:
        return validate_availability(value)
    except AvailabilityError as exc:
        field = ".".join(str(part) for part in exc.loc)
        raise ValidationFailed(
            "Request body is invalid.",
            details=[{"field": field, "message": exc.message}],
        ) from None


# Instants outside these bounds are typing mistakes, and near year 1 or
# 9999 a change of offset overflows Python's datetime.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def to_instant(value: datetime) -> datetime:
    """An aware datetime as UTC, within the years 2000-2099."""
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must be between the years 2000 and 2099") from None
    if not EARLIEST <= moment < LATEST:
        raise ValueError("must be between the years 2000 and 2099")
    return moment


TimeZone = Annotated[str, AfterValidator(_check_zone)]
# An ISO 8601 time with an offset, given back in UTC.
Instant = Annotated[AwareDatetime, AfterValidator(to_instant)]
Skills = Annotated[
    list[str], Field(max_length=MAX_SKILLS), AfterValidator(_clean_skills)
]
# Checked in depth by check_availability() after the model, so that errors
# name the exact slot.
Availability = list[Any]
