import { useConnectionState } from '../hooks/use-connection-state';

const looks = {
  connected: ['bg-emerald-500', 'Live'],
  connecting: ['bg-amber-400', 'Connecting'],
  reconnecting: ['bg-amber-400', 'Reconnecting'],
  offline: ['bg-rose-500', 'Offline'],
};

export function ConnectionIndicator() {
  const state = useConnectionState();
  const [color, label] = looks[state];
  return (
    <span
      className="flex items-center gap-1 text-xs text-slate-500"
      data-testid="connection-state"
      data-state={state}
      title={`Live updates: ${label.toLowerCase()}`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${color}`} />
      {label}
    </span>
  );
}
