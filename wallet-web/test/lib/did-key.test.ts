// The wallet's holder key interoperates with the issuer: same did:key, and its OID4VCI key proofs verify with the
// issuer's own proof verifier.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { createHolderDidResolver, didKeyOf, verifyHolderProof } from '../../../issuer/src/oid4vci/index.ts';
import { base58btcDecode, base58btcEncode } from '../../src/lib/base58.ts';
import { base64urlDecode, base64urlEncode } from '../../src/lib/base64url.ts';
import { ed25519KeyOfDidKey } from '../../src/lib/did-key.ts';
import { generateHolderSecret, holderKeyFromSecret, verifyEd25519 } from '../../src/lib/holder-key.ts';
import { decodeJwt } from '../../src/lib/jws.ts';

describe('holder key (Ed25519 did:key, in the browser)', () => {
  it('derives the same did:key as the issuer does for the same public key', () => {
    const holder = holderKeyFromSecret(generateHolderSecret());
    const raw = ed25519KeyOfDidKey(holder.did)!;
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    assert.equal(didKeyOf(createPublicKey({ key: spki, format: 'der', type: 'spki' })), holder.did);
    assert.match(holder.did, /^did:key:z6Mk/);
    assert.equal(holder.kid, `${holder.did}#${holder.did.slice('did:key:'.length)}`);
  });

  it('signs OID4VCI key proofs the issuer accepts, and not for another DID', async () => {
    const holder = holderKeyFromSecret(generateHolderSecret());
    const now = new Date();
    const proof = holder.signJwt(
      { typ: 'openid4vci-proof+jwt' },
      { aud: 'https://issuer.example/oid4vci', iat: Math.floor(now.getTime() / 1000), nonce: 'n-1' },
    );
    const verified = await verifyHolderProof({
      jwt: proof,
      subjectDid: holder.did,
      resolver: createHolderDidResolver(),
      now,
      audience: 'https://issuer.example/oid4vci',
    });
    assert.equal(verified.alg, 'EdDSA');
    const other = holderKeyFromSecret(generateHolderSecret());
    await assert.rejects(
      verifyHolderProof({ jwt: proof, subjectDid: other.did, resolver: createHolderDidResolver(), now }),
      /not controlled by the credential subject/,
    );
  });

  it('verifies its own signatures and refuses altered ones', () => {
    const holder = holderKeyFromSecret(generateHolderSecret());
    const jwt = holder.signJwt({ typ: 'JWT' }, { hello: 'world' });
    const decoded = decodeJwt(jwt)!;
    const key = ed25519KeyOfDidKey(holder.did)!;
    assert.equal(verifyEd25519(decoded.signingInput, decoded.signature, key), true);
    assert.equal(verifyEd25519(`${decoded.signingInput}x`, decoded.signature, key), false);
  });

  it('encodes base58btc and base64url both ways', () => {
    for (const bytes of [
      new Uint8Array([]),
      new Uint8Array([0, 0, 1, 2, 255]),
      crypto.getRandomValues(new Uint8Array(37)),
    ]) {
      assert.deepEqual(base58btcDecode(base58btcEncode(bytes)), bytes);
      assert.deepEqual(base64urlDecode(base64urlEncode(bytes)), bytes);
      assert.equal(base64urlEncode(bytes), Buffer.from(bytes).toString('base64url'));
    }
    assert.equal(base58btcDecode('0OIl'), undefined);
    assert.equal(ed25519KeyOfDidKey('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'), undefined);
  });
});
