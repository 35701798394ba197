/**
 * The `TRUST_PROXY` setting shared by the issuer and the verifier: which peers' `X-Forwarded-For` names the real
 * client (Express's `trust proxy`), for per-client rate limits. Parsing only: the services read the environment.
 */
import { ErrorCodes } from '../errors/codes.ts';
import { MedtrustError } from '../errors/medtrust-error.ts';

/** An Express `trust proxy` value: `false`, a hop count, or comma-separated addresses, subnets or names. */
export type TrustProxySetting = false | number | string;

/**
 * Parses a `TRUST_PROXY` value.
 * @param value - `false`, `loopback` (default), a hop count, or a list such as `loopback, 10.0.0.0/8`.
 * @returns the setting.
 * @throws MedtrustError `CONFIGURATION_INVALID` for anything else (`true` is refused: it trusts every peer, so any
 *   client could pick its own rate-limit bucket).
 */
export function parseTrustProxy(value: string | undefined): TrustProxySetting {
  const text = (value ?? '').trim();
  if (text === '') return 'loopback';
  if (text === 'false') return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const parts = text.split(',').map((p) => p.trim());
  const ok = parts.every(
    (p) => /^(loopback|linklocal|uniquelocal)$/.test(p) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p),
  );
  if (!ok) {
    throw new MedtrustError(
      ErrorCodes.CONFIGURATION_INVALID,
      'TRUST_PROXY must be false, a hop count, or addresses / subnets / loopback, linklocal, uniquelocal',
    );
  }
  return parts.join(',');
}
