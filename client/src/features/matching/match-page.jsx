import { useState } from 'react';
import { Button } from '../../components/button';
import { inputClass } from '../../components/field';
import { ErrorNotice, Resource } from '../../components/states';
import { useToast } from '../../components/toast-context';
import { useResource } from '../../hooks/use-resource';
import { browserTimeZone } from '../../lib/time';
import { useCurrentUser } from '../auth/auth-context';
import { sendMatchRequest } from '../requests/api';
import { fetchBestMatch, fetchMatches } from './api';
import { BestMatch } from './best-match';
import { MatchCard } from './match-card';

export function MatchPage() {
  const me = useCurrentUser();
  const toast = useToast();
  const timeZone = me.timezone || browserTimeZone();
  const [mode, setMode] = useState('similar');
  const [skill, setSkill] = useState('');
  const [best, setBest] = useState(null);
  const [bestError, setBestError] = useState(null);
  const [busy, setBusy] = useState(false);
  const matches = useResource(
    () => fetchMatches({ mode, skill, limit: 10 }),
    `${mode}|${skill}`,
  );

  async function findBest() {
    setBusy(true);
    setBestError(null);
    try {
      setBest(await fetchBestMatch({ mode, skill }));
    } catch (error) {
      setBest(null);
      setBestError(
        error.code === 'no_match'
          ? new Error('Nobody fits yet. Try the other mode or another skill.')
          : error,
      );
    } finally {
      setBusy(false);
    }
  }

  async function request(user, time) {
    setBusy(true);
    try {
      await sendMatchRequest({ peerId: user.id, time });
      toast(`Request sent to ${user.name}.`);
    } catch (error) {
      toast(error.message, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Find a match</h1>
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="flex gap-3 text-sm">
          <legend className="sr-only">Matching mode</legend>
          {['similar', 'complementary'].map((value) => (
            <label key={value} className="flex items-center gap-1">
              <input
                type="radio"
                name="mode"
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
              />
              {value === 'similar' ? 'Similar skills' : 'Complementary'}
            </label>
          ))}
        </fieldset>
        <input
          aria-label="Skill to practise"
          placeholder="Skill (optional)"
          className={`${inputClass} max-w-48`}
          value={skill}
          onChange={(e) => setSkill(e.target.value)}
        />
        <Button onClick={findBest} disabled={busy}>
          Find Best Match
        </Button>
      </div>
      {bestError && <ErrorNotice error={bestError} />}
      {best && (
        <BestMatch
          best={best}
          timeZone={timeZone}
          busy={busy}
          onRequest={request}
        />
      )}
      <Resource
        resource={matches}
        isEmpty={(d) => d.matches.length === 0}
        empty="No matches yet. Add skills and availability to your profile."
      >
        {(data) => (
          <ol className="grid gap-3 md:grid-cols-2">
            {data.matches.map((match) => (
              <li key={match.user.id}>
                <MatchCard
                  match={match}
                  timeZone={timeZone}
                  highlighted={best?.match.user.id === match.user.id}
                  busy={busy}
                  onRequest={request}
                />
              </li>
            ))}
          </ol>
        )}
      </Resource>
    </section>
  );
}
