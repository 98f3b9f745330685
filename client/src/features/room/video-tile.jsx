import { useEffect, useRef } from 'react';

export function VideoTile({ stream, label, muted = false, children }) {
  const video = useRef(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = stream ?? null;
  }, [stream]);
  return (
    <figure className="relative overflow-hidden rounded-lg bg-slate-900">
      <video
        ref={video}
        autoPlay
        playsInline
        muted={muted}
        aria-label={label}
        className="aspect-video w-full object-cover"
      />
      <figcaption className="absolute bottom-2 left-2 rounded bg-black/60 px-2 py-0.5 text-xs text-white">
        {label}
      </figcaption>
      {children}
    </figure>
  );
}
