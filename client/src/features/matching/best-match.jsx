import { Button } from '../../components/button';
import { formatDateTime } from '../../lib/time';

export function BestMatch({ best, timeZone, onRequest, busy }) {
  const { match, proposed_times: times = [] } = best;
  return (
    <section
      aria-label="Best match"
      data-testid="best-match"
      className="rounded-lg bg-indigo-50 p-4 ring-2 ring-indigo-500"
    >
      <h2 className="font-semibold">
        Best match: {match.user.name}{' '}
        <span className="text-sm font-normal text-slate-600">
          ({match.reasons?.[0] ?? 'top score'})
        </span>
      </h2>
      {times.length === 0 ? (
        <p className="text-sm text-slate-600">No proposed times found.</p>
      ) : (
        <ul className="mt-2 flex flex-col gap-2">
          {times.map((time) => (
            <li key={time.start} className="flex flex-wrap items-center gap-2">
              <span className="text-sm">
                {formatDateTime(time.start, timeZone)}
              </span>
              <Button
                disabled={busy}
                aria-label={`Send request for ${formatDateTime(time.start, timeZone)}`}
                onClick={() => onRequest(match.user, time.start)}
              >
                Send request
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
