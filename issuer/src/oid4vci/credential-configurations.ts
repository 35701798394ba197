import { CREDENTIAL_TYPES, type CredentialTypeName } from '@medtrust/schemas';

/** The one credential format medtrust delivers over OID4VCI: a W3C VC (VCDM 1.1) as a JWT. */
export const CREDENTIAL_FORMAT = 'jwt_vc_json';

/** One entry of `credential_configurations_supported`: a medtrust credential type in {@link CREDENTIAL_FORMAT}. */
export interface CredentialConfiguration {
  /** Key in `credential_configurations_supported`, e.g. `MedicalLicenseCredential_jwt_vc_json`. */
  readonly id: string;
  /** The medtrust credential type. */
  readonly type: CredentialTypeName;
  /** `credential_definition.type`: `['VerifiableCredential', <type>]`. */
  readonly vcTypes: readonly string[];
  /** Display name for wallets (English), e.g. `Medical License`. */
  readonly displayName: string;
}

function displayNameOf(type: string): string {
  return type
    .replace(/Credential$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
}

/** A configuration for every medtrust credential type, in `CREDENTIAL_TYPES` order. */
export const CREDENTIAL_CONFIGURATIONS: readonly CredentialConfiguration[] = Object.freeze(
  CREDENTIAL_TYPES.map((type) =>
    Object.freeze({
      id: `${type}_${CREDENTIAL_FORMAT}`,
      type,
      vcTypes: Object.freeze(['VerifiableCredential', type]),
      displayName: displayNameOf(type),
    }),
  ),
);

/**
 * The configuration of a credential from its `type` array (the first medtrust type in it).
 *
 * @param types - a credential's `type` (array or single string).
 * @returns the configuration, or undefined when no medtrust type is present.
 */
export function configurationForTypes(types: unknown): CredentialConfiguration | undefined {
  const list = Array.isArray(types) ? types : [types];
  return CREDENTIAL_CONFIGURATIONS.find((c) => list.includes(c.type));
}

/**
 * The configuration with an id.
 *
 * @param id - a `credential_configuration_id`.
 * @returns the configuration, or undefined for an unknown id.
 */
export function configurationById(id: unknown): CredentialConfiguration | undefined {
  return CREDENTIAL_CONFIGURATIONS.find((c) => c.id === id);
}
