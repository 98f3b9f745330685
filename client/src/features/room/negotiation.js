// WebRTC "perfect negotiation": both peers may offer at any time; when offers
// cross, the polite peer rolls its own back and answers, the impolite peer
// ignores the incoming one. Browser objects are injected so tests can stub
// them.

/** The peer with the larger user id is the polite one. */
export function isPolite(myId, peerId) {
  return String(myId) > String(peerId);
}

function plain(description) {
  return { type: description.type, sdp: description.sdp };
}

export function createNegotiation({
  createPeerConnection,
  polite,
  send,
  onTrack = () => {},
  onStateChange = () => {},
  onError = () => {},
}) {
  let pc = null;
  let localStream = null;
  let makingOffer = false;
  let ignoreOffer = false;
  let queue = Promise.resolve();

  function addTracks(current) {
    for (const track of localStream?.getTracks() ?? []) {
      current.addTrack(track, localStream);
    }
  }

  // `answering`: made for an offer that just arrived; our tracks are added
  // once that offer is set, so they ride on its transceivers and no offer
  // of ours crosses it.
  function open({ answering = false } = {}) {
    const current = createPeerConnection({ answering });
    pc = current;
    makingOffer = false;
    ignoreOffer = false;
    const isCurrent = () => current === pc;

    current.onnegotiationneeded = async () => {
      try {
        makingOffer = true;
        await current.setLocalDescription();
        if (isCurrent()) {
          send({ type: 'offer', data: plain(current.localDescription) });
        }
      } catch (error) {
        onError(error);
      } finally {
        if (isCurrent()) makingOffer = false;
      }
    };

    current.onicecandidate = ({ candidate }) => {
      if (!candidate || !isCurrent()) return;
      send({
        type: 'candidate',
        data: candidate.toJSON ? candidate.toJSON() : candidate,
      });
    };

    current.ontrack = ({ track, streams }) => {
      if (isCurrent()) onTrack(streams?.[0] ?? null, track);
    };

    current.onconnectionstatechange = () => {
      if (!isCurrent()) return;
      onStateChange(current.connectionState);
      // A failed path may recover over new candidates.
      if (current.connectionState === 'failed') current.restartIce();
    };

    if (!answering) addTracks(current);
    return current;
  }

  async function process({ type, data }) {
    // Standing by: an offer opens the connection, anything else is stale.
    const answering = !pc;
    if (answering && type !== 'offer') return;
    const current = answering ? open({ answering }) : pc;

    if (type === 'candidate') {
      try {
        await current.addIceCandidate(data);
      } catch (error) {
        // Candidates of an offer we ignored are expected to fail.
        if (!ignoreOffer) throw error;
      }
      return;
    }

    // An offer collides when we are making one or are not in a stable state.
    const collision =
      type === 'offer' && (makingOffer || current.signalingState !== 'stable');
    ignoreOffer = !polite && collision;
    if (ignoreOffer) return;

    // The polite peer answers a crossing offer; setting it rolls our own
    // offer back in the same step (an explicit rollback first leaves a
    // stable moment in which the browser starts yet another offer).
    await current.setRemoteDescription({ type, sdp: data.sdp });
    if (answering) addTracks(current);
    if (type === 'offer') {
      await current.setLocalDescription();
      if (current === pc) {
        send({ type: 'answer', data: plain(current.localDescription) });
      }
    }
  }

  return {
    get connection() {
      return pc;
    },

    /** Create the connection and send our tracks; negotiation follows. */
    start(stream) {
      localStream = stream;
      return open();
    },

    /** Set the tracks to send without calling: wait for the peer's offer. */
    standBy(stream = localStream) {
      localStream = stream;
      close();
    },

    /** Handle one relayed signal; signals are processed in arrival order. */
    handleSignal(message) {
      queue = queue.then(() => process(message)).catch(onError);
      return queue;
    },

    /** Drop the connection and start a fresh one, e.g. after a peer refresh. */
    reset() {
      close();
      return open();
    },

    close,
  };

  function close() {
    if (!pc) return;
    const old = pc;
    pc = null;
    old.onnegotiationneeded = null;
    old.onicecandidate = null;
    old.ontrack = null;
    old.onconnectionstatechange = null;
    old.close();
  }
}
