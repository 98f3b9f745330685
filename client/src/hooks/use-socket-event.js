import { useEffect, useRef } from 'react';
import { useSocket } from '../lib/socket-context';

/** Call `handler` on every `event` while the component is mounted. */
export function useSocketEvent(event, handler) {
  const socket = useSocket();
  const latest = useRef(handler);

  useEffect(() => {
    latest.current = handler;
  });

  useEffect(() => {
    const listener = (...args) => latest.current(...args);
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }, [socket, event]);
}

/**
 * Call `callback` whenever the socket connects again. The server replays no
 * missed events, so a page refetches what it shows.
 */
export function useOnReconnect(callback) {
  useSocketEvent('connect', callback);
}
