import { useMemo, useState } from 'react';
import { inputClass } from '../../components/field';
import { allTimeZones } from '../../lib/time';

/** A select of every IANA zone with a filter box above it. */
export function TimeZoneSelect({ id, value, onChange, ...aria }) {
  const [filter, setFilter] = useState('');
  const zones = useMemo(() => allTimeZones(), []);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const matching = zones.filter((z) => z.toLowerCase().includes(needle));
    return matching.includes(value) ? matching : [value, ...matching];
  }, [zones, filter, value]);

  return (
    <div className="flex flex-col gap-2 sm:flex-row">
      <input
        type="search"
        aria-label="Filter time zones"
        className={`${inputClass} sm:max-w-48`}
        placeholder="Search zones…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <select
        id={id}
        {...aria}
        className={inputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {shown.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>
    </div>
  );
}
