import { useId, useRef, useState, type FormEvent } from 'react';
import { checkBatchInput, isValidInput } from '../lib/directory-input.ts';
import { batchPath } from '../lib/directory-location.ts';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { DirectoryApi } from './directory-api.ts';
import { LookupFailureAlert } from './LookupFailureAlert.tsx';
import { goToDirectoryPath } from './use-directory-location.ts';

/**
 * Looks a drug batch up by the GTIN and lot printed on the pack, then opens its page.
 * @param props - the directory client.
 */
export function BatchLookup({ api }: { api: DirectoryApi }) {
  const titleId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [gtin, setGtin] = useState('');
  const [lot, setLot] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'gtin' | 'lot', string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown }>();

  const lookUp = async () => {
    const checked = checkBatchInput({ gtin, lot });
    setErrors(checked.errors);
    setFailure(undefined);
    if (!isValidInput(checked)) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setGtin(checked.value.gtin);
    setLot(checked.value.lot);
    setBusy(true);
    try {
      const page = await api.lookupBatch(checked.value.gtin, checked.value.lot);
      goToDirectoryPath(batchPath(page.batchId));
    } catch (error) {
      setFailure({ error });
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void lookUp();
  };

  return (
    <form ref={formRef} className="panel batch-lookup" aria-labelledby={titleId} onSubmit={submit} noValidate>
      <h2 id={titleId}>Check a drug batch</h2>
      <p className="hint">
        Both numbers are printed on the pack, next to the barcode: the GTIN (01) and the lot or batch (10).
      </p>
      <div className="field-pair">
        <TextField
          label="GTIN"
          value={gtin}
          onValueChange={setGtin}
          inputMode="numeric"
          autoComplete="off"
          maxLength={18}
          error={errors.gtin}
        />
        <TextField
          label="Lot"
          value={lot}
          onValueChange={setLot}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={24}
          error={errors.lot}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Look up batch
        </button>
      </div>
      {busy && <Loading label="Looking the batch up" />}
      {failure && <LookupFailureAlert error={failure.error} subject="batch" onRetry={() => void lookUp()} />}
    </form>
  );
}
