/**
 * Creating a doctor's reply to a review (see `review-reply.ts` for the format).
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { parseDid } from '../verification/did-syntax.ts';
import { ALLOWED_JWS_ALGORITHMS } from '../verification/signature-verifier.ts';
import { MAX_REPLY_TEXT_LENGTH, REVIEW_REPLY_TYPE, type CreateReviewReplyOptions } from './review-reply.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += ALPHABET[n & 63]!;
  }
  return out;
}

function hexBytes(hex: string, length: number): Uint8Array {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  const padded = clean.padStart(length * 2, '0');
  if (!/^[0-9a-fA-F]+$/.test(padded) || padded.length !== length * 2) throw new Error('bad signature hex');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Signs a reply to a review as the treating doctor.
 * @param options - the doctor's DID and signer, the review's hash, the text, optional `alg`, `kid` and time.
 * @returns the reply as a compact JWS.
 * @throws MedtrustError `INVALID_ARGUMENT` for a malformed DID, hash, text or algorithm, or when the signer fails
 *   or returns something that is not a signature.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export async function createReviewReply(options: CreateReviewReplyOptions): Promise<string> {
  const bad = (detail: string, cause?: unknown) =>
    new MedtrustError(
      ErrorCodes.INVALID_ARGUMENT,
      `createReviewReply: ${detail}`,
      cause === undefined ? undefined : { cause },
    );
  const { doctor, signer, reviewHash, text } = options ?? ({} as CreateReviewReplyOptions);
  if (parseDid(doctor) === undefined) throw bad('doctor must be a DID');
  if (typeof signer !== 'function') throw bad('signer is required');
  if (typeof reviewHash !== 'string' || !/^0x[0-9a-f]{64}$/.test(reviewHash.toLowerCase())) {
    throw bad('reviewHash must be 0x + 64 hex digits');
  }
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_REPLY_TEXT_LENGTH) {
    throw bad(`text must be 1 to ${MAX_REPLY_TEXT_LENGTH} characters`);
  }
  const alg = options.alg ?? 'ES256K';
  if (!(ALLOWED_JWS_ALGORITHMS as readonly string[]).includes(alg)) throw bad(`alg ${alg} is not allowed`);
  const at = options.repliedAt ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw bad('repliedAt must be a valid Date');
  const header: Record<string, unknown> = { alg, typ: 'JWT' };
  if (options.kid !== undefined) header.kid = options.kid;
  const payload = {
    iss: doctor,
    iat: Math.floor(at.getTime() / 1000),
    type: REVIEW_REPLY_TYPE,
    reviewHash: reviewHash.toLowerCase(),
    text,
  };
  const encoder = new TextEncoder();
  const signingInput = `${base64url(encoder.encode(JSON.stringify(header)))}.${base64url(encoder.encode(JSON.stringify(payload)))}`;
  let signature: string;
  try {
    const signed = await signer(encoder.encode(signingInput));
    if (typeof signed === 'string') signature = signed;
    else if (signed instanceof Uint8Array) signature = base64url(signed);
    else {
      const bytes = [...hexBytes(signed.r, 32), ...hexBytes(signed.s, 32)];
      if (alg === 'ES256K-R') bytes.push(signed.recoveryParam ?? 0);
      signature = base64url(Uint8Array.from(bytes));
    }
  } catch (error) {
    throw bad('the signer failed', error);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(signature)) throw bad('the signer returned no base64url signature');
  return `${signingInput}.${signature}`;
}
