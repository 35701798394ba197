// The wallet vault: AES-256-GCM under a PBKDF2-SHA-256 key from the passphrase; nothing opens it without the
// passphrase, and altered or weakly protected files are refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  asSealedVault,
  createVaultKey,
  MIN_PBKDF2_ITERATIONS,
  NotAVaultError,
  openVault,
  PBKDF2_ITERATIONS,
  sealVault,
  WrongPassphraseError,
} from '../../src/lib/vault-crypto.ts';
import { generateHolderSecret } from '../../src/lib/holder-key.ts';
import { newWalletContents, walletFromContents, withCredential } from '../../src/lib/wallet-contents.ts';

describe('wallet vault encryption', () => {
  it('seals contents that only the passphrase opens', async () => {
    const contents = newWalletContents(generateHolderSecret(), new Date());
    const key = await createVaultKey('a long passphrase', MIN_PBKDF2_ITERATIONS);
    const sealed = await sealVault(contents, key);
    const text = JSON.stringify(sealed);
    assert.doesNotMatch(text, new RegExp(`${contents.secret}|${contents.did}`));
    const opened = await openVault(sealed, 'a long passphrase');
    assert.deepEqual(opened.contents, contents);
    assert.equal(walletFromContents(opened.contents).holder.did, contents.did);
    await assert.rejects(openVault(sealed, 'a long passphrasE'), WrongPassphraseError);
  });

  it('uses a fresh IV for every seal and 600,000 PBKDF2 iterations by default', async () => {
    const key = await createVaultKey('pass phrase here');
    assert.equal(key.kdf.iterations, PBKDF2_ITERATIONS);
    assert.ok(PBKDF2_ITERATIONS >= 310_000);
    const a = await sealVault({ n: 1 }, key);
    const b = await sealVault({ n: 1 }, key);
    assert.notEqual(a.cipher.iv, b.cipher.iv);
    assert.notEqual(a.ciphertext, b.ciphertext);
  });

  it('refuses altered ciphertexts and files that are not vaults or derive keys weakly', async () => {
    const key = await createVaultKey('pass phrase here', MIN_PBKDF2_ITERATIONS);
    const sealed = await sealVault(
      withCredential(newWalletContents(generateHolderSecret(), new Date()), {
        id: 'urn:uuid:1',
        jwt: 'a.b.c',
        receivedAt: new Date().toISOString(),
      }),
      key,
    );
    const flipped = sealed.ciphertext.startsWith('A')
      ? `B${sealed.ciphertext.slice(1)}`
      : `A${sealed.ciphertext.slice(1)}`;
    await assert.rejects(
      openVault({ ...sealed, ciphertext: flipped }, 'pass phrase here'),
      WrongPassphraseError,
    );
    assert.throws(() => asSealedVault({ hello: 'world' }), NotAVaultError);
    assert.throws(() => asSealedVault({ ...sealed, kdf: { ...sealed.kdf, iterations: 1000 } }), /too weak/);
  });

  it('refuses contents whose DID does not match the key', () => {
    const contents = newWalletContents(generateHolderSecret(), new Date());
    const other = newWalletContents(generateHolderSecret(), new Date());
    assert.throws(() => walletFromContents({ ...contents, did: other.did }), /does not match/);
  });
});
