import { join } from 'node:path';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { VerifierStoreConfig } from './verifier-stores.ts';

/**
 * Where the verifier keeps nonces and presentation requests, from the environment: `DATABASE_URL` (PostgreSQL,
 * shared by every verifier instance; its tables are `verifier_*`), `VERIFIER_DATABASE_SCHEMA` (PostgreSQL schema,
 * created if missing), else the SQLite file `VERIFIER_DB` (default `<DATA_DIR>/verifier.sqlite`; `:memory:`
 * allowed); `VERIFIER_PURGE_SECONDS` (300): how often expired rows are deleted.
 * @param env - the environment (read by `loadVerifierConfig` only).
 * @param cwd - the folder `./data` is relative to.
 * @returns the settings.
 * @throws MedtrustError `CONFIGURATION_INVALID` for a malformed setting.
 */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv, cwd: string): VerifierStoreConfig {
  const purge = env.VERIFIER_PURGE_SECONDS;
  const purgeIntervalSeconds = purge === undefined || purge === '' ? 300 : Number(purge);
  if (!Number.isInteger(purgeIntervalSeconds) || purgeIntervalSeconds < 1 || purgeIntervalSeconds > 86_400) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      'VERIFIER_PURGE_SECONDS must be an integer from 1 to 86400',
    );
  }
  const schema = env.VERIFIER_DATABASE_SCHEMA || undefined;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      'VERIFIER_DATABASE_SCHEMA must be 1-63 lower-case letters, digits or "_", not starting with a digit',
    );
  }
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(schema === undefined ? {} : { databaseSchema: schema }),
    sqlitePath: env.VERIFIER_DB || join(env.DATA_DIR || join(cwd, 'data'), 'verifier.sqlite'),
    purgeIntervalSeconds,
  };
}
