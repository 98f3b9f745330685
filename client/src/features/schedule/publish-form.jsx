import { useState } from 'react';
import { Button } from '../../components/button';
import { inputClass } from '../../components/field';
import { zonedTimeToUtc } from '../../lib/time';

/** Publish slots from weekly availability, or one slot at a local time. */
export function PublishForm({ timeZone, onPublishWeeks, onPublishOne, busy }) {
  const [weeks, setWeeks] = useState(2);
  const [when, setWhen] = useState('');

  function publishOne(event) {
    event.preventDefault();
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(when);
    if (!match) return;
    const [year, month, day, hour, minute] = match.slice(1).map(Number);
    onPublishOne(zonedTimeToUtc({ year, month, day, hour, minute }, timeZone));
  }

  return (
    <div className="grid gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 md:grid-cols-2">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          onPublishWeeks(Number(weeks));
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          Weeks ahead
          <input
            type="number"
            min={1}
            max={6}
            className={`${inputClass} w-20`}
            value={weeks}
            onChange={(e) => setWeeks(e.target.value)}
          />
        </label>
        <Button type="submit" disabled={busy}>
          Publish from availability
        </Button>
      </form>
      <form className="flex flex-wrap items-end gap-2" onSubmit={publishOne}>
        <label className="flex flex-col gap-1 text-sm">
          One slot ({timeZone})
          <input
            type="datetime-local"
            step={300}
            className={inputClass}
            value={when}
            onChange={(e) => setWhen(e.target.value)}
          />
        </label>
        <Button type="submit" variant="secondary" disabled={busy || !when}>
          Publish slot
        </Button>
      </form>
    </div>
  );
}
