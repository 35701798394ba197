import type { ServerResponse } from 'node:http';
import {
  COMMON_DEFINITIONS_DOCUMENT,
  CREDENTIAL_SCHEMA_DOCUMENTS,
  SCHEMA_BASE_URL,
  SCHEMA_REGISTRY,
} from '@medtrust/schemas';

/** Path prefix the JSON Schemas are served under (mirrors their `$id`s under {@link SCHEMA_BASE_URL}). */
export const SCHEMAS_PATH = '/schemas';

/** `/schemas/index.json`: every credential type with its newest schema's path. */
function schemaIndex() {
  const newest = new Map<string, { type: string; version: number; path: string }>();
  for (const entry of SCHEMA_REGISTRY) {
    const current = newest.get(entry.type);
    if (!current || entry.version > current.version) {
      newest.set(entry.type, {
        type: entry.type,
        version: entry.version,
        path: `${SCHEMAS_PATH}${entry.id.slice(SCHEMA_BASE_URL.length)}`,
      });
    }
  }
  return { types: [...newest.values()], definitions: `${SCHEMAS_PATH}/common/v1/definitions.json` };
}

/**
 * Answers `GET /schemas/...`: the credential JSON Schemas at the path of their `$id`
 * (`/schemas/MedicalLicenseCredential/v1/schema.json`), the shared definitions, and `/schemas/index.json`.
 * @param pathname - the request path (starts with {@link SCHEMAS_PATH}).
 * @param res - the response.
 */
export function serveSchema(pathname: string, res: ServerResponse): void {
  const rest = pathname.slice(SCHEMAS_PATH.length);
  const document =
    rest === '/index.json'
      ? schemaIndex()
      : `${SCHEMA_BASE_URL}${rest}` === COMMON_DEFINITIONS_DOCUMENT.$id
        ? COMMON_DEFINITIONS_DOCUMENT
        : CREDENTIAL_SCHEMA_DOCUMENTS[`${SCHEMA_BASE_URL}${rest}`];
  if (document === undefined) {
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ code: 'NOT_FOUND', detail: 'no such schema' }));
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/schema+json; charset=utf-8',
    'cache-control': 'no-cache',
  });
  res.end(JSON.stringify(document));
}
