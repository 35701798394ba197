// AES-256-GCM sealing of private keys at rest: round trip, fresh IV per seal, and refusal (with stable codes) of a
// wrong secret, a wrong context, tampered or malformed data, and a secret of the wrong size.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeySealer } from '../../src/keys/index.ts';

const secret = randomBytes(32);
const plaintext = randomBytes(32);
const context = 'medtrust:private-key:alias-1';

/** Flips one bit of one base64url part of a sealed value. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('KeySealer', () => {
  it('round-trips and uses the versioned format with a 12-byte IV and 16-byte tag', () => {
    const sealer = new KeySealer(secret);
    const sealed = sealer.seal(plaintext, context);
    const [version, iv, tag, ciphertext, ...rest] = sealed.split(':');
    assert.equal(version, 'v1');
    assert.equal(rest.length, 0);
    assert.equal(Buffer.from(iv!, 'base64url').length, 12);
    assert.equal(Buffer.from(tag!, 'base64url').length, 16);
    assert.equal(Buffer.from(ciphertext!, 'base64url').length, plaintext.length);
    assert.match(sealed, /^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    assert.deepEqual(sealer.unseal(sealed, context), plaintext);
  });

  it('accepts the secret as hex (with or without 0x) and as bytes, interchangeably', () => {
    const sealed = new KeySealer(secret.toString('hex')).seal(plaintext, context);
    assert.deepEqual(new KeySealer(`0x${secret.toString('hex')}`).unseal(sealed, context), plaintext);
    assert.deepEqual(new KeySealer(new Uint8Array(secret)).unseal(sealed, context), plaintext);
  });

  it('draws a fresh IV for every seal', () => {
    const sealer = new KeySealer(secret);
    const ivs = new Set(Array.from({ length: 50 }, () => sealer.seal(plaintext, context).split(':')[1]));
    assert.equal(ivs.size, 50);
  });

  it('refuses a wrong secret with KEY_UNSEAL_FAILED', () => {
    const sealed = new KeySealer(secret).seal(plaintext, context);
    assert.throws(() => new KeySealer(randomBytes(32)).unseal(sealed, context), {
      code: 'KEY_UNSEAL_FAILED',
    });
  });

  it('refuses a sealed value moved to another record (context) with KEY_UNSEAL_FAILED', () => {
    const sealer = new KeySealer(secret);
    const sealed = sealer.seal(plaintext, context);
    assert.throws(() => sealer.unseal(sealed, 'medtrust:private-key:alias-2'), { code: 'KEY_UNSEAL_FAILED' });
  });

  it('refuses tampered IV, tag or ciphertext with KEY_UNSEAL_FAILED', () => {
    const sealer = new KeySealer(secret);
    const sealed = sealer.seal(plaintext, context);
    for (const part of [1, 2, 3] as const) {
      assert.throws(() => sealer.unseal(tamper(sealed, part), context), { code: 'KEY_UNSEAL_FAILED' });
    }
  });

  it('refuses malformed values and unknown versions with KEY_UNSEAL_FAILED', () => {
    const sealer = new KeySealer(secret);
    const sealed = sealer.seal(plaintext, context);
    const malformed = [
      '',
      'garbage',
      sealed.replace(/^v1:/, 'v2:'),
      sealed.split(':').slice(0, 3).join(':'),
      `${sealed}:extra`,
      sealed.replace(/:[^:]+$/, ':not base64!'),
      ['v1', randomBytes(8).toString('base64url'), ...sealed.split(':').slice(2)].join(':'),
    ];
    for (const value of malformed) {
      assert.throws(() => sealer.unseal(value, context), { code: 'KEY_UNSEAL_FAILED' }, value);
    }
  });

  it('refuses a secret that is not 32 bytes with CONFIGURATION_INVALID', () => {
    for (const bad of [
      '',
      'ab',
      randomBytes(31).toString('hex'),
      `${secret.toString('hex')}00`,
      'z'.repeat(64),
    ]) {
      assert.throws(() => new KeySealer(bad), { code: 'CONFIGURATION_INVALID' });
    }
    assert.throws(() => new KeySealer(randomBytes(16)), { code: 'CONFIGURATION_INVALID' });
    assert.throws(() => new KeySealer(randomBytes(33)), { code: 'CONFIGURATION_INVALID' });
  });
});
