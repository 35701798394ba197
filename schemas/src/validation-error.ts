/**
 * The shape of one validation error, shared by the JSON Schema validator and the cross-field rules (which a browser
 * imports without Ajv).
 */

/** One reason a credential does not match its schema. */
export interface SchemaValidationError {
  /** JSON Pointer to the offending value, e.g. `/credentialSubject/rating`; `''` for the credential itself. */
  readonly instancePath: string;
  /**
   * The failed rule: a JSON Schema keyword (`required`, `pattern`, `format`, …), a cross-field rule of
   * `cross-field-rules.ts` (`dateOrder`, `batchId`), or `unknownType` when the credential type is not a known
   * medtrust type, or `ambiguousType` when `type` names several of them.
   */
  readonly keyword: string;
  /** Human-readable explanation, in English. Names the rule, never the offending value. */
  readonly message: string;
}
