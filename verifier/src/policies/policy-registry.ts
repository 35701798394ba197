import { ErrorCodes, MedtrustError } from '@medtrust/core';
import type { PresentationPolicy } from './presentation-policy.ts';
import { doctorLicencePolicy } from './doctor-licence-policy.ts';
import { supplierBatchPolicy } from './supplier-batch-policy.ts';
import { hospitalAccreditationPolicy } from './hospital-accreditation-policy.ts';

/** The policies medtrust ships, in display order. */
export const DEFAULT_POLICIES: readonly PresentationPolicy[] = [
  doctorLicencePolicy,
  supplierBatchPolicy,
  hospitalAccreditationPolicy,
];

/**
 * The presentation-request policies a verifier offers, by id.
 */
export class PolicyRegistry {
  private readonly byId = new Map<string, PresentationPolicy>();

  /**
   * @param policies - the policies; {@link DEFAULT_POLICIES} when omitted.
   * @throws MedtrustError `CONFIGURATION_INVALID` when two policies share an id or an id differs from its
   *   definition's.
   */
  constructor(policies: readonly PresentationPolicy[] = DEFAULT_POLICIES) {
    for (const policy of policies) {
      if (policy.id !== policy.definition.id || this.byId.has(policy.id)) {
        throw new MedtrustError(
          ErrorCodes.CONFIGURATION_INVALID,
          `policy id ${policy.id} is duplicated or inconsistent`,
        );
      }
      this.byId.set(policy.id, policy);
    }
  }

  /** @returns the policy with that id, or undefined. */
  get(id: string): PresentationPolicy | undefined {
    return this.byId.get(id);
  }

  /** @returns every policy, in registration order. */
  list(): PresentationPolicy[] {
    return [...this.byId.values()];
  }
}
