import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '../../components/button';
import { ErrorNotice } from '../../components/states';
import { useToast } from '../../components/toast-context';
import { useCurrentUser } from '../auth/auth-context';
import { ChatPanel } from './chat-panel';
import { DeviceCheck } from './device-check';
import { FeedbackForm } from './feedback-form';
import { Timer } from './timer';
import { useRoom } from './use-room';
import { VideoTile } from './video-tile';

const statusText = {
  waiting: 'waiting for your peer',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  'peer left': 'peer left',
};

function Room({ interviewId, stream }) {
  const me = useCurrentUser();
  const toast = useToast();
  const room = useRoom(interviewId, me, stream);
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);

  const toggle = (kind, off, setOff) => {
    const tracks =
      kind === 'audio' ? stream?.getAudioTracks() : stream?.getVideoTracks();
    for (const track of tracks ?? []) track.enabled = off;
    setOff(!off);
  };
  const attempt = (work) => () =>
    work().catch((e) => toast(e.message, 'error'));

  if (room.status === 'ended')
    return <FeedbackForm interviewId={interviewId} />;
  if (room.status === 'replaced') {
    return (
      <p role="alert" className="p-6 text-center">
        This room was opened in another tab. Close this one, or{' '}
        <Link className="underline" to="/interviews">
          go back
        </Link>
        .
      </p>
    );
  }
  if (room.status === 'error') {
    return (
      <div className="p-6">
        <ErrorNotice error={room.error} />
        <Link className="mt-4 inline-block underline" to="/interviews">
          Back to interviews
        </Link>
      </div>
    );
  }

  const interview = room.room?.interview;
  const names = interview
    ? {
        [interview.interviewer_id]: interview.interviewer?.name,
        [interview.interviewee_id]: interview.interviewee?.name,
      }
    : {};
  const myRole =
    room.room?.roles?.interviewer === me.id ? 'Interviewer' : 'Interviewee';

  return (
    <div className="flex min-h-screen flex-col gap-3 bg-slate-950 p-3 text-white">
      <header className="flex flex-wrap items-center gap-3">
        <Link to="/interviews" className="text-sm underline">
          ← Interviews
        </Link>
        <span data-testid="room-status" data-status={room.status} role="status">
          {statusText[room.status] ?? room.status}
        </span>
        {room.room && <span className="text-sm">You are the {myRole}</span>}
        <span className="ml-auto">
          <Timer timer={room.room?.timer} />
        </span>
      </header>
      <div className="grid flex-1 gap-3 lg:grid-cols-[1fr_20rem]">
        <div className="grid content-start items-start gap-3 md:grid-cols-2">
          <VideoTile stream={room.remoteStream} label="Peer video" />
          <VideoTile stream={stream} label="Your video" muted />
        </div>
        <div className="text-slate-900">
          <ChatPanel
            messages={room.messages}
            meId={me.id}
            names={names}
            onSend={(text) =>
              room.sendChat(text).catch((e) => toast(e.message, 'error'))
            }
          />
        </div>
      </div>
      <footer className="flex flex-wrap justify-center gap-2">
        <Button
          variant="secondary"
          aria-pressed={muted}
          disabled={!stream}
          onClick={() => toggle('audio', muted, setMuted)}
        >
          {muted ? 'Unmute' : 'Mute'}
        </Button>
        <Button
          variant="secondary"
          aria-pressed={cameraOff}
          disabled={!stream}
          onClick={() => toggle('video', cameraOff, setCameraOff)}
        >
          {cameraOff ? 'Camera on' : 'Camera off'}
        </Button>
        <Button variant="secondary" onClick={attempt(room.swapRoles)}>
          Swap roles
        </Button>
        <Button variant="danger" onClick={attempt(room.endInterview)}>
          End interview
        </Button>
      </footer>
    </div>
  );
}

export default function RoomPage() {
  const { interviewId } = useParams();
  const [ready, setReady] = useState(null);
  const stream = ready?.stream;

  // The room owns the stream from the device check: stop it on leaving.
  useEffect(
    () => () => stream?.getTracks().forEach((track) => track.stop()),
    [stream],
  );

  if (!ready) return <DeviceCheck onReady={(stream) => setReady({ stream })} />;
  return <Room interviewId={interviewId} stream={ready.stream} />;
}
