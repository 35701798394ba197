import { CopyField } from '../ui/CopyField.tsx';
import { QrToggle } from '../ui/QrToggle.tsx';

/**
 * The holder's DID, to give to an issuer (copy, or show as a QR code to scan).
 * @param props - the DID.
 */
export function DidPanel({ did }: { did: string }) {
  return (
    <div className="panel">
      <h2>Your identifier</h2>
      <p>
        Give this DID to an issuer (your medical board, your hospital) so they can issue credentials to you.
      </p>
      <CopyField label="Your DID" value={did} />
      <QrToggle value={did} alt="QR code of your DID" />
    </div>
  );
}
