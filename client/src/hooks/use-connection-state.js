import { useState } from 'react';
import { useSocket } from '../lib/socket-context';
import { useSocketEvent } from './use-socket-event';

export function useConnectionState() {
  const socket = useSocket();
  const [state, setState] = useState(() =>
    socket.connected ? 'connected' : 'connecting',
  );

  useSocketEvent('connect', () => setState('connected'));
  useSocketEvent('disconnect', () => setState('reconnecting'));
  useSocketEvent('connect_error', () => setState('offline'));
  return state;
}
