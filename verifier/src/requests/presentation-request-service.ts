import { randomBytes } from 'node:crypto';
import { ErrorCodes, MedtrustError, type NonceStore } from '@medtrust/core';
import type { PolicyRegistry } from '../policies/policy-registry.ts';
import type { PresentationPolicy } from '../policies/presentation-policy.ts';
import { evaluateDefinition } from '../exchange/definition-evaluation.ts';
import { withPolicyCheck, type PresentationRequestReport } from '../exchange/policy-check.ts';
import type { VerificationEngine } from '../verification-engine.ts';
import { stateAt, type PresentationRequestRecord, type ResponseChannel } from './presentation-request.ts';
import type { PresentationRequestStore } from './presentation-request-store.ts';

/** What {@link PresentationRequestService} needs. */
export interface PresentationRequestServiceOptions {
  policies: PolicyRegistry;
  store: PresentationRequestStore;
  /** Issues the requests' nonces; the same store the verification engine consumes them from. */
  nonces: NonceStore;
  engine: VerificationEngine;
  clock: () => Date;
  /** Audience of directly answered presentations when the creator names none. */
  defaultDomain: string;
  /** Lifetime of a request when the creator names none (seconds). */
  defaultTtlSeconds: number;
  /** Longest lifetime a creator may ask for (seconds). */
  maxTtlSeconds: number;
}

/** What a creator asks for. */
export interface CreateRequestInput {
  policyId: string;
  domain?: string;
  expiresInSeconds?: number;
}

/** An answer to a request. */
export interface RequestResponseInput {
  /** The verifiable presentation (compact JWT or JSON). */
  presentation: unknown;
  /** The holder's `presentation_submission`, when sent beside the presentation. */
  submission?: unknown;
  /** Audience the presentation must name; the request's domain when omitted (OID4VP passes the client id). */
  audience?: string;
  channel: ResponseChannel;
}

/** The outcome of an answer: the request as it now stands and the report of this answer. */
export interface RequestResponseResult {
  record: PresentationRequestRecord;
  report: PresentationRequestReport;
}

/** Name of the report check a late answer fails. */
const REQUEST_CHECK = 'presentation-request' as const;
/** Name of the verifier's challenge check: `passed` means this answer consumed the request's nonce. */
const CHALLENGE_CHECK = 'challenge';

/**
 * The lifecycle of presentation requests: create (policy + fresh single-use nonce), read, answer. An answer is
 * judged twice — its presentation against the policy's definition (`@sphereon/pex`) and the presentation itself by
 * the verification engine with the request's nonce as challenge — and the first answer that consumes the nonce
 * settles the request as `verified` or `rejected`. Later answers are still judged (their challenge check fails
 * with `CHALLENGE_REPLAYED`) but change nothing; answers without the nonce leave the request pending.
 */
export class PresentationRequestService {
  /** @param options - policies, stores, engine, clock and limits. */
  constructor(private readonly options: PresentationRequestServiceOptions) {}

  /** @returns the policy of a request (or throws when the registry lost it). */
  policyOf(record: PresentationRequestRecord): PresentationPolicy {
    const policy = this.options.policies.get(record.policyId);
    if (!policy) throw new MedtrustError(ErrorCodes.INTERNAL, `policy ${record.policyId} is not registered`);
    return policy;
  }

  /**
   * Creates a request.
   * @param input - policy id, optional domain and lifetime.
   * @returns the stored request.
   * @throws MedtrustError `INVALID_ARGUMENT` for an unknown policy or a lifetime out of range; `RATE_LIMITED` when
   *   the store is full.
   */
  async create(input: CreateRequestInput): Promise<PresentationRequestRecord> {
    const policy = this.options.policies.get(input.policyId);
    if (!policy) throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `unknown policy ${input.policyId}`);
    const ttl = input.expiresInSeconds ?? this.options.defaultTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > this.options.maxTtlSeconds) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        `expiresInSeconds must be an integer from 1 to ${this.options.maxTtlSeconds}`,
      );
    }
    const now = this.options.clock();
    const record: PresentationRequestRecord = {
      id: randomBytes(16).toString('base64url'),
      policyId: policy.id,
      nonce: await this.options.nonces.issue(ttl),
      domain: input.domain ?? this.options.defaultDomain,
      state: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl * 1000),
    };
    await this.options.store.put(record);
    return record;
  }

  /** @returns the request, or undefined when unknown. */
  async get(id: string): Promise<PresentationRequestRecord | undefined> {
    return this.options.store.get(id);
  }

  /**
   * Judges an answer and settles the request when the answer consumed its nonce.
   * @param id - the request id.
   * @param input - presentation, optional submission, audience and channel.
   * @returns the request as it now stands and this answer's report.
   * @throws MedtrustError `NOT_FOUND` for an unknown request.
   */
  async respond(id: string, input: RequestResponseInput): Promise<RequestResponseResult> {
    const record = await this.options.store.get(id);
    if (!record) throw new MedtrustError(ErrorCodes.NOT_FOUND, 'no such presentation request');
    const policy = this.policyOf(record);
    const expired = stateAt(record, this.options.clock()) === 'expired';

    const verified = await this.options.engine.verifyPresentation(input.presentation, {
      challenge: record.nonce,
      domain: input.audience ?? record.domain,
      requireChallenge: true,
    });
    const definitionCheck = evaluateDefinition(policy.definition, {
      presentation: input.presentation,
      submission: input.submission,
      signedCredentials: verified.credentials.flatMap((c) => (c.credential ? [c.credential.jwt] : [])),
    });
    let report = withPolicyCheck(verified, definitionCheck);
    if (expired) {
      report = withPolicyCheck(report, {
        check: REQUEST_CHECK,
        status: 'failed',
        code: ErrorCodes.CHALLENGE_INVALID,
        detail: 'the presentation request has expired',
      });
    }

    const consumedNonce = verified.checks.some((c) => c.check === CHALLENGE_CHECK && c.status === 'passed');
    if (consumedNonce && !expired) {
      await this.options.store.complete(id, {
        state: report.verified ? 'verified' : 'rejected',
        report,
        answeredAt: this.options.clock(),
        channel: input.channel,
      });
    }
    return { record: (await this.options.store.get(id)) ?? record, report };
  }
}
