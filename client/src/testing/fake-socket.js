/** A stand-in for a socket.io client socket, driven by the test. */
export function createFakeSocket() {
  const listeners = new Map();
  const sent = [];
  return {
    connected: true,
    active: true,
    sent,
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return this;
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener);
      return this;
    },
    emit(event, payload, ack) {
      sent.push({ event, payload });
      ack?.({ ok: true });
      return this;
    },
    /** Deliver an event as if the server had pushed it. */
    push(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0;
    },
  };
}
