import { useState } from 'react';
import { CopyField } from '../ui/CopyField.tsx';

/**
 * The holder's DID, to give to an issuer (copy, or show as a QR code to scan).
 * @param props - the DID.
 */
export function DidPanel({ did }: { did: string }) {
  const [qr, setQr] = useState<string>();
  const [showQr, setShowQr] = useState(false);
  const toggle = async () => {
    if (!showQr && !qr) {
      const QRCode = (await import('qrcode')).default;
      setQr(await QRCode.toDataURL(did, { errorCorrectionLevel: 'M', margin: 2, width: 240 }));
    }
    setShowQr((s) => !s);
  };
  return (
    <div className="panel">
      <h2>Your identifier</h2>
      <p>
        Give this DID to an issuer (your medical board, your hospital) so they can issue credentials to you.
      </p>
      <CopyField label="Your DID" value={did} />
      <button type="button" className="secondary" onClick={() => void toggle()} aria-expanded={showQr}>
        {showQr ? 'Hide QR code' : 'Show as QR code'}
      </button>
      {showQr && qr && <img className="qr" src={qr} alt="QR code of your DID" width={240} height={240} />}
    </div>
  );
}
