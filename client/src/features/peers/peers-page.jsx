import { useState } from 'react';
import { Button } from '../../components/button';
import { inputClass } from '../../components/field';
import { Resource } from '../../components/states';
import { useOnReconnect, useSocketEvent } from '../../hooks/use-socket-event';
import { useResource } from '../../hooks/use-resource';
import { EVENTS } from '../../lib/events';
import { fetchPeers } from './api';
import { PeerCard } from './peer-card';

const PAGE = 12;

export function PeersPage() {
  const [filters, setFilters] = useState({ skill: '', level: '', q: '' });
  const [offset, setOffset] = useState(0);
  const query = { ...filters, limit: PAGE, offset };
  const peers = useResource(() => fetchPeers(query), JSON.stringify(query));

  useOnReconnect(peers.reload);
  useSocketEvent(EVENTS.presence, ({ user_id, online }) =>
    peers.setData((data) =>
      data
        ? {
            ...data,
            peers: data.peers.map((p) =>
              p.id === user_id ? { ...p, online } : p,
            ),
          }
        : data,
    ),
  );

  const setFilter = (name) => (e) => {
    setOffset(0);
    setFilters((f) => ({ ...f, [name]: e.target.value }));
  };

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Peers</h1>
      <form
        role="search"
        className="grid gap-2 sm:grid-cols-3"
        onSubmit={(e) => e.preventDefault()}
      >
        <input
          type="search"
          aria-label="Search by name"
          placeholder="Name"
          className={inputClass}
          value={filters.q}
          onChange={setFilter('q')}
        />
        <input
          aria-label="Filter by skill"
          placeholder="Skill"
          className={inputClass}
          value={filters.skill}
          onChange={setFilter('skill')}
        />
        <select
          aria-label="Filter by level"
          className={inputClass}
          value={filters.level}
          onChange={setFilter('level')}
        >
          <option value="">Any level</option>
          <option>Beginner</option>
          <option>Intermediate</option>
          <option>Advanced</option>
        </select>
      </form>
      <Resource
        resource={peers}
        isEmpty={(d) => d.peers.length === 0}
        empty="No peers match these filters."
      >
        {(data) => (
          <>
            <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {data.peers.map((peer) => (
                <li key={peer.id}>
                  <PeerCard peer={peer} />
                </li>
              ))}
            </ul>
            <nav
              aria-label="Pages"
              className="flex items-center justify-between text-sm"
            >
              <Button
                variant="secondary"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Previous
              </Button>
              <span>
                {data.total ? offset + 1 : 0}–
                {Math.min(offset + PAGE, data.total)} of {data.total}
              </span>
              <Button
                variant="secondary"
                disabled={offset + PAGE >= data.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                Next
              </Button>
            </nav>
          </>
        )}
      </Resource>
    </section>
  );
}
