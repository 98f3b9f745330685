import { api } from '../../lib/api';

export const fetchRtcConfig = () => api.get('/api/rtc-config');

/** Emit a room event and resolve with its acknowledgement. */
export function request(socket, event, payload) {
  return new Promise((resolve, reject) => {
    socket.emit(event, payload, (reply) => {
      if (reply?.ok) resolve(reply);
      else
        reject(
          Object.assign(new Error(reply?.error?.message ?? 'Refused.'), {
            code: reply?.error?.code,
          }),
        );
    });
  });
}
