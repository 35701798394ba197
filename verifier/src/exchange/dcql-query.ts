import type { IPresentationDefinition } from '@sphereon/pex';

/** One DCQL credential query (the subset medtrust emits). */
export interface DcqlCredentialQuery {
  id: string;
  format: 'jwt_vc_json';
  require_cryptographic_holder_binding: boolean;
  meta: { type_values: string[][] };
}

/** A DCQL query (OpenID for Verifiable Presentations 1.0, section 6). */
export interface DcqlQuery {
  credentials: DcqlCredentialQuery[];
}

/** The credential type an input descriptor asks for: the `const` of its `type` field's `contains` filter. */
function descriptorType(
  descriptor: IPresentationDefinition['input_descriptors'][number],
): string | undefined {
  const fields = (descriptor.constraints?.fields ?? []) as Array<{ path: string[]; filter?: unknown }>;
  for (const field of fields) {
    if (!field.path.some((p) => p === '$.type' || p === '$.vc.type')) continue;
    const contains = (field.filter as { contains?: { const?: unknown } } | undefined)?.contains;
    if (typeof contains?.const === 'string') return contains.const;
  }
  return undefined;
}

/**
 * The DCQL query equivalent to a presentation definition, for OID4VP 1.0 wallets (which no longer read
 * `presentation_definition`): one `jwt_vc_json` credential query per input descriptor, with the same id, matching on
 * the credential type. Claim constraints are not repeated: the answer is evaluated against the full definition with
 * PEX anyway. Holder binding is not required at the DCQL level (JWT VCs carry it in `sub`, which the verifier's
 * holder-binding check enforces).
 * @param definition - a medtrust policy definition (every descriptor has a `type` field).
 * @returns the query.
 */
export function dcqlQueryFor(definition: IPresentationDefinition): DcqlQuery {
  return {
    credentials: definition.input_descriptors.map((descriptor) => {
      const type = descriptorType(descriptor);
      return {
        id: descriptor.id,
        format: 'jwt_vc_json',
        require_cryptographic_holder_binding: false,
        meta: { type_values: type ? [[type]] : [['VerifiableCredential']] },
      };
    }),
  };
}
