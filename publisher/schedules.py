"""When a source is harvested: cron text (``0 2 * * *``) or an interval (``every 6h``), checked when saved.

The text is read here, without the scheduler, so that saving a source can refuse a wrong
schedule with a field error; ``publisher.scheduler`` turns a ``Schedule`` into APScheduler's
triggers. Cron follows the classic crontab (minute hour day month weekday, weekday 0 or 7 =
Sunday), in the deployment's time zone. Weekday numbers are turned into names here, because
APScheduler 3 counts weekdays from Monday = 0 and would shift every numbered weekday by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Schedule", "parse_schedule"]

_ALIASES = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
_INTERVAL = re.compile(r"every\s+(\d+)\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)", re.I)
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
_MIN_INTERVAL = 300
"""Five minutes: no agency system should be polled more often than that."""
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("day_of_week", 0, 7))
_PART = re.compile(r"(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:/(\d+))?")


@dataclass(frozen=True)
class Schedule:
    """``cron`` maps APScheduler's field names to expressions; ``seconds`` is an interval's length."""

    text: str
    cron: dict[str, str] | None = None
    seconds: int | None = None


def parse_schedule(text: str) -> Schedule | None:
    """The schedule ``text`` describes, or None for an empty text; raises ``ValueError`` when it is wrong."""
    text = " ".join(text.split())
    if not text:
        return None
    interval = _INTERVAL.fullmatch(text)
    if interval:
        seconds = int(interval.group(1)) * _UNITS[interval.group(2)[0].lower()]
        if seconds < _MIN_INTERVAL:
            raise ValueError("interval shorter than five minutes")
        return Schedule(text, seconds=seconds)
    fields = _ALIASES.get(text.lower(), text).lower().split(" ")
    if len(fields) != 5:
        raise ValueError("cron needs five fields")
    return Schedule(text, cron={name: _field(value, name, low, high)
                                for value, (name, low, high) in zip(fields, _FIELDS)})


def _field(value: str, name: str, low: int, high: int) -> str:
    """Check one cron field and write weekdays as names; raise ``ValueError`` if it is wrong."""
    parts = []
    for part in value.split(","):
        match = _PART.fullmatch(part)
        if not match:
            raise ValueError(f"bad {name}: {part}")
        span, step = match.groups()
        if step is not None and int(step) < 1:
            raise ValueError(f"bad step in {name}")
        if span != "*":
            ends = [_number(end, name, low, high) for end in span.split("-")]
            if len(ends) == 2 and ends[0] > ends[1]:
                raise ValueError(f"bad range in {name}")
            if name == "day_of_week":
                span = _weekdays(ends, step)
        parts.append(span + (f"/{step}" if step else ""))
    return ",".join(parts)


def _weekdays(ends: list[int], step: str | None) -> str:
    """Weekday numbers as names. APScheduler's week starts on Monday, so a range from Sunday is split."""
    if len(ends) == 1:
        return _DAYS[ends[0] % 7]
    first, last = ends
    if first == 0 and last >= 1:
        if step:
            raise ValueError("a stepped weekday range cannot start on Sunday")
        return "sun,mon" if last == 1 else f"sun,mon-{_DAYS[last % 7]}"
    return f"{_DAYS[first % 7]}-{_DAYS[last % 7]}"


def _number(text: str, name: str, low: int, high: int) -> int:
    names = _DAYS if name == "day_of_week" else _MONTHS if name == "month" else ()
    if text in names:
        return names.index(text) + (1 if name == "month" else 0)
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"bad {name}: {text}")
    return int(text)
