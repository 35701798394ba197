import type { PresentationRequestReport } from '../exchange/policy-check.ts';
import type {
  PresentationRequestRecord,
  ResponseChannel,
  StoredRequestState,
} from './presentation-request.ts';

/** The first answer of a request. */
export interface RequestAnswer {
  state: Exclude<StoredRequestState, 'pending'>;
  report: PresentationRequestReport;
  answeredAt: Date;
  channel: ResponseChannel;
}

/**
 * Where presentation requests live between creation and answer. Implementations must make {@link complete}
 * atomic (first answer wins) and may forget a request some time after it expired.
 */
export interface PresentationRequestStore {
  /**
   * Stores a new request.
   * @throws MedtrustError `RATE_LIMITED` when the store is full.
   */
  put(record: PresentationRequestRecord): Promise<void>;
  /** @returns the request, or undefined when unknown (or forgotten). */
  get(id: string): Promise<PresentationRequestRecord | undefined>;
  /**
   * Records the first answer of a pending request.
   * @returns true when recorded; false when the request is unknown or was already answered.
   */
  complete(id: string, answer: RequestAnswer): Promise<boolean>;
}
