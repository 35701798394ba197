#!/usr/bin/env node
/**
 * `medtrust-issuer`: command-line tool for issuer staff. Talks to the issuer API with the organisation's API key.
 *
 *   medtrust-issuer issue-batch <file.csv|file.jsonl> --type MedicalLicenseCredential
 *   medtrust-issuer revoke <credentialId> --reason "licence withdrawn by the board"
 *   medtrust-issuer suspend|reinstate <credentialId> --reason "…"
 *   medtrust-issuer export [--type T] [--out file.jsonl]
 *
 * Settings: --url or MEDTRUST_ISSUER_URL (default http://127.0.0.1:4100); --api-key-file or MEDTRUST_API_KEY.
 * Exit codes: 0 done, 1 the API refused or failed (its code is printed), 2 usage error.
 */
import { readFileSync, createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { IssuerApiError, IssuerClient } from './issuer-client.ts';
import { renderProgressBar } from './progress-bar.ts';

const USAGE = `usage:
  medtrust-issuer issue-batch <file.csv|file.jsonl> --type <CredentialType>
  medtrust-issuer revoke|suspend|reinstate <credentialId> --reason <text>
  medtrust-issuer export [--type <CredentialType>] [--out <file.jsonl>]
options: --url <issuer url>  --api-key-file <file>   (or MEDTRUST_ISSUER_URL, MEDTRUST_API_KEY)`;

interface BatchView {
  id: string;
  total: number;
  processed: number;
  failed: number;
  state: string;
}

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

async function issueBatch(client: IssuerClient, file: string, type: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const contentType = file.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
  const started = await client.request<{ batchId: string; total: number }>(
    'POST',
    `/batches?type=${encodeURIComponent(type)}`,
    {
      text,
      contentType,
    },
  );
  console.error(`batch ${started.batchId}: ${started.total} credentials`);
  const interactive = process.stderr.isTTY;
  for (;;) {
    const batch = await client.request<BatchView>('GET', `/batches/${started.batchId}`);
    const line = renderProgressBar(batch.processed, batch.total, batch.failed);
    if (interactive) process.stderr.write(`\r${line}`);
    else console.error(line);
    if (batch.state !== 'running' && batch.state !== 'pending') {
      if (interactive) process.stderr.write('\n');
      console.log(
        JSON.stringify({ batchId: batch.id, state: batch.state, total: batch.total, failed: batch.failed }),
      );
      if (batch.failed > 0) process.exitCode = 1;
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function exportCredentials(
  client: IssuerClient,
  type: string | undefined,
  out: string | undefined,
): Promise<void> {
  const stream = out ? createWriteStream(out) : process.stdout;
  let cursor: string | undefined;
  let count = 0;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (type) query.set('type', type);
    if (cursor) query.set('cursor', cursor);
    const page = await client.request<{ items: unknown[]; nextCursor?: string | null }>(
      'GET',
      `/credentials?${query}`,
    );
    for (const item of page.items) stream.write(JSON.stringify(item) + '\n');
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (out) {
    await new Promise<void>((resolve) => (stream as NodeJS.WritableStream).end(resolve));
  }
  console.error(`exported ${count} credentials`);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key-file': { type: 'string' },
        type: { type: 'string' },
        reason: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) usage();
  const apiKey = values['api-key-file']
    ? readFileSync(values['api-key-file'], 'utf8').trim()
    : process.env.MEDTRUST_API_KEY;
  if (!apiKey) usage('an API key is required: --api-key-file or MEDTRUST_API_KEY');
  const client = new IssuerClient(
    values.url ?? process.env.MEDTRUST_ISSUER_URL ?? 'http://127.0.0.1:4100',
    apiKey,
  );
  const [command, argument] = positionals;
  switch (command) {
    case 'issue-batch':
      if (!argument || !values.type) usage('issue-batch needs a file and --type');
      return issueBatch(client, argument, values.type);
    case 'revoke':
    case 'suspend':
    case 'reinstate': {
      if (!argument) usage(`${command} needs a credential id`);
      if (command === 'revoke' && !values.reason) usage('revoke needs --reason');
      const receipt = await client.request(
        'POST',
        `/credentials/${encodeURIComponent(argument)}/${command}`,
        {
          json: { reason: values.reason ?? '' },
        },
      );
      console.log(JSON.stringify(receipt));
      return;
    }
    case 'export':
      return exportCredentials(client, values.type, values.out);
    default:
      usage(`unknown command ${command}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof IssuerApiError) console.error(`${error.code}: ${error.detail}`);
  else console.error(`ERROR: ${(error as Error).message}`);
  process.exit(1);
});
