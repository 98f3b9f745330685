import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SocketContext } from '../../lib/socket-context';
import { createFakeSocket } from '../../testing/fake-socket';
import { FakePeerConnection } from '../../testing/fake-peer-connection';
import { useRoom } from './use-room';

vi.mock('./api', async (importOriginal) => ({
  ...(await importOriginal()),
  fetchRtcConfig: vi.fn(async () => ({ iceServers: [] })),
}));

const me = { id: 'a'.repeat(24) };
const peer = 'b'.repeat(24);
const state = {
  interview: { id: 'iv1', interviewer_id: me.id, interviewee_id: peer },
  present: [me.id],
  roles: { interviewer: me.id, interviewee: peer },
  swapped: false,
  timer: null,
  chat: [{ id: 'm1', interview_id: 'iv1', from: peer, text: 'hi' }],
};

function Probe() {
  const room = useRoom('iv1', me, null);
  return (
    <div>
      <span data-testid="status">{room.status}</span>
      <span data-testid="chat">
        {room.messages.map((m) => m.text).join('|')}
      </span>
    </div>
  );
}

function fakeRoomSocket(present) {
  const socket = createFakeSocket();
  socket.emit = vi.fn((event, payload, ack) => {
    if (event === 'room:join') ack({ ok: true, state: { ...state, present } });
    else ack?.({ ok: true });
  });
  return socket;
}

describe('the room hook', () => {
  let connections;

  beforeEach(() => {
    connections = [];
    vi.stubGlobal(
      'RTCPeerConnection',
      class extends FakePeerConnection {
        constructor() {
          super('pc');
          this.transceivers = [];
          connections.push(this);
        }
        addTransceiver(kind, init) {
          this.transceivers.push([kind, init.direction]);
        }
      },
    );
  });

  afterEach(() => vi.unstubAllGlobals());

  // By default the peer is already there, so this side calls at once.
  async function mount({ present = [me.id, peer] } = {}) {
    const socket = fakeRoomSocket(present);
    const view = render(
      <SocketContext.Provider value={socket}>
        <Probe />
      </SocketContext.Provider>,
    );
    // Joined once the saved chat shows.
    await screen.findByText('hi');
    return { socket, ...view };
  }

  const offer = {
    interview_id: 'iv1',
    from: peer,
    type: 'offer',
    data: { type: 'offer', sdp: 'peer-offer' },
  };

  it('calls a peer who is already there, asking to receive without media', async () => {
    const { socket } = await mount();

    expect(socket.emit).toHaveBeenCalledWith(
      'room:join',
      { interview_id: 'iv1' },
      expect.any(Function),
    );
    expect(screen.getByTestId('chat')).toHaveTextContent('hi');
    expect(connections).toHaveLength(1);
    expect(connections[0].transceivers).toEqual([
      ['audio', 'recvonly'],
      ['video', 'recvonly'],
    ]);
  });

  it('alone, waits for the peer and answers the offer of the one who joins', async () => {
    const { socket } = await mount({ present: [me.id] });
    expect(screen.getByTestId('status')).toHaveTextContent('waiting');
    expect(connections).toHaveLength(0);

    act(() =>
      socket.push('room:peer-joined', { interview_id: 'iv1', user_id: peer }),
    );
    expect(screen.getByTestId('status')).toHaveTextContent('connecting');
    await act(async () => socket.push('signal', offer));

    expect(connections).toHaveLength(1);
    // The answer takes its transceivers from the offer.
    expect(connections[0].transceivers).toEqual([]);
    await waitFor(() =>
      expect(socket.emit).toHaveBeenCalledWith('signal', {
        interview_id: 'iv1',
        type: 'answer',
        data: { type: 'answer', sdp: 'pc-answer' },
      }),
    );
  });

  it('drops the connection when the peer joins again after a refresh', async () => {
    const { socket } = await mount();

    act(() =>
      socket.push('room:peer-joined', { interview_id: 'iv1', user_id: peer }),
    );
    expect(connections[0].closed).toBe(true);
    expect(screen.getByTestId('status')).toHaveTextContent('connecting');

    await act(async () => socket.push('signal', offer));
    expect(connections).toHaveLength(2);
    expect(connections[1].closed).toBe(false);
  });

  it('relays its signals with the interview id', async () => {
    const { socket } = await mount();

    act(() => connections[0].fireCandidate({ candidate: 'c1' }));

    expect(socket.emit).toHaveBeenCalledWith('signal', {
      interview_id: 'iv1',
      type: 'candidate',
      data: { candidate: 'c1' },
    });
  });

  it('stops when the room is opened in another tab', async () => {
    const { socket } = await mount();

    act(() => socket.push('room:replaced', { interview_id: 'iv1' }));

    expect(screen.getByTestId('status')).toHaveTextContent('replaced');
    expect(connections[0].closed).toBe(true);
  });

  it('adds pushed chat messages once and ignores other rooms', async () => {
    const { socket } = await mount();
    const message = {
      id: 'm2',
      interview_id: 'iv1',
      from: peer,
      text: 'ready?',
    };

    act(() => {
      socket.push('chat:message', message);
      socket.push('chat:message', message);
      socket.push('chat:message', {
        ...message,
        id: 'x',
        interview_id: 'other',
      });
    });

    expect(screen.getByTestId('chat')).toHaveTextContent(/^hi\|ready\?$/);
  });

  it('leaves the room and closes the connection on unmount', async () => {
    const { socket, unmount } = await mount();

    unmount();

    expect(socket.emit).toHaveBeenCalledWith('room:leave', {
      interview_id: 'iv1',
    });
    expect(connections[0].closed).toBe(true);
    expect(socket.listenerCount('signal')).toBe(0);
  });
});
