import { useEffect, useState } from 'react';
import { errorMessage } from '../lib/api-error.ts';
import { fetchJson } from '../lib/fetch-json.ts';
import { formOfSchema, type SchemaForm } from '../lib/schema-form.ts';
import type { SchemaNode } from '../lib/json-schema.ts';

/** `/schemas/index.json`: the credential types and where their newest schema is. */
export interface SchemaIndex {
  types: Array<{ type: string; version: number; path: string }>;
  definitions: string;
}

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);
let indexPromise: Promise<SchemaIndex> | undefined;

/**
 * The schema index (fetched once).
 * @returns the index.
 */
export function loadSchemaIndex(): Promise<SchemaIndex> {
  indexPromise ??= fetchJson<SchemaIndex>(browserFetch, '/schemas/index.json').catch((e: unknown) => {
    indexPromise = undefined;
    throw e;
  });
  return indexPromise;
}

/**
 * The form of a credential type, generated from its JSON Schema (fetched from the app server).
 * @param type - the credential type, e.g. `MedicalLicenseCredential`.
 * @returns the form, or the error, while loading neither.
 */
export function useSchemaForm(type: string | undefined): { form?: SchemaForm; error?: string } {
  const [state, setState] = useState<{ form?: SchemaForm; error?: string; type?: string }>({});
  useEffect(() => {
    if (!type) return;
    let cancelled = false;
    (async () => {
      const index = await loadSchemaIndex();
      const entry = index.types.find((t) => t.type === type);
      if (!entry) throw new Error(`no schema for ${type}`);
      const [schema, definitions] = await Promise.all([
        fetchJson<SchemaNode>(browserFetch, entry.path),
        fetchJson<SchemaNode>(browserFetch, index.definitions),
      ]);
      return formOfSchema(schema, definitions);
    })().then(
      (form) => !cancelled && setState({ form, type }),
      (e: unknown) => !cancelled && setState({ error: errorMessage(e), type }),
    );
    return () => {
      cancelled = true;
    };
  }, [type]);
  return state.type === type
    ? { ...(state.form ? { form: state.form } : {}), ...(state.error ? { error: state.error } : {}) }
    : {};
}
