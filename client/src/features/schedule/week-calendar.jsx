import { zonedDateKey } from '../../lib/time';
import { SlotCard } from './slot-card';

/** Slots grouped under the local day they start on, Monday to Sunday. */
export function WeekCalendar({ days, slots, timeZone, ...cardProps }) {
  const byDay = new Map(days.map((d) => [d.key, []]));
  for (const slot of slots) {
    byDay.get(zonedDateKey(new Date(slot.slot_time), timeZone))?.push(slot);
  }
  for (const list of byDay.values()) {
    list.sort((a, b) => new Date(a.slot_time) - new Date(b.slot_time));
  }

  return (
    <div
      role="grid"
      aria-label="Week calendar"
      className="grid gap-2 sm:grid-cols-7"
    >
      {days.map((day) => (
        <div
          key={day.key}
          role="gridcell"
          data-testid={`day-${day.key}`}
          className="flex min-h-24 flex-col gap-2 rounded-lg bg-slate-100 p-2"
        >
          <h3 className="text-sm font-medium">
            {day.name.slice(0, 3)} {day.date.day}/{day.date.month}
          </h3>
          {byDay.get(day.key).length === 0 && (
            <span className="text-xs text-slate-400">No slots</span>
          )}
          {byDay.get(day.key).map((slot) => (
            <SlotCard
              key={slot.id}
              slot={slot}
              timeZone={timeZone}
              {...cardProps}
            />
          ))}
        </div>
      ))}
    </div>
  );
}
