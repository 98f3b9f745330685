import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useSocket } from '../lib/socket-context';

const EVENTS = ['connect', 'disconnect', 'connect_error'];

/**
 * The socket's state as "connected", "connecting", "reconnecting" or
 * "offline", read from the socket itself so no event can be missed.
 */
export function useConnectionState() {
  const socket = useSocket();
  const everConnected = useRef(false);

  const subscribe = useCallback(
    (onChange) => {
      EVENTS.forEach((event) => socket.on(event, onChange));
      return () => EVENTS.forEach((event) => socket.off(event, onChange));
    },
    [socket],
  );

  const snapshot = () => {
    if (socket.connected) {
      everConnected.current = true;
      return 'connected';
    }
    if (!socket.active) return 'offline';
    return everConnected.current ? 'reconnecting' : 'connecting';
  };

  return useSyncExternalStore(subscribe, snapshot);
}
