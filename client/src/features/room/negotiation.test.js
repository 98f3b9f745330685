import { describe, expect, it, vi } from 'vitest';
import { FakePeerConnection } from '../../testing/fake-peer-connection';
import { createNegotiation, isPolite } from './negotiation';

function setup({ polite }) {
  const sent = [];
  const made = [];
  const onStateChange = vi.fn();
  const onError = vi.fn();
  const negotiation = createNegotiation({
    polite,
    createPeerConnection: () => {
      const pc = new FakePeerConnection(polite ? 'polite' : 'impolite');
      made.push(pc);
      return pc;
    },
    send: (message) => sent.push(message),
    onStateChange,
    onError,
  });
  const stream = { getTracks: () => ['audio-track', 'video-track'] };
  const pc = negotiation.start(stream);
  return { negotiation, pc, sent, made, onStateChange, onError };
}

const remoteOffer = {
  type: 'offer',
  data: { type: 'offer', sdp: 'remote-offer' },
};

describe('perfect negotiation', () => {
  it('picks the peer with the larger user id as the polite one', () => {
    expect(isPolite('b'.repeat(24), 'a'.repeat(24))).toBe(true);
    expect(isPolite('a'.repeat(24), 'b'.repeat(24))).toBe(false);
  });

  it('adds the local tracks and sends an offer when negotiation is needed', async () => {
    const { pc, sent } = setup({ polite: false });

    await pc.fireNegotiationNeeded();

    expect(pc.tracks.map((t) => t.track)).toEqual([
      'audio-track',
      'video-track',
    ]);
    expect(sent).toEqual([
      { type: 'offer', data: { type: 'offer', sdp: 'impolite-offer' } },
    ]);
  });

  it('answers an offer that arrives while stable', async () => {
    const { negotiation, pc, sent } = setup({ polite: false });

    await negotiation.handleSignal(remoteOffer);

    expect(pc.signalingState).toBe('stable');
    expect(sent).toEqual([
      { type: 'answer', data: { type: 'answer', sdp: 'impolite-answer' } },
    ]);
  });

  it('makes the polite peer roll back its own offer when offers cross', async () => {
    const { negotiation, pc, sent } = setup({ polite: true });
    await pc.fireNegotiationNeeded();
    expect(pc.signalingState).toBe('have-local-offer');

    await negotiation.handleSignal(remoteOffer);

    expect(pc.calls).toEqual([
      ['setLocalDescription', 'auto'],
      ['setRemoteDescription', 'offer'],
      ['implicit rollback'],
      ['setLocalDescription', 'auto'],
    ]);
    expect(sent.at(-1)).toEqual({
      type: 'answer',
      data: { type: 'answer', sdp: 'polite-answer' },
    });
  });

  it('makes the impolite peer ignore a crossing offer and its candidates', async () => {
    const { negotiation, pc, sent, onError } = setup({ polite: false });
    await pc.fireNegotiationNeeded();

    await negotiation.handleSignal(remoteOffer);
    await negotiation.handleSignal({
      type: 'candidate',
      data: { candidate: 'c1' },
    });

    expect(pc.signalingState).toBe('have-local-offer');
    expect(pc.calls).toEqual([['setLocalDescription', 'auto']]);
    expect(sent).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it('treats an offer that arrives while our own is being made as a collision', async () => {
    const { negotiation, pc } = setup({ polite: false });
    const making = pc.fireNegotiationNeeded();

    await negotiation.handleSignal(remoteOffer);
    await making;

    expect(
      pc.calls.filter(([name]) => name === 'setRemoteDescription'),
    ).toEqual([]);
  });

  it('completes an exchange when the answer comes back', async () => {
    const { negotiation, pc } = setup({ polite: false });
    await pc.fireNegotiationNeeded();

    await negotiation.handleSignal({
      type: 'answer',
      data: { type: 'answer', sdp: 'remote-answer' },
    });

    expect(pc.signalingState).toBe('stable');
    expect(pc.remoteDescription).toEqual({
      type: 'answer',
      sdp: 'remote-answer',
    });
  });

  it('relays local candidates and adds remote ones after the description', async () => {
    const { negotiation, pc, sent } = setup({ polite: true });
    pc.fireCandidate({ toJSON: () => ({ candidate: 'local-1', sdpMid: '0' }) });
    pc.fireCandidate(null);

    // The candidate is queued behind the offer, so it lands after it.
    negotiation.handleSignal(remoteOffer);
    await negotiation.handleSignal({
      type: 'candidate',
      data: { candidate: 'r1' },
    });

    expect(sent[0]).toEqual({
      type: 'candidate',
      data: { candidate: 'local-1', sdpMid: '0' },
    });
    expect(pc.candidates).toEqual([{ candidate: 'r1' }]);
  });

  it('restarts ICE when the connection fails and reports each state', () => {
    const { pc, onStateChange } = setup({ polite: true });

    pc.setConnectionState('connected');
    pc.setConnectionState('failed');

    expect(onStateChange.mock.calls).toEqual([['connected'], ['failed']]);
    expect(pc.calls).toEqual([['restartIce']]);
  });

  it('replaces the connection on reset and ignores events from the old one', async () => {
    const { negotiation, pc: old, made, sent } = setup({ polite: false });

    const fresh = negotiation.reset();
    old.fireCandidate({ candidate: 'stale' });
    await old.fireNegotiationNeeded();

    expect(old.closed).toBe(true);
    expect(made).toHaveLength(2);
    expect(negotiation.connection).toBe(fresh);
    expect(fresh.tracks).toHaveLength(2);
    expect(sent).toEqual([]);
  });

  it('standing by, answers an offer on a new connection, tracks added after it', async () => {
    const { negotiation, pc, sent, made } = setup({ polite: false });
    negotiation.standBy();
    expect(pc.closed).toBe(true);

    // Stale candidates before any offer are dropped.
    await negotiation.handleSignal({ type: 'candidate', data: { c: 1 } });
    expect(made).toHaveLength(1);

    await negotiation.handleSignal(remoteOffer);

    expect(made).toHaveLength(2);
    const answering = made[1];
    expect(answering.calls).toEqual([
      ['setRemoteDescription', 'offer'],
      ['setLocalDescription', 'auto'],
    ]);
    expect(answering.tracks.map((t) => t.track)).toEqual([
      'audio-track',
      'video-track',
    ]);
    expect(sent.at(-1)).toEqual({
      type: 'answer',
      data: { type: 'answer', sdp: 'impolite-answer' },
    });
  });
});
