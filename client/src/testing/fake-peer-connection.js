/**
 * Enough of RTCPeerConnection to drive the negotiation logic: it tracks the
 * signaling state the way a browser does and records every call.
 */
export class FakePeerConnection {
  constructor(name = 'pc') {
    this.name = name;
    this.signalingState = 'stable';
    this.connectionState = 'new';
    this.localDescription = null;
    this.remoteDescription = null;
    this.calls = [];
    this.tracks = [];
    this.candidates = [];
    this.closed = false;
  }

  async setLocalDescription(description) {
    this.calls.push(['setLocalDescription', description?.type ?? 'auto']);
    if (description?.type === 'rollback') {
      this.signalingState = 'stable';
      this.localDescription = null;
      return;
    }
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `${this.name}-answer` };
      this.signalingState = 'stable';
    } else {
      this.localDescription = { type: 'offer', sdp: `${this.name}-offer` };
      this.signalingState = 'have-local-offer';
    }
  }

  async setRemoteDescription(description) {
    this.calls.push(['setRemoteDescription', description.type]);
    if (description.type === 'offer') {
      // Browsers roll a local offer back implicitly.
      if (this.signalingState === 'have-local-offer') {
        this.calls.push(['implicit rollback']);
        this.localDescription = null;
      } else if (this.signalingState !== 'stable') {
        throw new Error('InvalidStateError: offer in ' + this.signalingState);
      }
      this.signalingState = 'have-remote-offer';
    } else {
      if (this.signalingState !== 'have-local-offer') {
        throw new Error('InvalidStateError: answer in ' + this.signalingState);
      }
      this.signalingState = 'stable';
    }
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate) {
    if (!this.remoteDescription) {
      throw new Error('InvalidStateError: no remote description');
    }
    this.candidates.push(candidate);
  }

  addTrack(track, stream) {
    this.tracks.push({ track, stream });
  }

  restartIce() {
    this.calls.push(['restartIce']);
  }

  close() {
    this.closed = true;
  }

  // Test helpers that play the browser's part.
  fireNegotiationNeeded() {
    return this.onnegotiationneeded?.();
  }

  fireCandidate(candidate) {
    this.onicecandidate?.({ candidate });
  }

  setConnectionState(state) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}
