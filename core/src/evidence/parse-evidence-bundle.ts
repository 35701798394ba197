/**
 * Reading an evidence bundle back (from a file, a database, an e-mail attachment): structure and version checks.
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { EVIDENCE_BUNDLE_FORMAT, EVIDENCE_BUNDLE_VERSION, type EvidenceBundle } from './evidence-bundle.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BLOCK = /^\d+$/;

/**
 * Checks that a value is an evidence bundle this library can re-check.
 * @param value - parsed JSON (untrusted).
 * @returns the bundle, typed.
 * @throws MedtrustError `EVIDENCE_BUNDLE_INVALID` naming the first problem (format, version, chain, block, case,
 *   input, credentials, facts).
 */
export function parseEvidenceBundle(value: unknown): EvidenceBundle {
  const bad = (detail: string) =>
    new MedtrustError(ErrorCodes.EVIDENCE_BUNDLE_INVALID, `evidence bundle: ${detail}`);
  if (!isObject(value)) throw bad('not a JSON object');
  if (value.format !== EVIDENCE_BUNDLE_FORMAT) throw bad(`format must be ${EVIDENCE_BUNDLE_FORMAT}`);
  if (value.version !== EVIDENCE_BUNDLE_VERSION)
    throw bad(`unsupported version ${JSON.stringify(value.version)}`);
  const chain = value.chain;
  if (
    !isObject(chain) ||
    !Number.isSafeInteger(chain.chainId) ||
    !['didRegistry', 'statusRegistry', 'trustRegistry'].every(
      (k) => typeof chain[k] === 'string' && ADDRESS.test(chain[k] as string),
    )
  ) {
    throw bad('chain must name chainId, didRegistry, statusRegistry and trustRegistry');
  }
  if (
    !isObject(value.readAt) ||
    typeof value.readAt.blockNumber !== 'string' ||
    !BLOCK.test(value.readAt.blockNumber)
  ) {
    throw bad('readAt.blockNumber must be a decimal block number');
  }
  if (!isObject(value.case) || (value.case.kind !== 'treatment' && value.case.kind !== 'review')) {
    throw bad('case.kind must be treatment or review');
  }
  const input = value.input;
  if (
    !isObject(input) ||
    !Array.isArray(input.licences) ||
    !Array.isArray(input.hospitalAccreditations) ||
    ![...input.licences, ...input.hospitalAccreditations].every((j) => typeof j === 'string') ||
    (input.treatment !== undefined && typeof input.treatment !== 'string') ||
    (input.review !== undefined && typeof input.review !== 'string')
  ) {
    throw bad('input must carry the credentials as compact JWTs');
  }
  if (input.presentation === undefined && input.treatment === undefined) throw bad('input has no treatment');
  if (
    !Array.isArray(value.credentials) ||
    !value.credentials.every(
      (c) =>
        isObject(c) && typeof c.jwt === 'string' && (c.anchorProof === undefined || isObject(c.anchorProof)),
    )
  ) {
    throw bad('credentials must be a list');
  }
  if (
    !Array.isArray(value.facts) ||
    !value.facts.every(
      (f) =>
        isObject(f) &&
        ((f.kind === 'credential-status' &&
          isObject(f.pointer) &&
          isObject(f.current) &&
          Array.isArray(f.events)) ||
          (f.kind === 'accreditation' &&
            typeof f.address === 'string' &&
            isObject(f.current) &&
            Array.isArray(f.events))),
    )
  ) {
    throw bad('facts must be credential-status or accreditation facts');
  }
  if (
    !isObject(value.report) ||
    typeof value.report.verified !== 'boolean' ||
    !Array.isArray(value.report.checks)
  ) {
    throw bad('report must be a verification report');
  }
  return value as unknown as EvidenceBundle;
}
