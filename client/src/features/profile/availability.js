import { WEEKDAYS } from '../../lib/time';

const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** Minutes since midnight for "HH:MM", or null when it is not a grid time. */
function toMinutes(hours, minutes, { allowEndOfDay = false } = {}) {
  const h = Number(hours);
  const m = Number(minutes);
  if (m > 59 || m % 5 !== 0) return null;
  if (h === 24 && m === 0 && allowEndOfDay) return 24 * 60;
  if (h > 23) return null;
  return h * 60 + m;
}

/** Parse "HH:MM-HH:MM" into minutes, or return the reason it is wrong. */
export function parseRange(text) {
  const match = RANGE.exec(text.trim());
  if (!match) return { error: 'Use the form HH:MM-HH:MM' };
  const start = toMinutes(match[1], match[2]);
  const end = toMinutes(match[3], match[4], { allowEndOfDay: true });
  if (start === null || end === null) {
    return { error: 'Times must be on a 5-minute grid, up to 24:00' };
  }
  if (start >= end) return { error: 'End must be after start' };
  return { start, end };
}

/** Every day of the week with its ranges, for the editor. */
export function toWeek(availability = []) {
  return WEEKDAYS.map((day) => ({
    day,
    time_slots: availability.find((d) => d.day === day)?.time_slots ?? [],
  }));
}

/** The days that have ranges, as the API takes them. */
export function toPayload(week) {
  return week
    .filter((d) => d.time_slots.length)
    .map((d) => ({
      day: d.day,
      time_slots: d.time_slots.map((s) => s.trim()),
    }));
}

/**
 * Check a week the way the API does. Errors are keyed by the API's field
 * path for the payload `toPayload(week)` builds.
 */
export function validateWeek(week) {
  const errors = {};
  toPayload(week).forEach(({ time_slots }, dayIndex) => {
    const parsed = time_slots.map((text, index) => ({
      index,
      ...parseRange(text),
    }));
    for (const range of parsed) {
      if (range.error) {
        errors[fieldPath(dayIndex, range.index)] = range.error;
      }
    }
    const valid = parsed
      .filter((r) => !r.error)
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < valid.length; i++) {
      if (valid[i].start < valid[i - 1].end) {
        const key = fieldPath(dayIndex, valid[i].index);
        errors[key] = 'Overlaps another range on this day';
      }
    }
  });
  return errors;
}

export function fieldPath(dayIndex, slotIndex) {
  return `availability.${dayIndex}.time_slots.${slotIndex}`;
}

/** Map payload field paths back to editor positions `${day}.${slot}`. */
export function errorsByPosition(week, errors) {
  const filledDays = week
    .map((d, weekIndex) => ({ weekIndex, filled: d.time_slots.length > 0 }))
    .filter((d) => d.filled);
  const byPosition = {};
  for (const [path, message] of Object.entries(errors)) {
    const match = /^availability\.(\d+)(?:\.time_slots\.(\d+))?/.exec(path);
    if (!match) continue;
    const day = filledDays[Number(match[1])];
    if (!day) continue;
    byPosition[`${day.weekIndex}.${match[2] ?? 0}`] = message;
  }
  return byPosition;
}
