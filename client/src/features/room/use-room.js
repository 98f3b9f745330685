import { useCallback, useEffect, useRef, useState } from 'react';
import { EVENTS } from '../../lib/events';
import { useSocket } from '../../lib/socket-context';
import { fetchRtcConfig, request } from './api';
import { createNegotiation, isPolite } from './negotiation';

// Browser tests set `window.__mockroomDebug = {}` before the app loads; the
// room then records its peer connection and join time there. Otherwise
// nothing is exposed.
function debugRecord(fields) {
  const debug = globalThis.window?.__mockroomDebug;
  if (debug && typeof debug === 'object') Object.assign(debug, fields);
}

function otherParticipant(interview, myId) {
  return interview.interviewer_id === myId
    ? interview.interviewee_id
    : interview.interviewer_id;
}

/**
 * Join an interview room and keep its state: room data, chat, the remote
 * stream and a connection status the page can show.
 */
export function useRoom(interviewId, me, localStream) {
  const socket = useSocket();
  const [status, setStatus] = useState('connecting');
  const [room, setRoom] = useState(null);
  const [messages, setMessages] = useState([]);
  const [remoteStream, setRemoteStream] = useState(null);
  const [error, setError] = useState(null);
  const negotiationRef = useRef(null);

  useEffect(() => {
    let negotiation = null;
    let stopped = false;
    // Signals that arrive before the connection exists (the peer may offer
    // while our join is still being acknowledged) wait here.
    let early = [];
    const rtcConfig = fetchRtcConfig().catch(() => ({ iceServers: [] }));
    const mine = (payload) => payload?.interview_id === interviewId;

    const addMessages = (list) =>
      setMessages((old) => {
        const seen = new Set(old.map((m) => m.id));
        return [...old, ...list.filter((m) => !seen.has(m.id))];
      });

    function connectionFactory(iceServers) {
      return ({ answering } = {}) => {
        const pc = new RTCPeerConnection({ iceServers });
        debugRecord({ pc });
        // Without local media, still ask to receive the peer's (an answer
        // takes its transceivers from the offer).
        if (!localStream && !answering) {
          pc.addTransceiver('audio', { direction: 'recvonly' });
          pc.addTransceiver('video', { direction: 'recvonly' });
        }
        return pc;
      };
    }

    async function join() {
      try {
        const [{ state }, { iceServers }] = await Promise.all([
          request(socket, EVENTS.roomJoin, { interview_id: interviewId }),
          rtcConfig,
        ]);
        if (stopped) return;
        debugRecord({ joinedAt: Date.now() });
        setRoom(state);
        addMessages(state.chat ?? []);
        const peerId = otherParticipant(state.interview, me.id);
        const peerHere = state.present.includes(peerId);
        setStatus(peerHere ? 'connecting' : 'waiting');

        // Whoever joins second calls; the one already there answers. A
        // rejoin after a socket reconnect starts a clean connection too.
        if (negotiation) {
          if (peerHere) negotiation.reset();
          else negotiation.standBy();
          return;
        }
        negotiation = createNegotiation({
          createPeerConnection: connectionFactory(iceServers),
          polite: isPolite(me.id, peerId),
          send: (signal) =>
            socket.emit(EVENTS.signal, {
              interview_id: interviewId,
              ...signal,
            }),
          onTrack: (stream, track) =>
            setRemoteStream(stream ?? new MediaStream([track])),
          onStateChange: (state) => {
            if (state === 'connected') setStatus('connected');
            if (state === 'disconnected' || state === 'failed') {
              setStatus('reconnecting');
            }
          },
        });
        negotiationRef.current = negotiation;
        if (peerHere) negotiation.start(localStream);
        else negotiation.standBy(localStream);
        for (const message of early) negotiation.handleSignal(message);
        early = [];
      } catch (err) {
        if (!stopped) {
          setError(err);
          setStatus('error');
        }
      }
    }

    const handlers = {
      [EVENTS.signal]: (message) => {
        if (!mine(message)) return;
        if (negotiation) negotiation.handleSignal(message);
        else early.push(message);
      },
      [EVENTS.roomPeerJoined]: (payload) => {
        if (!mine(payload) || payload.user_id === me.id) return;
        setRemoteStream(null);
        setStatus('connecting');
        // The newcomer calls; drop the old connection and wait for its offer.
        negotiation?.standBy();
      },
      [EVENTS.roomPeerLeft]: (payload) => {
        if (!mine(payload) || payload.user_id === me.id) return;
        setRemoteStream(null);
        setStatus('peer left');
        negotiation?.standBy();
      },
      [EVENTS.roomReplaced]: (payload) => {
        if (!mine(payload)) return;
        negotiation?.close();
        setStatus('replaced');
      },
      [EVENTS.chatMessage]: (message) => {
        if (mine(message)) addMessages([message]);
      },
      [EVENTS.roomSwapped]: (payload) => {
        if (!mine(payload)) return;
        setRoom(
          (r) => r && { ...r, roles: payload.roles, swapped: payload.swapped },
        );
      },
      [EVENTS.roomEnded]: (payload) => {
        if (!mine(payload)) return;
        negotiation?.close();
        setStatus('ended');
      },
      // The server forgets room membership with the old socket: join again.
      connect: join,
    };

    for (const [event, handler] of Object.entries(handlers)) {
      socket.on(event, handler);
    }
    join();

    return () => {
      stopped = true;
      for (const [event, handler] of Object.entries(handlers)) {
        socket.off(event, handler);
      }
      socket.emit(EVENTS.roomLeave, { interview_id: interviewId });
      negotiation?.close();
      negotiationRef.current = null;
    };
  }, [socket, interviewId, me.id, localStream]);

  const sendChat = useCallback(
    (text) =>
      request(socket, EVENTS.chatSend, { interview_id: interviewId, text }),
    [socket, interviewId],
  );
  const swapRoles = useCallback(
    () => request(socket, EVENTS.roomSwap, { interview_id: interviewId }),
    [socket, interviewId],
  );
  const endInterview = useCallback(
    () => request(socket, EVENTS.roomEnd, { interview_id: interviewId }),
    [socket, interviewId],
  );

  return {
    status,
    room,
    messages,
    remoteStream,
    error,
    sendChat,
    swapRoles,
    endInterview,
  };
}
