const tones = {
  Pending: 'bg-amber-100 text-amber-800',
  Accepted: 'bg-emerald-100 text-emerald-800',
  Declined: 'bg-rose-100 text-rose-800',
  Cancelled: 'bg-slate-200 text-slate-700',
  Available: 'bg-sky-100 text-sky-800',
  Booked: 'bg-indigo-100 text-indigo-800',
  Completed: 'bg-emerald-100 text-emerald-800',
};

export function Badge({ children, tone }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone ?? children] ?? 'bg-slate-100 text-slate-700'}`}
    >
      {children}
    </span>
  );
}

export function SkillList({ skills = [] }) {
  if (!skills.length) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Skills">
      {skills.map((skill) => (
        <li
          key={skill}
          className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
        >
          {skill}
        </li>
      ))}
    </ul>
  );
}
