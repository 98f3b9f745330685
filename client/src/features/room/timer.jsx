import { useEffect, useState } from 'react';

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}

/** Time left, counted from the server's timer and the local clock. */
export function Timer({ timer }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  if (!timer?.end) return null;
  const remaining = (new Date(timer.end).getTime() - now) / 1000;
  const before = (new Date(timer.start).getTime() - now) / 1000;
  return (
    <span
      role="timer"
      aria-label="Time left"
      className="font-mono tabular-nums"
    >
      {before > 0 ? `starts in ${clock(before)}` : `${clock(remaining)} left`}
    </span>
  );
}
