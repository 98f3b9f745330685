import { io } from 'socket.io-client';
import { readToken } from './token';

// One socket per tab. The token is read on every (re)connect, so logging in
// again only needs a reconnect, never a second socket.
export const socket = io({
  path: '/socket.io',
  transports: ['websocket'],
  autoConnect: false,
  auth: (callback) => callback({ token: readToken() }),
});

export function connectSocket() {
  if (!socket.connected) socket.connect();
}

export function disconnectSocket() {
  socket.disconnect();
}
