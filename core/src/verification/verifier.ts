/**
 * The verification pipeline: one report per credential or presentation, every check named, fail closed.
 * @see https://www.w3.org/TR/vc-data-model/#verification
 */
import type { DIDDocument } from 'did-resolver';
import type { SchemaValidator } from '@medtrust/schemas';
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';
import { checkAccreditation } from './accreditation-check.ts';
import { checkAnchoring, indexAnchorProofs, type AnchorReference } from './anchoring-check.ts';
import { checkChallenge } from './challenge-check.ts';
import { CheckList } from './check-list.ts';
import type { CheckName, CheckResult } from './check-result.ts';
import { resolveSignerDocument } from './did-resolution-check.ts';
import { checkDomain } from './domain-check.ts';
import { checkHolderBinding, type PresentationSigner } from './holder-binding-check.ts';
import { allowedAlgorithm, unsupportedHeaderMember } from './jws-algorithm.ts';
import { createNobleSignatureVerifier } from './noble-signature-verifier.ts';
import { createNodeSignatureVerifier, isNodeCryptoAvailable } from './node-signature-verifier.ts';
import { LruCache } from './lru-cache.ts';
import { CredentialParser, type ParsedCredential } from './parsed-credential.ts';
import { inputKind, parsePresentation } from './parsed-presentation.ts';
import { checkSchema } from './schema-check.ts';
import type { JwsAlgorithm, SignatureVerifier, VerificationKey } from './signature-verifier.ts';
import { documentListsKey, verifyJwsWithDocument } from './signature-check.ts';
import { checkStatus } from './status-check.ts';
import { checkCredentialValidity, checkValidity } from './validity-check.ts';
import { isoDate } from './credential-time.ts';
import type {
  CredentialReport,
  CredentialStatusSummary,
  CredentialSummary,
  VerificationReport,
} from './verification-report.ts';
import {
  DEFAULT_ACCREDITATION_REQUIRED_FOR,
  DEFAULT_ANCHOR_MAX_LAG_SECONDS,
  DEFAULT_ANCHOR_REQUIRED_FOR,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_STATUS_REQUIRED_FOR,
} from './verification-policy.ts';
import type { StatusReadAt, VerifierDependencies } from './verifier-dependencies.ts';
import { validateVerifyOptions, type VerifyOptions } from './verify-options.ts';

const CREDENTIAL_CHECKS: readonly CheckName[] = [
  'format',
  'signature',
  'did-resolution',
  'anchoring',
  'issuer-accreditation',
  'validity',
  'status',
  'schema',
];
const EMBEDDED_CREDENTIAL_CHECKS: readonly CheckName[] = [...CREDENTIAL_CHECKS, 'holder-binding'];
const PRESENTATION_CHECKS: readonly CheckName[] = [
  'format',
  'signature',
  'did-resolution',
  'validity',
  'challenge',
  'domain',
];

/** Per-verification context shared by the credentials of one call. */
interface RunContext {
  /** The clock's time at the start of the call, epoch ms. */
  now: number;
  /** The moment credential validity windows are judged at (`asOf`, else now), or why it is unknown. */
  validityAt: { ok: true; ms: number } | { ok: false; detail: string };
  /** Where to read status (historical questions). */
  statusAt: StatusReadAt | undefined;
  /** Anchor proofs given with the call (options and the presentation), by credential hash. */
  anchorProofs: ReadonlyMap<string, unknown>;
  /** The presentation's signer, for credentials inside a presentation. */
  signer?: PresentationSigner;
}

/**
 * Verifies W3C Verifiable Credentials and Presentations secured as JWTs (VCDM 1.1 `vc` / `vp` claims as did-jwt-vc and
 * Veramo produce them, and VCDM 2.0 payloads), against medtrust's registries. Checks: `format`, `signature`
 * (ES256K, ES256K-R, EdDSA only), `did-resolution` (the issuer's DID document as of issuance),
 * `issuer-accreditation`, `validity`, `status` (on-chain), `schema`, and for presentations `holder-binding`,
 * `challenge` and `domain`.
 *
 * Never throws for invalid input: every path returns a {@link VerificationReport}; a check that cannot run is
 * `error` and the report is not verified (fail closed). Chain-dependent checks (`issuer-accreditation`, `status`)
 * run only for credentials whose signature verified, so forged input cannot make the verifier query the chain.
 * @see https://www.w3.org/TR/vc-data-model/
 */
export class Verifier {
  readonly #deps: VerifierDependencies;
  readonly #signatures: SignatureVerifier;
  readonly #skewMs: number;
  readonly #accreditationRequired: ReadonlySet<string>;
  readonly #statusRequired: ReadonlySet<string>;
  readonly #anchorRequired: ReadonlySet<string>;
  readonly #anchorMaxLagMs: number;
  readonly #inclusions = new LruCache<string, true>(50_000);
  readonly #parser = new CredentialParser();

  /**
   * @param deps - resolver, status and accreditation sources, schema validator, clock, and optional nonce store,
   *   clock skew, signature verifier and policy.
   * @throws MedtrustError `CONFIGURATION_INVALID` when a required dependency is missing or has the wrong shape, or
   *   `clockSkewSeconds` is negative or above one day.
   */
  constructor(deps: VerifierDependencies) {
    const bad = (detail: string) =>
      new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, `Verifier: ${detail}`);
    if (typeof deps !== 'object' || deps === null) throw bad('dependencies are required');
    if (typeof deps.resolver?.resolve !== 'function') throw bad('resolver.resolve is required');
    if (typeof deps.status?.statusOf !== 'function' || typeof deps.status.registry !== 'string') {
      throw bad('status needs statusOf() and registry');
    }
    if (typeof deps.accreditation?.isAccredited !== 'function')
      throw bad('accreditation.isAccredited is required');
    if (typeof (deps.schemas as SchemaValidator | undefined)?.validate !== 'function') {
      throw bad('schemas.validate is required');
    }
    if (typeof deps.clock !== 'function') throw bad('clock is required');
    if (
      deps.nonces !== undefined &&
      (typeof deps.nonces.consume !== 'function' || typeof deps.nonces.issue !== 'function')
    ) {
      throw bad('nonces must implement issue() and consume()');
    }
    const skew = deps.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
    if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0 || skew > 86_400) {
      throw bad('clockSkewSeconds must be between 0 and 86,400');
    }
    if (deps.signatureVerifier !== undefined && typeof deps.signatureVerifier.verify !== 'function') {
      throw bad('signatureVerifier.verify is required');
    }
    this.#deps = deps;
    this.#skewMs = skew * 1000;
    this.#signatures =
      deps.signatureVerifier ??
      (isNodeCryptoAvailable() ? createNodeSignatureVerifier() : createNobleSignatureVerifier());
    this.#accreditationRequired = new Set(
      deps.accreditationRequiredFor ?? DEFAULT_ACCREDITATION_REQUIRED_FOR,
    );
    this.#statusRequired = new Set(deps.statusRequiredFor ?? DEFAULT_STATUS_REQUIRED_FOR);
    this.#anchorRequired = new Set(deps.anchorRequiredFor ?? DEFAULT_ANCHOR_REQUIRED_FOR);
    if (this.#anchorRequired.size > 0 || deps.anchors !== undefined) {
      if (typeof deps.anchors?.anchorAt !== 'function' || typeof deps.anchors.registry !== 'string') {
        throw bad('anchors needs anchorAt() and registry (or set anchorRequiredFor to [])');
      }
    }
    if (deps.anchorProofs !== undefined && typeof deps.anchorProofs.proofFor !== 'function') {
      throw bad('anchorProofs.proofFor is required');
    }
    const lag = deps.anchorMaxLagSeconds ?? DEFAULT_ANCHOR_MAX_LAG_SECONDS;
    if (typeof lag !== 'number' || !Number.isFinite(lag) || lag < 0 || lag > 366 * 86_400) {
      throw bad('anchorMaxLagSeconds must be between 0 and 31,622,400');
    }
    this.#anchorMaxLagMs = lag * 1000;
  }

  /**
   * Verifies one credential.
   * @param input - compact JWT, JSON form with a `JwtProof2020` proof, or a VCDM 2.0 enveloped credential.
   * @param options - `asOf` for a historical answer (challenge and domain do not apply).
   * @returns the report; `credentials` has exactly one entry and `checks` repeats its checks.
   * @throws MedtrustError `INVALID_ARGUMENT` for malformed options; `CONFIGURATION_INVALID` when the clock fails.
   */
  async verifyCredential(input: unknown, options?: VerifyOptions): Promise<VerificationReport> {
    const opts = validateVerifyOptions(options);
    const ctx = await this.#context(opts);
    let report: CredentialReport;
    try {
      report = await this.#credential(input, ctx);
    } catch (error) {
      report = internalFailure(CREDENTIAL_CHECKS, error);
    }
    return { verified: report.verified, checks: report.checks, credentials: [report] };
  }

  /**
   * Verifies a presentation and every credential it carries.
   * @param input - compact JWT, JSON form with a `JwtProof2020` proof, or a VCDM 2.0 enveloped presentation.
   * @param options - `challenge`, `domain`, `requireChallenge`, `asOf` (applies to the credentials).
   * @returns the report: the presentation's checks, one report per credential, and the holder.
   * @throws MedtrustError `INVALID_ARGUMENT` for malformed options (or `requireChallenge` with neither a challenge nor
   *   a nonce store); `CONFIGURATION_INVALID` when the clock fails.
   */
  async verifyPresentation(input: unknown, options?: VerifyOptions): Promise<VerificationReport> {
    const opts = validateVerifyOptions(options);
    if (opts.requireChallenge === true && opts.challenge === undefined && this.#deps.nonces === undefined) {
      throw new MedtrustError(
        ErrorCodes.INVALID_ARGUMENT,
        'requireChallenge needs options.challenge or a nonce store to check the nonce against',
      );
    }
    const ctx = await this.#context(opts);
    try {
      return await this.#presentation(input, opts, ctx);
    } catch (error) {
      const report = internalFailure(PRESENTATION_CHECKS, error);
      return { verified: false, checks: report.checks, credentials: [] };
    }
  }

  /**
   * Verifies a credential or a presentation, whichever `input` is.
   * @param input - any supported credential or presentation form.
   * @param options - as for {@link Verifier.verifyPresentation}.
   * @returns the report.
   * @throws MedtrustError as {@link Verifier.verifyPresentation}.
   */
  async verify(input: unknown, options?: VerifyOptions): Promise<VerificationReport> {
    return inputKind(input) === 'presentation'
      ? this.verifyPresentation(input, options)
      : this.verifyCredential(input, options);
  }

  async #context(opts: VerifyOptions): Promise<RunContext> {
    let now: number;
    try {
      now = this.#deps.clock().getTime();
    } catch (error) {
      throw new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, 'Verifier: the clock failed', {
        cause: error,
      });
    }
    if (!Number.isFinite(now))
      throw new MedtrustError(ErrorCodes.CONFIGURATION_INVALID, 'Verifier: invalid clock');
    const asOf = opts.asOf;
    let validityAt: RunContext['validityAt'] = { ok: true, ms: now };
    if (asOf?.time !== undefined) {
      validityAt = { ok: true, ms: asOf.time.getTime() };
    } else if (asOf?.blockNumber !== undefined && this.#deps.status.timeOfBlock !== undefined) {
      try {
        validityAt = { ok: true, ms: (await this.#deps.status.timeOfBlock(asOf.blockNumber)).getTime() };
      } catch (error) {
        validityAt = {
          ok: false,
          detail: `time of block ${asOf.blockNumber} unavailable: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    const statusAt =
      asOf === undefined || (asOf.time === undefined && asOf.blockNumber === undefined)
        ? undefined
        : asOf.blockNumber !== undefined
          ? { blockNumber: asOf.blockNumber }
          : { time: asOf.time! };
    return { now, validityAt, statusAt, anchorProofs: indexAnchorProofs(opts.anchorProofs) };
  }

  async #credential(input: unknown, ctx: RunContext): Promise<CredentialReport> {
    const list = new CheckList(ctx.signer ? EMBEDDED_CREDENTIAL_CHECKS : CREDENTIAL_CHECKS);
    const parsed = this.#parser.parse(input);
    if (!parsed.ok) {
      list.fail('format', parsed.code ?? ErrorCodes.FORMAT_INVALID, parsed.detail);
      const { checks, verified } = list.finish('not evaluated: the credential is malformed');
      return { verified, checks };
    }
    const credential = parsed.credential;
    const { jws } = credential;
    const unsupported = unsupportedHeaderMember(jws.header);
    if (unsupported !== undefined) {
      list.fail('format', ErrorCodes.FORMAT_INVALID, `unsupported JWS header member "${unsupported}"`);
    } else {
      list.pass('format');
    }

    if (ctx.validityAt.ok) checkCredentialValidity(list, credential, ctx.validityAt.ms, this.#skewMs);
    else list.error('validity', ErrorCodes.CHAIN_UNAVAILABLE, ctx.validityAt.detail);
    checkSchema(list, credential, this.#deps.schemas);

    const alg = allowedAlgorithm(jws.header.alg);
    const mismatch = credential.issuerMismatch;
    let anchorOf: AnchorReference | undefined;
    if (unsupported !== undefined) {
      // format failed: nothing signed is trusted
    } else if (alg === undefined) {
      list.fail(
        'signature',
        ErrorCodes.ALG_NOT_ALLOWED,
        `alg ${JSON.stringify(jws.header.alg ?? null).slice(0, 40)} is not allowed`,
      );
    } else if (mismatch !== undefined) {
      list.fail('signature', ErrorCodes.ISSUER_MISMATCH, mismatch);
    } else {
      let anchor: AnchorReference | undefined;
      if (credential.type.some((t) => this.#anchorRequired.has(t))) {
        anchor = await checkAnchoring(list, credential, {
          source: this.#deps.anchors,
          proofSource: this.#deps.anchorProofs,
          given: ctx.anchorProofs,
          maxLagMs: this.#anchorMaxLagMs,
          skewMs: this.#skewMs,
          inclusionCache: this.#inclusions,
          worthFetching: () => this.#signedAsOfIssuance(credential, alg),
        });
      } else {
        list.notApplicable('anchoring', 'this credential type is not anchored');
      }
      anchorOf = anchor;
      await this.#checkIssuerSignature(list, credential, alg, anchor);
    }

    let status: CredentialStatusSummary | undefined;
    if (list.passed('signature')) {
      const tasks: Array<Promise<unknown>> = [
        checkAccreditation(list, credential, this.#deps.accreditation, this.#accreditationRequired, anchorOf),
        checkStatus(list, credential, this.#deps.status, this.#statusRequired, ctx.statusAt).then((s) => {
          status = s;
        }),
      ];
      if (ctx.signer) tasks.push(checkHolderBinding(list, credential, ctx.signer, this.#deps.resolver));
      await Promise.all(tasks);
    }
    const { checks, verified } = list.finish(
      list.has('signature')
        ? 'not evaluated: the signature did not verify'
        : 'not evaluated: an earlier check failed',
    );
    return { verified, checks, credential: summaryOf(credential, status, anchorOf) };
  }

  /**
   * Records `did-resolution` and `signature` for a credential. With an anchor, the key must be the issuer's both as
   * of the anchor block (a key retired or revoked before the anchor cannot have signed it) and as of the
   * credential's own issuance date, give or take the clock skew (a key published later cannot sign for an earlier
   * date). Without one, as of the issuance date only.
   */
  async #checkIssuerSignature(
    list: CheckList,
    credential: ParsedCredential,
    alg: JwsAlgorithm,
    anchor: AnchorReference | undefined,
  ): Promise<void> {
    const { jws } = credential;
    const resolver = this.#deps.resolver;
    const issuedAt = new Date(credential.issuedAt);
    const document = await resolveSignerDocument(
      list,
      resolver,
      credential.issuer,
      anchor?.blockNumber ?? issuedAt,
    );
    if (document === undefined) {
      list.notEvaluated('signature', 'not evaluated: the issuer DID did not resolve');
      return;
    }
    let outcome = verifyJwsWithDocument(jws, alg, document, 'assertionMethod', this.#signatures);
    if (!outcome.ok && anchor === undefined && this.#skewMs > 0) {
      // Tolerate the issuer's clock running behind the chain: a key published up to the allowed skew after
      // `nbf` may have signed it.
      const later = await resolveSignerDocument(
        new CheckList(['did-resolution']),
        resolver,
        credential.issuer,
        new Date(credential.issuedAt + this.#skewMs),
      );
      if (later !== undefined && later !== document) {
        const retry = verifyJwsWithDocument(jws, alg, later, 'assertionMethod', this.#signatures);
        if (retry.ok) outcome = retry;
      }
    }
    if (!outcome.ok) {
      list.fail('signature', ErrorCodes.SIGNATURE_INVALID, outcome.detail);
      return;
    }
    if (anchor !== undefined && !(await this.#keyListedAtIssuance(list, credential, outcome.key))) return;
    list.pass('signature');
  }

  /** Whether the credential's signature verifies against its issuer's keys as of its `nbf` (or within the skew after). */
  async #signedAsOfIssuance(credential: ParsedCredential, alg: JwsAlgorithm): Promise<boolean> {
    const found = await this.#documentAtIssuance(
      credential,
      (document) =>
        verifyJwsWithDocument(credential.jws, alg, document, 'assertionMethod', this.#signatures).ok,
    );
    return found === 'accepted';
  }

  /**
   * For an anchored credential: was the key that verified it (as of the anchor block) already the issuer's at the
   * credential's issuance date, or within the clock skew after it? Records `signature` (or `did-resolution`) when not.
   */
  async #keyListedAtIssuance(
    list: CheckList,
    credential: ParsedCredential,
    key: VerificationKey,
  ): Promise<boolean> {
    const found = await this.#documentAtIssuance(credential, (document) =>
      documentListsKey(document, 'assertionMethod', key),
    );
    if (found === 'accepted') return true;
    if (found === 'none') {
      list.fail(
        'signature',
        ErrorCodes.SIGNATURE_INVALID,
        `the signing key was not a key of ${credential.issuer} at its issuance date ${isoDate(credential.issuedAt)}`,
      );
    } else {
      list.set(found);
      list.notEvaluated('signature', 'not evaluated: the issuer DID did not resolve as of issuance');
    }
    return false;
  }

  /**
   * Looks at the issuer's DID document as of the credential's `nbf`, then (with a clock skew) as of `nbf` + skew.
   * @returns `accepted` for the first document `accepts` takes, `none` when neither, or the failed `did-resolution`
   *   result when a document did not resolve.
   */
  async #documentAtIssuance(
    credential: ParsedCredential,
    accepts: (document: DIDDocument) => boolean,
  ): Promise<'accepted' | 'none' | CheckResult> {
    const moments = [credential.issuedAt];
    if (this.#skewMs > 0) moments.push(credential.issuedAt + this.#skewMs);
    for (const ms of moments) {
      const scratch = new CheckList(['did-resolution']);
      const document = await resolveSignerDocument(
        scratch,
        this.#deps.resolver,
        credential.issuer,
        new Date(ms),
      );
      if (document === undefined) return scratch.finish().checks[0]!;
      if (accepts(document)) return 'accepted';
    }
    return 'none';
  }

  async #presentation(input: unknown, opts: VerifyOptions, ctx: RunContext): Promise<VerificationReport> {
    const list = new CheckList(PRESENTATION_CHECKS);
    const parsed = parsePresentation(input);
    if (!parsed.ok) {
      list.fail('format', parsed.code ?? ErrorCodes.FORMAT_INVALID, parsed.detail);
      const { checks } = list.finish('not evaluated: the presentation is malformed');
      return { verified: false, checks, credentials: [] };
    }
    const presentation = parsed.presentation;
    const { jws } = presentation;
    const unsupported = unsupportedHeaderMember(jws.header);
    if (unsupported !== undefined) {
      list.fail('format', ErrorCodes.FORMAT_INVALID, `unsupported JWS header member "${unsupported}"`);
    } else {
      list.pass('format');
    }
    checkValidity(list, presentation.validFrom, presentation.validUntil, ctx.now, this.#skewMs);
    checkDomain(list, presentation.audience, opts.domain);

    let signerKey: VerificationKey | undefined;
    const alg = allowedAlgorithm(jws.header.alg);
    if (unsupported !== undefined) {
      // format failed
    } else if (alg === undefined) {
      list.fail(
        'signature',
        ErrorCodes.ALG_NOT_ALLOWED,
        `alg ${JSON.stringify(jws.header.alg ?? null).slice(0, 40)} is not allowed`,
      );
    } else if (presentation.holderMismatch !== undefined) {
      list.fail('signature', ErrorCodes.ISSUER_MISMATCH, presentation.holderMismatch);
    } else {
      const document = await resolveSignerDocument(list, this.#deps.resolver, presentation.holder);
      if (document === undefined) {
        list.notEvaluated('signature', 'not evaluated: the holder DID did not resolve');
      } else {
        const outcome = verifyJwsWithDocument(jws, alg, document, 'authentication', this.#signatures);
        if (outcome.ok) {
          list.pass('signature');
          signerKey = outcome.key;
        } else {
          list.fail('signature', ErrorCodes.SIGNATURE_INVALID, outcome.detail);
        }
      }
    }
    await checkChallenge(list, {
      nonce: presentation.nonce,
      expected: opts.challenge,
      required: opts.requireChallenge ?? (this.#deps.nonces !== undefined || opts.challenge !== undefined),
      store: this.#deps.nonces,
      signatureVerified: signerKey !== undefined,
    });

    const signer: PresentationSigner = { did: presentation.holder, key: signerKey };
    // Proofs the holder signed into the presentation, then those given with the call.
    const anchorProofs = new Map([...indexAnchorProofs(presentation.anchorProofs), ...ctx.anchorProofs]);
    const credentials = await Promise.all(
      presentation.credentials.map(async (embedded) => {
        try {
          return await this.#credential(embedded, { ...ctx, signer, anchorProofs });
        } catch (error) {
          return internalFailure(EMBEDDED_CREDENTIAL_CHECKS, error);
        }
      }),
    );
    const { checks, verified } = list.finish();
    return {
      verified: verified && credentials.length > 0 && credentials.every((c) => c.verified),
      checks,
      credentials,
      holder: presentation.holder,
    };
  }
}

function summaryOf(
  credential: ParsedCredential,
  status: CredentialStatusSummary | undefined,
  anchor: AnchorReference | undefined,
): CredentialSummary {
  const summary: CredentialSummary = {
    type: credential.type,
    issuer: credential.issuer,
    issuanceDate: new Date(credential.issuedAt).toISOString(),
    credentialSubject: credential.credentialSubject,
    jwt: credential.jws.jwt,
  };
  if (credential.id !== undefined) summary.id = credential.id;
  if (credential.subject !== undefined) summary.subject = credential.subject;
  if (credential.validUntil !== undefined)
    summary.expirationDate = new Date(credential.validUntil).toISOString();
  if (status !== undefined) summary.status = status;
  if (anchor !== undefined) {
    summary.anchor = {
      blockNumber: anchor.blockNumber.toString(),
      anchoredAt: isoDate(anchor.timeMs),
      transactionHash: anchor.transactionHash,
      proof: anchor.proof,
    };
  }
  return summary;
}

/** A report for a bug inside the pipeline: never verified, never thrown at the caller. */
function internalFailure(names: readonly CheckName[], error: unknown): CredentialReport {
  const list = new CheckList(names);
  list.error(
    'format',
    ErrorCodes.INTERNAL,
    `verification failed unexpectedly: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
  );
  const { checks } = list.finish('not evaluated: verification failed unexpectedly');
  return { verified: false, checks };
}
