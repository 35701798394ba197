/** The verifier service, called same-origin through the app server's proxy. */
import { parseAnchorProof, type AnchorProof } from '../lib/anchor-proof.ts';
import { fetchJson } from '../lib/fetch-json.ts';
import { decodeJwt } from '../lib/jws.ts';
import type { VerificationReport } from '../lib/verification-report.ts';

/** A policy a clinic can ask for. */
export interface Policy {
  id: string;
  title: string;
  credentialTypes: string[];
  presentationDefinition?: { purpose?: string };
}

/** A presentation request as the verifier describes it. */
export interface PresentationRequestView {
  id: string;
  policy: string;
  title: string;
  state: 'pending' | 'verified' | 'rejected' | 'expired';
  nonce: string;
  expiresAt: string;
  url: string;
  oid4vp: { authorizationRequestUri: string; requestUri: string };
  /** PNG data URL of the `openid4vp://` link (creation answer only). */
  qr?: string;
  report?: VerificationReport;
  answeredAt?: string;
}

/** Most anchor proofs one verification call carries (the verifier's bound on `options.anchorProofs`). */
export const MAX_ANCHOR_PROOFS = 64;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Separates the anchor proofs a pasted document carries from the document itself: `anchorProofs` (a list) or
 * `anchorProof` beside it, or an issuer's credential record (`{jwt, anchor: {state: 'anchored', proof}}`, as
 * `GET /credentials/:id` answers), whose JWT is then what is verified.
 * @param document - a compact JWT or a parsed JSON document.
 * @returns the document to verify and the proofs found (malformed ones left out).
 */
export function splitAnchorProofs(document: string | Record<string, unknown>): {
  document: string | Record<string, unknown>;
  anchorProofs: AnchorProof[];
} {
  if (typeof document === 'string') return { document, anchorProofs: [] };
  const { anchorProofs: list, anchorProof: one, ...rest } = document;
  const found: unknown[] = [...(Array.isArray(list) ? list : []), ...(one === undefined ? [] : [one])];
  let target: string | Record<string, unknown> = list === undefined && one === undefined ? document : rest;
  const isDocument = ['type', '@context', 'proof', 'verifiableCredential', 'verifiablePresentation'].some(
    (member) => rest[member] !== undefined,
  );
  if (!isDocument && typeof rest.jwt === 'string') {
    target = rest.jwt;
    if (isObject(rest.anchor) && rest.anchor.state === 'anchored') found.push(rest.anchor.proof);
  }
  const anchorProofs = found.flatMap((p) => parseAnchorProof(p) ?? []).slice(0, MAX_ANCHOR_PROOFS);
  return { document: target, anchorProofs };
}

/**
 * The body of `POST /verify`: the document as it is, or, with anchor proofs, `{verifiableCredential |
 * verifiablePresentation, options: {anchorProofs}}` (a JSON document gets `options.anchorProofs` added).
 * @param document - a compact JWT or a JSON credential or presentation.
 * @param anchorProofs - proofs to give the verifier (at most {@link MAX_ANCHOR_PROOFS} are sent).
 * @returns the request body.
 */
export function verifyRequestBody(
  document: string | Record<string, unknown>,
  anchorProofs: readonly AnchorProof[] = [],
): unknown {
  if (anchorProofs.length === 0) return document;
  const options = { anchorProofs: anchorProofs.slice(0, MAX_ANCHOR_PROOFS) };
  if (typeof document === 'string') {
    const isPresentation = decodeJwt(document)?.payload.vp !== undefined;
    return { [isPresentation ? 'verifiablePresentation' : 'verifiableCredential']: document, options };
  }
  const given = isObject(document.options) ? document.options : {};
  return { ...document, options: { ...given, ...options } };
}

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Calls of the clinic page. */
export function verifierApi(base: string) {
  return {
    /** `GET /policies`. */
    async policies(): Promise<Policy[]> {
      return (await fetchJson<{ policies: Policy[] }>(browserFetch, `${base}/policies`)).policies;
    },
    /** `POST /presentation-requests`. */
    async createRequest(policy: string): Promise<PresentationRequestView> {
      return fetchJson(browserFetch, `${base}/presentation-requests`, json({ policy }));
    },
    /** `GET /presentation-requests/:id`. */
    async request(id: string): Promise<PresentationRequestView> {
      return fetchJson(browserFetch, `${base}/presentation-requests/${encodeURIComponent(id)}`);
    },
    /**
     * `POST /verify` of a credential or presentation (JWT text or JSON document), with the anchor proofs known for
     * it as `options.anchorProofs`.
     */
    async verify(
      document: string | Record<string, unknown>,
      anchorProofs: readonly AnchorProof[] = [],
    ): Promise<VerificationReport> {
      return fetchJson(browserFetch, `${base}/verify`, json(verifyRequestBody(document, anchorProofs)));
    },
  };
}
