import { useState } from 'react';

/**
 * A "Show as QR code" button that draws `value` as a QR code on demand (the `qrcode` module is loaded on first use,
 * so it stays out of the first load) and hides it again.
 * @param props - the text to encode and the image's text alternative.
 */
export function QrToggle({ value, alt }: { value: string; alt: string }) {
  const [qr, setQr] = useState<{ value: string; dataUrl: string }>();
  const [shown, setShown] = useState(false);
  const toggle = async () => {
    if (!shown && qr?.value !== value) {
      const QRCode = (await import('qrcode')).default;
      const dataUrl = await QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
      setQr({ value, dataUrl });
    }
    setShown((s) => !s);
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void toggle()} aria-expanded={shown}>
        {shown ? 'Hide QR code' : 'Show as QR code'}
      </button>
      {shown && qr && <img className="qr" src={qr.dataUrl} alt={alt} width={240} height={240} />}
    </>
  );
}
