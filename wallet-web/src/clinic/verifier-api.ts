/** The verifier service, called same-origin through the app server's proxy. */
import { fetchJson } from '../lib/fetch-json.ts';
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
    /** `POST /verify` of a credential or presentation (JWT text or JSON document). */
    async verify(document: string | Record<string, unknown>): Promise<VerificationReport> {
      return fetchJson(
        browserFetch,
        `${base}/verify`,
        json(typeof document === 'string' ? document : document),
      );
    },
  };
}
