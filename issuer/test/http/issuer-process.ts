// One issuer service in its own process, started the way `npm start` starts it (scripts/start.ts): the configuration
// from the environment (`loadIssuerConfig(process.env, chain)`), then `startIssuerService` with the console logger.
// Usage: node --import tsx issuer/test/http/issuer-process.ts <chain.json>
// Prints one line `ISSUER_READY {"url":…,"instanceId":…}` once it listens; SIGTERM closes it.
import { readFileSync } from 'node:fs';
import type { ChainConfig } from '@medtrust/core';
import { createConsoleLogger, loadIssuerConfig, startIssuerService } from '../../src/index.ts';

/** The line the process prints once it listens, before its JSON (the test reads the same prefix). */
const READY_PREFIX = 'ISSUER_READY ';

const chainFile = process.argv[2];
if (chainFile === undefined) {
  console.error('usage: issuer-process.ts <chain.json>');
  process.exit(2);
}
const chain = JSON.parse(readFileSync(chainFile, 'utf8')) as ChainConfig;
const issuer = await startIssuerService({
  config: loadIssuerConfig(process.env, chain),
  logger: createConsoleLogger('issuer'),
});
process.stdout.write(
  `${READY_PREFIX}${JSON.stringify({ url: issuer.url, instanceId: issuer.instanceId })}\n`,
);
process.once('SIGTERM', () => {
  void issuer.close().then(() => process.exit(0));
});
