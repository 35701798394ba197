// A batch-issuance process for the crash test: opens the database, builds the issuer agent over the key records kept
// in that database (so it signs with the organisation's key, like the service would), and runs one batch to the end.
// Usage: node --import tsx issuer/test/issuance/batch-worker.ts <config.json>
// The config file: { location, batchId, chain, sealingSecret, did, chunkSize? } (see WorkerConfig).
import { readFileSync } from 'node:fs';
import type { ChainConfig } from '@medtrust/core';
import { createSchemaValidator } from '@medtrust/schemas';
import { openDatabase, type OpenDatabaseOptions } from '../../src/store/index.ts';
import { closeIssuerAgent, createCredentialSigner, createIssuerAgent } from '../../src/keys/index.ts';
import { organisationIdentityFromStore, runBatch, sqlIssuerKeyRecords } from '../../src/issuance/index.ts';

/** What the test hands the worker. */
export interface WorkerConfig {
  location: OpenDatabaseOptions;
  batchId: string;
  chain: ChainConfig;
  sealingSecret: string;
  did: string;
  chunkSize?: number;
}

const configFile = process.argv[2];
if (configFile === undefined) {
  console.error('usage: batch-worker.ts <config.json>');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configFile, 'utf8')) as WorkerConfig;
const db = await openDatabase(config.location);
const agent = createIssuerAgent({
  chain: config.chain,
  sealingSecret: config.sealingSecret,
  records: sqlIssuerKeyRecords(db),
});
try {
  const signer = await createCredentialSigner(agent, { did: config.did });
  const progress = await runBatch(
    {
      db,
      signerFor: async () => signer,
      organisationFor: organisationIdentityFromStore(db),
      validator: createSchemaValidator(),
      clock: () => new Date(),
      chain: { chainId: config.chain.chainId, statusRegistry: config.chain.statusRegistry },
    },
    config.batchId,
    {
      ...(config.chunkSize === undefined ? {} : { chunkSize: config.chunkSize }),
      actor: 'test:batch-worker',
    },
  );
  process.stdout.write(`${JSON.stringify(progress)}\n`);
} finally {
  closeIssuerAgent(agent);
  await db.close();
}
