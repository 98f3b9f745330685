import { formatScore } from './format-score';

const parts = [
  ['skills', 'Skills', 'bg-indigo-500'],
  ['experience', 'Experience', 'bg-emerald-500'],
  ['availability', 'Availability', 'bg-amber-500'],
];

/** One bar per part of the score; the parts add up to the total. */
export function ScoreBars({ breakdown, score }) {
  const total = Math.max(score, 1e-9);
  return (
    <dl className="flex flex-col gap-1 text-xs">
      {parts.map(([key, label, color]) => {
        const value = breakdown?.[key] ?? 0;
        const share = Math.round((value / total) * 100);
        return (
          <div
            key={key}
            className="grid grid-cols-[6rem_1fr_3rem] items-center gap-2"
          >
            <dt className="text-slate-600">{label}</dt>
            <dd
              className="h-2 overflow-hidden rounded bg-slate-100"
              role="meter"
              aria-label={`${label} part of the score`}
              aria-valuemin={0}
              aria-valuemax={score}
              aria-valuenow={value}
            >
              <div
                className={`h-full ${color}`}
                style={{ width: `${share}%` }}
              />
            </dd>
            <dd className="text-right tabular-nums">{formatScore(value)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
