import { createContext, useContext } from 'react';
import { socket } from './socket';

// Components reach the socket through context so tests can hand them a fake.
export const SocketContext = createContext(socket);

export function useSocket() {
  return useContext(SocketContext);
}
