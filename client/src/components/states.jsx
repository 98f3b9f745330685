import { Button } from './button';

export function Loading({ label = 'Loading…' }) {
  return (
    <p role="status" className="py-8 text-center text-sm text-slate-500">
      {label}
    </p>
  );
}

export function ErrorNotice({ error, onRetry }) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-md bg-rose-50 p-3 text-sm text-rose-800"
    >
      <span>{error?.message || 'Something went wrong.'}</span>
      {onRetry && (
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function Empty({ children }) {
  return (
    <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
      {children}
    </p>
  );
}

/** Loading, error and empty states in one place, then the content. */
export function Resource({ resource, isEmpty, empty, children }) {
  if (resource.error && !resource.data) {
    return <ErrorNotice error={resource.error} onRetry={resource.reload} />;
  }
  if (resource.loading && !resource.data) return <Loading />;
  if (isEmpty?.(resource.data)) return <Empty>{empty}</Empty>;
  return children(resource.data);
}
