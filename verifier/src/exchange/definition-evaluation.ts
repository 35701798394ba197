import { PEX, PresentationSubmissionLocation, type IPresentationDefinition } from '@sphereon/pex';
import { ErrorCodes } from '@medtrust/core';
import type { PolicyCheckResult } from './policy-check.ts';

/** PEX's `PresentationSubmission` type (re-declared so `@sphereon/pex-models` stays an internal of PEX). */
type PresentationSubmission = Parameters<typeof PEX.validateSubmission>[0];

/** The name of the report check that {@link evaluateDefinition} produces. */
export const DEFINITION_CHECK = 'presentation-definition' as const;

/** What to evaluate: a presentation (compact JWT or JSON) and, optionally, the holder's submission. */
export interface DefinitionEvaluationInput {
  /** The verifiable presentation as received (compact JWT, or a JSON VP). */
  presentation: unknown;
  /**
   * The `presentation_submission` sent beside the presentation (OID4VP) or inside it. When absent the submission is
   * generated from the presentation's credentials, so a presentation without one is judged on what it carries.
   */
  submission?: unknown;
  /**
   * The compact JWTs of the credentials the verification pipeline parsed out of the presentation (its report's
   * `credentials[].credential.jwt`). When given, the definition must also be satisfied by these signed credentials
   * alone, so no claim read from an unsigned JSON wrapper can satisfy a policy.
   */
  signedCredentials?: readonly string[];
}

function failed(detail: string): PolicyCheckResult {
  return {
    check: DEFINITION_CHECK,
    status: 'failed',
    code: ErrorCodes.PRESENTATION_DEFINITION_UNSATISFIED,
    detail,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The submission embedded in a JSON presentation (`presentation_submission`), if any. */
function embeddedSubmission(presentation: unknown): unknown {
  return isObject(presentation) ? presentation.presentation_submission : undefined;
}

/**
 * Evaluates a presentation against a Presentation Exchange v2 definition with `@sphereon/pex`: every input
 * descriptor must be matched by a credential of the presentation (through the holder's submission when one is
 * given, otherwise through a generated one). Only the shape and claims are judged here; signatures, issuers,
 * validity and status are the verifier's checks. Never throws: a definition PEX cannot evaluate (malformed
 * submission, unparsable presentation, pathological input) is an unsatisfied definition.
 * @param definition - the policy's definition.
 * @param input - the presentation and optional submission.
 * @returns a `presentation-definition` check, `passed` or `failed` with `PRESENTATION_DEFINITION_UNSATISFIED`.
 */
export function evaluateDefinition(
  definition: IPresentationDefinition,
  input: DefinitionEvaluationInput,
): PolicyCheckResult {
  const submission = input.submission ?? embeddedSubmission(input.presentation);
  try {
    if (submission !== undefined) {
      if (!isObject(submission)) return failed('presentation_submission must be a JSON object');
      const validated = PEX.validateSubmission(submission as unknown as PresentationSubmission);
      if ((Array.isArray(validated) ? validated : [validated]).some((v) => v.status === 'error')) {
        return failed('presentation_submission is malformed');
      }
      if (submission.definition_id !== definition.id) {
        return failed('presentation_submission answers another presentation definition');
      }
    }
    // A fresh PEX per evaluation: an instance keeps state from one evaluation to the next.
    const results = new PEX().evaluatePresentation(
      structuredClone(definition),
      input.presentation as Parameters<PEX['evaluatePresentation']>[1],
      submission === undefined
        ? { generatePresentationSubmission: true }
        : {
            presentationSubmission: submission as unknown as PresentationSubmission,
            presentationSubmissionLocation: PresentationSubmissionLocation.EXTERNAL,
          },
    );
    const errors = (results.errors ?? []).filter((e) => e.status === 'error');
    if (results.areRequiredCredentialsPresent === 'error' || errors.length > 0) {
      const unmatched = definition.input_descriptors
        .map((d) => d.id)
        .filter((id) => !results.value?.descriptor_map.some((m) => m.id === id));
      return failed(
        unmatched.length > 0
          ? `no credential satisfies input descriptor(s) ${unmatched.join(', ')}`
          : 'the presentation does not satisfy the presentation definition',
      );
    }
    if (input.signedCredentials !== undefined) {
      const signed = new PEX().evaluateCredentials(structuredClone(definition), [...input.signedCredentials]);
      if (signed.areRequiredCredentialsPresent === 'error') {
        return failed(
          'the signed credentials of the presentation do not satisfy the presentation definition',
        );
      }
    }
    return { check: DEFINITION_CHECK, status: 'passed' };
  } catch {
    return failed('the presentation could not be evaluated against the presentation definition');
  }
}
