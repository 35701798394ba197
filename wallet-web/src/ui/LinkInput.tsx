import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { decodeQrFile } from '../lib/qr-decode.ts';
import { Loading } from './Loading.tsx';
import { TextField } from './TextField.tsx';

const QrScanner = lazy(() => import('./QrScanner.tsx').then((m) => ({ default: m.QrScanner })));

/** Props of {@link LinkInput}. */
export interface LinkInputProps {
  /** Label of the text field, e.g. `Credential offer link`. */
  label: string;
  hint?: string;
  placeholder?: string;
  submitLabel: string;
  busy?: boolean;
  onSubmit: (link: string) => void;
}

/**
 * A link entered three ways: pasted, scanned with the camera, or read from a picture of a QR code.
 * @param props - labels, busy state and what to do with the link.
 */
export function LinkInput({ label, hint, placeholder, submitLabel, busy, onSubmit }: LinkInputProps) {
  const [link, setLink] = useState('');
  const [scanning, setScanning] = useState(false);
  const [imageError, setImageError] = useState<string>();
  const fileId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (link.trim()) onSubmit(link.trim());
  };
  const scanned = (text: string) => {
    setScanning(false);
    setLink(text);
    onSubmit(text);
  };
  const readImage = async (file: File | undefined) => {
    setImageError(undefined);
    if (!file) return;
    try {
      const text = await decodeQrFile(file);
      if (text) scanned(text);
      else setImageError('No QR code was found in that picture.');
    } catch {
      setImageError('That file could not be read as a picture.');
    }
  };

  return (
    <form className="link-input" onSubmit={submit}>
      <TextField
        label={label}
        value={link}
        onValueChange={setLink}
        multiline
        rows={2}
        autoComplete="off"
        spellCheck={false}
        {...(hint ? { hint } : {})}
        {...(placeholder ? { placeholder } : {})}
      />
      <div className="actions">
        <button type="submit" disabled={busy || link.trim() === ''}>
          {submitLabel}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => setScanning((s) => !s)}
          aria-expanded={scanning}
        >
          Scan QR code
        </button>
        <input
          id={fileId}
          className="visually-hidden file-input"
          type="file"
          accept="image/*"
          onChange={(e) => {
            void readImage(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <label className="button secondary file-button" htmlFor={fileId}>
          QR code from a picture
        </label>
      </div>
      {imageError && (
        <p className="field-error" role="alert">
          {imageError}
        </p>
      )}
      {scanning && (
        <Suspense fallback={<Loading label="Starting the camera" />}>
          <QrScanner onResult={scanned} onClose={() => setScanning(false)} />
        </Suspense>
      )}
    </form>
  );
}
