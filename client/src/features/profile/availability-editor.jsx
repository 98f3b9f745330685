import { Button } from '../../components/button';
import { inputClass } from '../../components/field';

/** Days × ranges; `errors` is keyed by `${dayIndex}.${rangeIndex}`. */
export function AvailabilityEditor({ week, onChange, errors = {} }) {
  function setRanges(dayIndex, ranges) {
    onChange(
      week.map((d, i) => (i === dayIndex ? { ...d, time_slots: ranges } : d)),
    );
  }

  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-medium text-slate-700">
        Weekly availability (ranges like 09:00-12:30, 5-minute steps)
      </legend>
      {week.map(({ day, time_slots }, dayIndex) => (
        <div
          key={day}
          className="flex flex-col gap-2 sm:flex-row sm:items-start"
        >
          <span className="w-28 pt-1.5 text-sm font-medium">{day}</span>
          <div className="flex flex-1 flex-col gap-2">
            {time_slots.length === 0 && (
              <span className="pt-1.5 text-sm text-slate-400">
                Not available
              </span>
            )}
            {time_slots.map((range, rangeIndex) => {
              const error = errors[`${dayIndex}.${rangeIndex}`];
              const errorId = `avail-${dayIndex}-${rangeIndex}-error`;
              return (
                <div key={rangeIndex} className="flex flex-col gap-1">
                  <div className="flex gap-2">
                    <input
                      className={`${inputClass} max-w-44`}
                      aria-label={`${day} range ${rangeIndex + 1}`}
                      aria-invalid={error ? 'true' : undefined}
                      aria-describedby={error ? errorId : undefined}
                      placeholder="09:00-17:00"
                      value={range}
                      onChange={(e) =>
                        setRanges(
                          dayIndex,
                          time_slots.map((r, i) =>
                            i === rangeIndex ? e.target.value : r,
                          ),
                        )
                      }
                    />
                    <Button
                      variant="ghost"
                      aria-label={`Remove range ${rangeIndex + 1} on ${day}`}
                      onClick={() =>
                        setRanges(
                          dayIndex,
                          time_slots.filter((_, i) => i !== rangeIndex),
                        )
                      }
                    >
                      ✕
                    </Button>
                  </div>
                  {error && (
                    <p
                      id={errorId}
                      role="alert"
                      className="text-xs text-rose-600"
                    >
                      {error}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
          <Button
            variant="secondary"
            aria-label={`Add a range on ${day}`}
            onClick={() => setRanges(dayIndex, [...time_slots, ''])}
          >
            + Range
          </Button>
        </div>
      ))}
    </fieldset>
  );
}
