import { SkillList } from '../../components/badge';
import { Button } from '../../components/button';
import { formatDateTime } from '../../lib/time';
import { formatScore } from './format-score';
import { ScoreBars } from './score-bars';

export function MatchCard({ match, timeZone, highlighted, onRequest, busy }) {
  const { user, score, breakdown, reasons = [], overlap } = match;
  const firstSlot = overlap?.intervals?.[0]?.start;
  return (
    <article
      aria-label={`Match ${user.name}`}
      data-testid={`match-${user.id}`}
      className={`flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ${highlighted ? 'ring-2 ring-indigo-500' : 'ring-slate-200'}`}
    >
      <header className="flex items-baseline gap-2">
        <h2 className="font-medium">{user.name}</h2>
        <span className="text-xs text-slate-500">{user.experience_level}</span>
        <span className="ml-auto text-lg font-semibold tabular-nums">
          {formatScore(score)}
        </span>
      </header>
      <SkillList skills={user.skills} />
      <ScoreBars breakdown={breakdown} score={score} />
      {reasons.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-slate-600">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {firstSlot ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span>Next shared time: {formatDateTime(firstSlot, timeZone)}</span>
          <Button
            variant="secondary"
            disabled={busy}
            aria-label={`Send request to ${user.name}`}
            onClick={() => onRequest(user, firstSlot)}
          >
            Send request
          </Button>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No shared time this week.</p>
      )}
    </article>
  );
}
