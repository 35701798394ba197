import type { IPresentationDefinition } from '@sphereon/pex';

/**
 * A presentation-request policy: what a verifier asks a holder to present, as a DIF Presentation Exchange v2
 * presentation definition evaluated with `@sphereon/pex`. The definition's `id` is the policy id.
 */
export interface PresentationPolicy {
  /** Stable id used in `POST /presentation-requests {policy}` (equals `definition.id`). */
  readonly id: string;
  /** Who asks whom for what, for people reading a request. */
  readonly title: string;
  /** The medtrust credential types the policy asks for (one per input descriptor). */
  readonly credentialTypes: readonly string[];
  /** The Presentation Exchange v2 definition. */
  readonly definition: IPresentationDefinition;
}
