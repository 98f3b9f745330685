import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/button';

/** A 0–100 loudness reading of the stream's microphone. */
function useMicLevel(stream) {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const AudioCtx = window.AudioContext ?? window.webkitAudioContext;
    if (!stream?.getAudioTracks().length || !AudioCtx) return undefined;
    const context = new AudioCtx();
    const analyser = context.createAnalyser();
    analyser.fftSize = 256;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.frequencyBinCount);
    let frame;
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const s of samples) peak = Math.max(peak, Math.abs(s - 128));
      setLevel(Math.min(100, Math.round((peak / 128) * 100)));
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      context.close();
    };
  }, [stream]);
  return level;
}

/**
 * Ask for camera and microphone and show them. The stream handed to
 * `onReady` belongs to the caller from then on; a stream never handed over
 * is stopped when the check goes away.
 */
export function DeviceCheck({ onReady }) {
  const [stream, setStream] = useState(null);
  const [error, setError] = useState(null);
  const video = useRef(null);
  const handedOver = useRef(null);
  const level = useMicLevel(stream);

  useEffect(() => {
    let cancelled = false;
    let acquired = null;
    navigator.mediaDevices
      ?.getUserMedia({ audio: true, video: true })
      .then((media) => {
        acquired = media;
        if (cancelled) media.getTracks().forEach((t) => t.stop());
        else setStream(media);
      })
      .catch((err) => !cancelled && setError(err));
    if (!navigator.mediaDevices) {
      queueMicrotask(() => setError(new Error('No media devices here.')));
    }
    return () => {
      cancelled = true;
      if (acquired && acquired !== handedOver.current) {
        acquired.getTracks().forEach((t) => t.stop());
      }
    };
  }, []);

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
  }, [stream]);

  return (
    <section className="mx-auto flex max-w-lg flex-col gap-4 p-4">
      <h1 className="text-2xl font-semibold">Check your camera and mic</h1>
      <video
        ref={video}
        autoPlay
        muted
        playsInline
        aria-label="Camera preview"
        className="aspect-video w-full rounded-lg bg-slate-900"
      />
      <div className="flex items-center gap-2 text-sm">
        <span>Mic</span>
        <div
          role="meter"
          aria-label="Microphone level"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={level}
          className="h-2 flex-1 overflow-hidden rounded bg-slate-200"
        >
          <div
            className="h-full bg-emerald-500 transition-[width]"
            style={{ width: `${level}%` }}
          />
        </div>
      </div>
      {error && (
        <p role="alert" className="text-sm text-amber-700">
          No camera or microphone ({error.message}). You can still join and
          chat.
        </p>
      )}
      <Button
        disabled={!stream && !error}
        onClick={() => {
          handedOver.current = stream;
          onReady(stream);
        }}
      >
        Join room
      </Button>
    </section>
  );
}
