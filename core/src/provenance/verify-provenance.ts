/**
 * Drug provenance: rebuilds the custody chain of a batch from the manufacturer to the presenting party and checks
 * every link — signatures and status through the pipeline, linkage, each sender's accreditation at its transfer
 * date, quantities, expiry and recall.
 * @see ../../../docs/error-codes.md#drug-provenance-verifyprovenance-coresrcprovenance
 */
import { ErrorCodes } from '../errors/codes.ts';
import { sameDid } from '../verification/did-syntax.ts';
import type { CredentialReport } from '../verification/verification-report.ts';
import { checkBatchExpiry } from './batch-expiry.ts';
import { credentialJwtHash, sameCredentialHash } from './credential-jwt-hash.ts';
import type { CredentialVerifier } from './credential-verifier.ts';
import { rebuildCustodyChain, transferRecordOf, type TransferRecord } from './custody-chain.ts';
import { DomainCheckList, type DomainCheckResult } from './domain-check.ts';
import { pipelineOutcome, type CheckOutcome } from './pipeline-outcome.ts';
import { verifyPresented, type PresentedCredential } from './presented-credentials.ts';
import {
  validateProvenanceOptions,
  type ProvenanceInput,
  type ProvenanceOptions,
} from './provenance-input.ts';
import {
  BATCH_ACCREDITATION_TYPE,
  MANUFACTURER_ROLE,
  TRANSFER_ACCREDITATION_TYPE,
} from './provenance-policy.ts';
import {
  PROVENANCE_CHECK_NAMES,
  PROVENANCE_LINK_CHECK_NAMES,
  type ProvenanceBatch,
  type ProvenanceLink,
  type ProvenanceLinkCheckName,
  type ProvenanceReport,
} from './provenance-report.ts';
import { buildQuantityLedger, type QuantityLedger } from './quantity-ledger.ts';
import { AsOfVerifier } from './standing-credential.ts';
import { statusOutcome } from './status-outcome.ts';
import { checkSupplierAccreditation, type SupplierAccreditationContext } from './supplier-accreditation.ts';
import { isCallerError, readClock } from './verification-guards.ts';

type Claims = Readonly<Record<string, unknown>>;

/** A transfer may be dated at most this far after the clock (clock differences between parties). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): readonly unknown[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}

/**
 * Verifies the provenance of a drug batch delivered to the presenting party.
 *
 * The chain is rebuilt from the transfer that reaches the presenter back through each `previousTransfer` to the
 * manufacturer's first hand-off; every link reports its own checks (see {@link PROVENANCE_LINK_CHECK_NAMES}) and the
 * report aggregates them (see {@link PROVENANCE_CHECK_NAMES}). Every credential is verified by the pipeline —
 * batch and transfers now (a recall shows as soon as the pipeline's status source sees the block), accreditation
 * credentials as of the date each was needed.
 *
 * Receipt is acknowledged by signatures of the receivers: each intermediate receiver signs the next transfer, and
 * the final one signs the presentation (`acknowledgedBy` of each link).
 * @param verifier - the verification pipeline (`Verifier`).
 * @param input - the batch, transfers, accreditations, presentation, presenter and known transfers (untrusted).
 * @param options - the trust registry, clock, accreditation lookup, challenge / domain, type keys.
 * @returns the report; never thrown for invalid input, and not verified unless every check passed (fail closed).
 * @throws MedtrustError `INVALID_ARGUMENT` for malformed options; `CONFIGURATION_INVALID` when a clock fails.
 * @see https://www.w3.org/TR/vc-data-model/#verification
 */
export async function verifyProvenance(
  verifier: CredentialVerifier,
  input: ProvenanceInput,
  options: ProvenanceOptions,
): Promise<ProvenanceReport> {
  const opts = validateProvenanceOptions(options);
  const now = readClock(opts.clock, 'verifyProvenance');
  try {
    return await evaluate(verifier, input, opts, now);
  } catch (error) {
    if (isCallerError(error)) throw error;
    const list = new DomainCheckList(PROVENANCE_CHECK_NAMES);
    list.error(
      'chain',
      ErrorCodes.INTERNAL,
      `provenance verification failed unexpectedly: ${message(error)}`,
    );
    const { checks } = list.finish('not evaluated: verification failed unexpectedly');
    return { verified: false, checks, links: [], credentials: [] };
  }
}

async function evaluate(
  verifier: CredentialVerifier,
  input: unknown,
  opts: ProvenanceOptions,
  now: Date,
): Promise<ProvenanceReport> {
  const list = new DomainCheckList(PROVENANCE_CHECK_NAMES);
  const credentials: CredentialReport[] = [];
  if (!isObject(input)) {
    list.fail('batch-credential', ErrorCodes.FORMAT_INVALID, 'the provenance input must be an object');
    const { checks } = list.finish('not evaluated: the input is malformed');
    return { verified: false, checks, links: [], credentials };
  }
  const asOf = new AsOfVerifier(verifier);

  // 1. The presentation, when the credentials came in one: its holder is the presenter.
  let holder: string | undefined;
  let presented: PresentedCredential[] = [];
  if (input.presentation !== undefined) {
    const result = await verifyPresented(verifier, input.presentation, {
      ...(opts.challenge === undefined ? {} : { challenge: opts.challenge }),
      ...(opts.domain === undefined ? {} : { domain: opts.domain }),
      ...(opts.requireChallenge === undefined ? {} : { requireChallenge: opts.requireChallenge }),
    });
    list.record('presentation', result.outcome);
    holder = result.holder;
    presented = result.credentials;
  } else {
    list.notApplicable('presentation', 'the credentials were not given in a presentation');
  }
  const chainProblems: string[] = [];
  let presenter = holder;
  if (input.presenter !== undefined) {
    if (typeof input.presenter !== 'string' || !input.presenter.startsWith('did:')) {
      chainProblems.push('presenter must be a DID');
    } else if (holder !== undefined && !sameDid(holder, input.presenter)) {
      list.fail(
        'presentation',
        ErrorCodes.HOLDER_MISMATCH,
        `presented by ${holder}, not by ${input.presenter}`,
      );
    } else {
      presenter ??= input.presenter;
    }
  }
  const ofType = (type: string) => presented.filter((p) => p.types.includes(type));

  // 2. The batch.
  let batchReport: CredentialReport | undefined;
  if (input.batch !== undefined) batchReport = (await verifier.verifyCredential(input.batch)).credentials[0];
  const batchJwts = new Set(
    [batchReport?.credential?.jwt, ...ofType('DrugBatchCredential').map((p) => p.jwt)].filter(
      (j): j is string => j !== undefined,
    ),
  );
  batchReport ??= ofType('DrugBatchCredential')[0]?.report;
  if (batchReport !== undefined) credentials.push(batchReport);
  const summary = batchReport?.credential;
  const isBatch = summary?.type.includes('DrugBatchCredential') === true;
  const claims: Claims = isBatch ? summary!.credentialSubject : {};
  let batch: ProvenanceBatch | undefined;
  if (batchReport === undefined) {
    list.fail(
      'batch-credential',
      ErrorCodes.PROVENANCE_GAP,
      'no DrugBatchCredential was given: the chain has no origin',
    );
  } else if (batchJwts.size > 1) {
    list.fail(
      'batch-credential',
      ErrorCodes.PROVENANCE_GAP,
      `${batchJwts.size} different batch credentials were given`,
    );
  } else if (summary !== undefined && !isBatch) {
    list.fail(
      'batch-credential',
      ErrorCodes.FORMAT_INVALID,
      'the batch credential is not a DrugBatchCredential',
    );
  } else {
    list.record('batch-credential', pipelineOutcome(batchReport, ['status'], 'the batch credential'));
  }
  if (isBatch) {
    batch = batchOf(summary!.jwt, summary!.issuer, summary!.id, claims, summary!.status);
    list.record(
      'batch-recall',
      statusOutcome(batchReport, ErrorCodes.BATCH_RECALLED, 'the batch credential'),
    );
    list.record('batch-expiry', checkBatchExpiry(claims.expiryDate, now));
  } else {
    list.notEvaluated('batch-recall', 'not evaluated: no readable batch credential');
  }
  const manufacturer = batch?.manufacturer;
  if (
    batch !== undefined &&
    typeof claims.manufacturer === 'string' &&
    !sameDid(claims.manufacturer, batch.manufacturer)
  ) {
    chainProblems.push(
      `the batch names manufacturer ${claims.manufacturer} but was issued by ${batch.manufacturer}`,
    );
  }

  // 3. The transfers (given loose and presented), and every transfer a directory knows of.
  const transferInputs = listOf(input.transfers);
  const knownInputs = listOf(input.knownTransfers);
  const given = await Promise.all(
    (transferInputs ?? []).map(async (t) => (await verifier.verifyCredential(t)).credentials[0]),
  );
  const transferReports = [
    ...given.filter((r): r is CredentialReport => r !== undefined),
    ...ofType('CustodyTransferCredential').map((p) => p.report),
  ];
  credentials.push(...transferReports);
  const records = uniqueRecords(transferReports);
  const unreadable = transferReports.length - transferReports.filter((r) => transferRecordOf(r)).length;
  const known = await Promise.all(
    (knownInputs ?? []).map(async (t) => (await verifier.verifyCredential(t)).credentials[0]),
  );
  const knownReports = known.filter((r): r is CredentialReport => r !== undefined);
  const knownRecords = uniqueRecords(knownReports);
  credentials.push(...knownReports.filter((r) => !records.some((x) => x.jwt === r.credential?.jwt)));

  const ledger: QuantityLedger | undefined =
    batch !== undefined && batch.quantity !== undefined
      ? buildQuantityLedger([...records, ...knownRecords], {
          id: batch.id,
          hash: batch.hash,
          quantity: batch.quantity,
          manufacturer: batch.manufacturer,
        })
      : undefined;

  // 4. The chain and its links.
  const rebuilt = rebuildCustodyChain(records, presenter, manufacturer);
  chainProblems.push(...rebuilt.gaps);
  if (batch === undefined)
    chainProblems.push('the chain has no verified origin (no readable batch credential)');
  const supplier: SupplierAccreditationContext = {
    verifier: asOf,
    trustRegistry: opts.trustRegistry,
    given: [
      ...(listOf(input.accreditations) ?? []),
      ...ofType('SupplierAccreditationCredential').map((p) => p.jwt),
    ],
    ...(opts.accreditationsOf === undefined ? {} : { lookup: opts.accreditationsOf }),
    looked: new Map(),
    reports: [],
  };
  const transferType = opts.transferAccreditationType ?? TRANSFER_ACCREDITATION_TYPE;
  const batchType = opts.batchAccreditationType ?? BATCH_ACCREDITATION_TYPE;
  const manufacturerAccreditation: Promise<CheckOutcome | undefined> =
    batch !== undefined && summary !== undefined
      ? checkSupplierAccreditation(
          supplier,
          batch.manufacturer,
          new Date(summary.issuanceDate),
          batchType,
          MANUFACTURER_ROLE,
        )
      : Promise.resolve(undefined);
  const [links, manufacturerOutcome] = await Promise.all([
    Promise.all(
      rebuilt.chain.map((record, i) =>
        evaluateLink(record, i, rebuilt.chain, {
          batch,
          manufacturer,
          ledger,
          supplier,
          transferType,
          acknowledgedByPresentation: holder !== undefined,
          now,
        }),
      ),
    ),
    manufacturerAccreditation,
  ]);

  // 5. Aggregates.
  if (
    transferInputs === undefined ||
    knownInputs === undefined ||
    listOf(input.accreditations) === undefined
  ) {
    list.fail(
      'transfer-credentials',
      ErrorCodes.FORMAT_INVALID,
      'transfers, knownTransfers and accreditations must be lists',
    );
  } else if (unreadable > 0) {
    list.fail(
      'transfer-credentials',
      ErrorCodes.FORMAT_INVALID,
      `${unreadable} transfer credential(s) are malformed or of another type`,
    );
  } else if (links.length === 0) {
    list.notApplicable('transfer-credentials', 'no transfers: the manufacturer presents its own batch');
  } else {
    list.record(
      'transfer-credentials',
      aggregate(links, 'credential', `${links.length} transfer credential(s) verified`),
    );
  }
  const gapLinks = links.filter((l) => !passedLink(l, 'chain-link'));
  if (chainProblems.length > 0) {
    list.fail('chain', ErrorCodes.PROVENANCE_GAP, chainProblems.join('; '));
  } else if (gapLinks.length > 0) {
    list.record('chain', aggregate(links, 'chain-link', ''));
  } else {
    const parties = [manufacturer, ...links.map((l) => l.to)].join(' → ');
    list.pass('chain', `${links.length} hand-off(s): ${parties}`);
  }
  list.record(
    'supplier-accreditation',
    combine(
      [
        ...(manufacturerOutcome === undefined
          ? [{ status: 'skipped' as const, detail: 'not evaluated: no batch credential' }]
          : [prefix(manufacturerOutcome, 'batch issuance')]),
        ...links.map((l) => prefix(linkCheck(l, 'supplier-accreditation'), `step ${l.step}`)),
      ],
      'the manufacturer and every sender were accredited when they acted',
    ),
  );
  if (batch === undefined) {
    list.notEvaluated('quantity', 'not evaluated: no batch credential');
  } else if (batch.quantity === undefined) {
    list.fail('quantity', ErrorCodes.QUANTITY_EXCEEDED, 'the batch has no valid quantity');
  } else {
    list.record(
      'quantity',
      links.length === 0
        ? { status: 'passed', detail: `${batch.quantity} unit(s), no transfers` }
        : aggregate(
            links,
            'quantity',
            `quantities consistent (${ledger?.counted ?? 0} transfer(s) counted, ${ledger?.ignored ?? 0} ignored)`,
          ),
    );
  }

  const { checks, verified } = list.finish();
  supplier.reports.forEach((r) => credentials.includes(r) || credentials.push(r));
  const report: ProvenanceReport = {
    verified: verified && links.every((l) => l.verified),
    checks,
    links,
    credentials,
  };
  if (batch !== undefined) report.batch = batch;
  if (presenter !== undefined) report.presenter = presenter;
  if (holder !== undefined) report.holder = holder;
  return report;
}

function uniqueRecords(reports: readonly CredentialReport[]): TransferRecord[] {
  const seen = new Set<string>();
  const out: TransferRecord[] = [];
  for (const report of reports) {
    const record = transferRecordOf(report);
    if (record === undefined || seen.has(record.jwt)) continue;
    seen.add(record.jwt);
    out.push(record);
  }
  return out;
}

function batchOf(
  jwt: string,
  issuer: string,
  credentialId: string | undefined,
  claims: Claims,
  status: ProvenanceBatch['status'],
): ProvenanceBatch {
  const batch: ProvenanceBatch = {
    id: typeof claims.id === 'string' ? claims.id : '',
    manufacturer: issuer,
    hash: credentialJwtHash(jwt),
  };
  if (credentialId !== undefined) batch.credentialId = credentialId;
  for (const name of [
    'product',
    'gtin',
    'lot',
    'expiryDate',
    'unit',
    'manufacturingSite',
    'certificateOfAnalysisHash',
  ] as const) {
    const value = claims[name];
    if (typeof value === 'string') batch[name] = value;
  }
  if (typeof claims.quantity === 'number' && Number.isSafeInteger(claims.quantity) && claims.quantity > 0) {
    batch.quantity = claims.quantity;
  }
  if (status !== undefined) batch.status = { ...status };
  return batch;
}

interface LinkContext {
  batch: ProvenanceBatch | undefined;
  manufacturer: string | undefined;
  ledger: QuantityLedger | undefined;
  supplier: SupplierAccreditationContext;
  transferType: string;
  acknowledgedByPresentation: boolean;
  now: Date;
}

async function evaluateLink(
  record: TransferRecord,
  index: number,
  chain: readonly TransferRecord[],
  ctx: LinkContext,
): Promise<ProvenanceLink> {
  const list = new DomainCheckList(PROVENANCE_LINK_CHECK_NAMES);
  const previous = index > 0 ? chain[index - 1] : undefined;
  const label = `transfer ${record.transferId ?? record.credentialId ?? `#${index + 1}`}`;
  list.record('credential', pipelineOutcome(record.report, [], label));

  const problems: string[] = [];
  const { sender, receiver } = record;
  if (sender === undefined || receiver === undefined) problems.push('no valid sender or receiver');
  if (sender !== undefined && !sameDid(record.issuer, sender)) {
    problems.push(`signed by ${record.issuer}, not by its sender ${sender}`);
  }
  const holderBefore = previous === undefined ? ctx.manufacturer : previous.receiver;
  if (holderBefore === undefined) problems.push('who held the goods before this hand-off is unknown');
  else if (sender !== undefined && !sameDid(sender, holderBefore)) {
    problems.push(`sent by ${sender}, but the goods were with ${holderBefore}`);
  }
  if (sender !== undefined && receiver !== undefined && sameDid(sender, receiver)) {
    problems.push('sender and receiver are the same party');
  }
  const expectedPrevious = previous === undefined ? null : (previous.transferId ?? undefined);
  if (record.previousTransfer !== expectedPrevious) {
    problems.push(
      `previousTransfer is ${JSON.stringify(record.previousTransfer ?? '(missing)')}, expected ${JSON.stringify(expectedPrevious ?? '(unknown)')}`,
    );
  }
  if (ctx.batch !== undefined) {
    if (record.batch !== ctx.batch.id)
      problems.push(`names batch ${record.batch ?? '(none)'}, not ${ctx.batch.id}`);
    if (!sameCredentialHash(record.batchCredentialHash, ctx.batch.hash)) {
      problems.push('batchCredentialHash is not the hash of the batch credential');
    }
  }
  if (record.transferMs === undefined) problems.push('no valid transferDate');
  else if (record.transferMs > ctx.now.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push(`dated ${record.transferDate}, in the future`);
  } else if (previous?.transferMs !== undefined && record.transferMs < previous.transferMs) {
    problems.push(`dated ${record.transferDate}, before the previous hand-off (${previous.transferDate})`);
  }
  if (problems.length > 0)
    list.fail('chain-link', ErrorCodes.PROVENANCE_GAP, `${label}: ${problems.join('; ')}`);
  else list.pass('chain-link');

  if (sender !== undefined && record.transferMs !== undefined) {
    list.record(
      'supplier-accreditation',
      await checkSupplierAccreditation(ctx.supplier, sender, new Date(record.transferMs), ctx.transferType),
    );
  } else {
    list.notEvaluated('supplier-accreditation', 'not evaluated: no valid sender or transferDate');
  }

  const received = previous === undefined ? ctx.batch?.quantity : previous.quantity;
  if (record.quantity === undefined) {
    list.fail('quantity', ErrorCodes.QUANTITY_EXCEEDED, `${label} has no valid quantity`);
  } else if (received === undefined) {
    list.notEvaluated('quantity', 'not evaluated: what the sender received is unknown');
  } else if (record.quantity > received) {
    list.fail(
      'quantity',
      ErrorCodes.QUANTITY_EXCEEDED,
      `${label} hands over ${record.quantity} unit(s), but its sender received ${received}`,
    );
  } else if (
    ctx.ledger !== undefined &&
    sender !== undefined &&
    ctx.ledger.outgoing(sender) > ctx.ledger.incoming(sender)
  ) {
    list.fail(
      'quantity',
      ErrorCodes.QUANTITY_EXCEEDED,
      `${sender} sent out ${ctx.ledger.outgoing(sender)} unit(s) in total but received ${ctx.ledger.incoming(sender)}`,
    );
  } else {
    list.pass('quantity', `${record.quantity} of ${received}`);
  }

  const { checks, verified } = list.finish();
  const link: ProvenanceLink = {
    step: index + 1,
    from: sender ?? '',
    to: receiver ?? '',
    quantity: record.quantity ?? 0,
    transferDate: record.transferDate ?? '',
    acknowledgedBy:
      index < chain.length - 1 ? 'next-transfer' : ctx.acknowledgedByPresentation ? 'presentation' : 'none',
    verified,
    checks,
  };
  if (record.credentialId !== undefined) link.credentialId = record.credentialId;
  if (record.transferId !== undefined) link.transferId = record.transferId;
  return link;
}

function linkCheck(
  link: ProvenanceLink,
  name: ProvenanceLinkCheckName,
): DomainCheckResult<ProvenanceLinkCheckName> {
  return (
    link.checks.find((c) => c.check === name) ?? { check: name, status: 'skipped', detail: 'not evaluated' }
  );
}

function passedLink(link: ProvenanceLink, name: ProvenanceLinkCheckName): boolean {
  return linkCheck(link, name).status === 'passed';
}

function prefix(outcome: CheckOutcome, where: string): CheckOutcome {
  return outcome.detail === undefined ? outcome : { ...outcome, detail: `${where}: ${outcome.detail}` };
}

/** One outcome for many: the first failure, else the first error, else the first not-evaluated, else passed. */
function combine(outcomes: readonly CheckOutcome[], passedDetail: string): CheckOutcome {
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    const first = failed[0]!;
    return failed.length === 1
      ? first
      : { ...first, detail: `${first.detail ?? ''} (+${failed.length - 1} more)` };
  }
  const errored = outcomes.find((o) => o.status === 'error');
  if (errored !== undefined) return errored;
  const skipped = outcomes.find((o) => o.status === 'skipped');
  if (skipped !== undefined) return skipped;
  return { status: 'passed', detail: passedDetail };
}

function aggregate(
  links: readonly ProvenanceLink[],
  name: ProvenanceLinkCheckName,
  passedDetail: string,
): CheckOutcome {
  return combine(
    links.map((l) => {
      const { check: _check, ...outcome } = linkCheck(l, name);
      return prefix(outcome, `step ${l.step}`);
    }),
    passedDetail,
  );
}
