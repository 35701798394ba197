/** Shortest passphrase accepted for a new wallet. */
export const MIN_PASSPHRASE_LENGTH = 10;

/**
 * Why a new passphrase is not acceptable.
 * @param passphrase - the passphrase.
 * @param repeated - the same, typed again.
 * @returns problems per field (empty when fine).
 */
export function passphraseProblems(
  passphrase: string,
  repeated: string,
): { passphrase?: string; repeated?: string } {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return { passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` };
  }
  if (repeated !== passphrase) return { repeated: 'The two passphrases differ.' };
  return {};
}
