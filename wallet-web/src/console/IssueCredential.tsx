import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../lib/api-error.ts';
import { credentialTitle } from '../lib/credential-view.ts';
import { problemsByField, subjectOfValues, validateSubject, type FormValues } from '../lib/schema-form.ts';
import { Alert } from '../ui/Alert.tsx';
import { CopyField } from '../ui/CopyField.tsx';
import { Loading } from '../ui/Loading.tsx';
import { TextField } from '../ui/TextField.tsx';
import { TYPE_ROUTES, type IssuerClient } from './issuer-client.ts';
import { OfferPanel } from './OfferPanel.tsx';
import { SchemaFields } from './SchemaFields.tsx';
import { loadSchemaIndex, useSchemaForm } from './use-schema-form.ts';

/**
 * Issues one credential with a form generated from its type's JSON Schema: errors are shown per field, from the
 * browser's check first and from the issuer's `SCHEMA_INVALID` pointer otherwise; then offers it to the holder.
 * @param props - the issuer client.
 */
export function IssueCredential({ client }: { client: IssuerClient }) {
  const typeId = useId();
  const [types, setTypes] = useState<string[]>(Object.keys(TYPE_ROUTES));
  const [type, setType] = useState('MedicalLicenseCredential');
  const { form, error: schemaError } = useSchemaForm(type);
  const [values, setValues] = useState<FormValues>({});
  const [expiration, setExpiration] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [issued, setIssued] = useState<{ id: string; type: string }>();
  const issuedPanel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (issued) issuedPanel.current?.focus();
  }, [issued]);

  useEffect(() => {
    loadSchemaIndex().then(
      (index) => setTypes(index.types.map((t) => t.type).filter((t) => TYPE_ROUTES[t])),
      () => undefined,
    );
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    setError(undefined);
    const subject = subjectOfValues(form, values);
    const found = validateSubject(form, subject);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setError('Some fields need attention.');
      return;
    }
    setBusy(true);
    try {
      const expirationDate = expiration
        ? new Date(expiration).toISOString().replace(/\.\d{3}Z$/, 'Z')
        : undefined;
      const result = await client.issue(type, subject, expirationDate);
      setIssued({ id: result.id, type });
      setValues({});
      setExpiration('');
    } catch (e) {
      if (e instanceof ApiError && e.pointer !== undefined) {
        const message = e.detail.replace(/^credential \S+ /, '').replace(/^./, (c) => c.toUpperCase());
        const byField = problemsByField([{ pointer: e.pointer, message }]);
        setErrors(byField);
        setError(byField[''] ? `The issuer refused it: ${message}` : 'The issuer refused some fields.');
      } else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <form className="panel" onSubmit={submit} noValidate aria-labelledby="issue-title">
        <h2 id="issue-title">Issue a credential</h2>
        <div className="field">
          <label htmlFor={typeId}>Credential type</label>
          <select
            id={typeId}
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              setValues({});
              setErrors({});
              setIssued(undefined);
            }}
          >
            {types.map((t) => (
              <option key={t} value={t}>
                {credentialTitle(t)}
              </option>
            ))}
          </select>
          {form?.description && <p className="hint">{form.description}</p>}
        </div>
        {schemaError && <Alert tone="error">{schemaError}</Alert>}
        {!form && !schemaError && <Loading label="Loading the form" />}
        {form && (
          <>
            <SchemaFields
              form={form}
              values={values}
              errors={errors}
              onChange={(name, value) => {
                setValues((v) => ({ ...v, [name]: value }));
                setErrors(({ [name]: _gone, ...rest }) => rest);
              }}
            />
            <TextField
              label="Credential expires"
              optional
              type="datetime-local"
              value={expiration}
              onValueChange={setExpiration}
            />
            <div className="actions">
              <button type="submit" disabled={busy}>
                Issue credential
              </button>
            </div>
          </>
        )}
        {busy && <Loading label="Issuing (validate, allocate status slot, sign)" />}
        {error && <Alert tone="error">{error}</Alert>}
      </form>
      {issued && (
        <div className="panel" ref={issuedPanel} tabIndex={-1}>
          <Alert tone="success" title={`${credentialTitle(issued.type)} issued`} />
          <CopyField label="Credential id" value={issued.id} />
          <OfferPanel client={client} credentialId={issued.id} />
        </div>
      )}
    </div>
  );
}
