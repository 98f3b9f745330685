import { SkillList } from '../../components/badge';

export function OnlineDot({ online }) {
  return (
    <span
      className={`inline-block h-2.5 w-2.5 rounded-full ${online ? 'bg-emerald-500' : 'bg-slate-300'}`}
      role="img"
      aria-label={online ? 'Online' : 'Offline'}
    />
  );
}

export function PeerCard({ peer }) {
  return (
    <article
      className="flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      data-testid={`peer-${peer.id}`}
      aria-label={peer.name}
    >
      <header className="flex items-center gap-2">
        <OnlineDot online={peer.online} />
        <h2 className="font-medium">{peer.name}</h2>
        <span className="ml-auto text-xs text-slate-500">
          {peer.experience_level}
        </span>
      </header>
      <SkillList skills={peer.skills} />
      {peer.availability_summary && (
        <p className="text-sm text-slate-600">{peer.availability_summary}</p>
      )}
      <p className="text-xs text-slate-500">
        {peer.open_slots ?? 0} open slot{peer.open_slots === 1 ? '' : 's'} in
        the next 14 days
      </p>
    </article>
  );
}
