import { useEffect, useRef, useState } from 'react';
import { decodeQr } from '../lib/qr-decode.ts';

function cameraError(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'NotAllowedError')
    return 'Camera access was refused. Allow it in the browser, or paste the link.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No camera was found. Paste the link instead.';
  if (!window.isSecureContext) return 'The camera needs a secure (https) page.';
  return 'The camera cannot be used here. Paste the link instead.';
}

/**
 * Scans a QR code with the camera (getUserMedia + jsQR); the camera stops as soon as a code is read or the scanner
 * is closed.
 * @param props - what to do with the decoded text, and how to close.
 */
export function QrScanner({ onResult, onClose }: { onResult: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>();
  const done = useRef(onResult);
  done.current = onResult;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const stop = () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((t) => t.stop());
    };
    const tick = async () => {
      const v = video.current;
      if (stopped || !v || !context) return;
      if (v.readyState >= v.HAVE_ENOUGH_DATA && v.videoWidth > 0) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        context.drawImage(v, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const text = await decodeQr(image.data, image.width, image.height);
        if (text && !stopped) {
          stop();
          done.current(text);
          return;
        }
      }
      if (!stopped) frame = requestAnimationFrame(() => void tick());
    };
    if (!navigator.mediaDevices?.getUserMedia) {
      setError(cameraError(new Error('no mediaDevices')));
      return stop;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        if (stopped) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play().catch(() => undefined);
        }
        frame = requestAnimationFrame(() => void tick());
      })
      .catch((e: unknown) => setError(cameraError(e)));
    return stop;
  }, []);

  return (
    <div className="scanner">
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <video
          ref={video}
          className="scanner-video"
          muted
          playsInline
          aria-label="Camera view for scanning a QR code"
        />
      )}
      <button type="button" className="secondary" onClick={onClose}>
        Stop scanning
      </button>
    </div>
  );
}
