// Time-zone arithmetic with Intl only. Calendar dates are handled as plain
// {year, month, day} values; instants are Dates. Never add 24 hours to a
// local midnight: a day in a zone with DST can last 23 or 25 hours.

export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

const partsFormatters = new Map();

function partsFormatter(timeZone) {
  if (!partsFormatters.has(timeZone)) {
    partsFormatters.set(
      timeZone,
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'long',
      }),
    );
  }
  return partsFormatters.get(timeZone);
}

/** The wall-clock fields of an instant in a zone. */
export function zonedParts(date, timeZone) {
  const fields = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    fields[part.type] = part.value;
  }
  return {
    year: Number(fields.year),
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour) % 24,
    minute: Number(fields.minute),
    second: Number(fields.second),
    weekday: fields.weekday,
  };
}

function offsetAt(instantMs, timeZone) {
  const p = zonedParts(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(
    p.year,
    p.month - 1,
    p.day,
    p.hour,
    p.minute,
    p.second,
  );
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant a wall-clock time in a zone names (the earlier one if twice). */
export function zonedTimeToUtc(
  { year, month, day, hour = 0, minute = 0 },
  timeZone,
) {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  return new Date(Math.min(first, second));
}

/** Calendar arithmetic on a date with no zone attached. */
export function addDays({ year, month, day }, days) {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

export function dateKey({ year, month, day }) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The local calendar date an instant falls on in a zone, as a key. */
export function zonedDateKey(date, timeZone) {
  return dateKey(zonedParts(date, timeZone));
}

/**
 * The seven days, Monday to Sunday, of the week holding `date` in a zone.
 * Each day carries its local midnight instants, so its length may differ.
 */
export function weekDays(date, timeZone) {
  const today = zonedParts(date, timeZone);
  const monday = addDays(today, -WEEKDAYS.indexOf(today.weekday));
  return WEEKDAYS.map((name, index) => {
    const local = addDays(monday, index);
    return {
      name,
      key: dateKey(local),
      date: local,
      start: zonedTimeToUtc(local, timeZone),
      end: zonedTimeToUtc(addDays(local, 1), timeZone),
    };
  });
}

export function formatTime(value, timeZone) {
  return new Date(value).toLocaleTimeString('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDateTime(value, timeZone) {
  return new Date(value).toLocaleString('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function allTimeZones() {
  if (typeof Intl.supportedValuesOf === 'function') {
    return Intl.supportedValuesOf('timeZone');
  }
  return ['UTC'];
}
