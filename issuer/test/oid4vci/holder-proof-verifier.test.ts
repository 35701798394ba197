// Key proofs: the proof key must be an authentication key of the credential subject DID (did:key, did:jwk,
// did:ethr through a resolver), named by kid or jwk; aud, iat and typ are checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHolderDidResolver,
  HolderProofError,
  resolveLocalHolderDid,
  verifyHolderProof,
} from '../../src/oid4vci/index.ts';
import { ethrResolver, Holder } from './harness.ts';

const AUD = 'https://issuer.example/oid4vci';
const resolver = createHolderDidResolver();

function check(
  holder: Holder,
  jwt: string,
  overrides: { resolver?: ReturnType<typeof createHolderDidResolver> } = {},
) {
  return verifyHolderProof({
    jwt,
    subjectDid: holder.did,
    resolver: overrides.resolver ?? resolver,
    now: new Date(),
    audience: AUD,
  });
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HolderProofError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

describe('holder key proofs', () => {
  for (const [curve, method] of [
    ['Ed25519', 'key'],
    ['P-256', 'key'],
    ['secp256k1', 'key'],
    ['Ed25519', 'jwk'],
    ['P-256', 'jwk'],
  ] as const) {
    it(`accepts a did:${method} ${curve} key named by kid, refuses another key`, async () => {
      const holder = new Holder(curve, method);
      const verified = await check(holder, holder.proof({ aud: AUD, nonce: 'n' }));
      assert.equal(verified.did, holder.did);
      assert.equal(verified.kid, holder.kid);
      assert.equal(verified.alg, holder.alg);
      const impostor = new Holder(curve, method);
      await refused(
        check(holder, impostor.proof({ aud: AUD }, { kid: holder.kid })),
        /not signed by an authentication key/,
      );
      await refused(check(holder, impostor.proof({ aud: AUD })), /not controlled by the credential subject/);
    });
  }

  it('resolves did:key and did:jwk to one JsonWebKey2020 method in every relationship', () => {
    const holder = new Holder('P-256');
    const document = resolveLocalHolderDid(holder.did);
    assert.equal(document?.verificationMethod?.[0]?.id, holder.kid);
    assert.deepEqual(document?.verificationMethod?.[0]?.publicKeyJwk, {
      kty: 'EC',
      crv: 'P-256',
      x: holder.jwk.x,
      y: holder.jwk.y,
    });
    assert.deepEqual(document?.authentication, [holder.kid]);
    assert.equal(resolveLocalHolderDid('did:key:zNotBase58!'), undefined);
    assert.equal(resolveLocalHolderDid('did:jwk:e30'), undefined);
  });

  it('accepts a key named by jwk only when it is the subject key', async () => {
    const holder = new Holder('Ed25519');
    await check(holder, holder.proof({ aud: AUD }, { jwk: holder.jwk }));
    const other = new Holder('Ed25519');
    await refused(
      check(holder, other.proof({ aud: AUD }, { jwk: other.jwk })),
      /not signed by an authentication key/,
    );
  });

  it('accepts a relative kid and a kid equal to the DID', async () => {
    const holder = new Holder('Ed25519', 'jwk');
    await check(holder, holder.proof({ aud: AUD }, { kid: '#0' }));
    await check(holder, holder.proof({ aud: AUD }, { kid: holder.did }));
  });

  it('refuses a wrong audience, a stale or future iat, a wrong typ, a foreign alg and alg/key mismatches', async () => {
    const holder = new Holder('Ed25519');
    const now = Math.floor(Date.now() / 1000);
    await refused(check(holder, holder.proof({ aud: 'https://other.example' })), /aud/);
    await refused(check(holder, holder.proof({ aud: AUD, iat: now - 3600 })), /iat/);
    await refused(check(holder, holder.proof({ aud: AUD, iat: now + 3600 })), /iat/);
    await refused(check(holder, holder.proof({ aud: AUD }, { kid: holder.kid, typ: 'JWT' })), /typ/);
    const header = (alg: string) =>
      Buffer.from(JSON.stringify({ typ: 'openid4vci-proof+jwt', alg, kid: holder.kid })).toString(
        'base64url',
      );
    const [, payload, signature] = holder.proof({ aud: AUD }).split('.');
    await refused(check(holder, `${header('HS256')}.${payload}.${signature}`), /alg/);
    await refused(check(holder, `${header('none')}.${payload}.`), /alg/);
    await refused(check(holder, `${header('ES256')}.${payload}.${signature}`), /not signed/);
    await refused(check(holder, 'not-a-jwt'), /compact JWS/);
  });

  it('verifies did:ethr holders: the controller address by ES256K recovery, delegates by publicKeyHex', async () => {
    const owner = new Holder('secp256k1', 'ethr');
    const delegate = new Holder('secp256k1');
    const ethr = createHolderDidResolver(ethrResolver([owner], { [owner.did]: [delegate] }));
    const verified = await check(owner, owner.proof({ aud: AUD }), { resolver: ethr });
    assert.equal(verified.kid, `${owner.did}#controller`);
    const byDelegate = await check(owner, delegate.proof({ aud: AUD }, { kid: `${owner.did}#delegate-1` }), {
      resolver: ethr,
    });
    assert.equal(byDelegate.kid, `${owner.did}#delegate-1`);
    // a jwk header must be the controller's key
    await check(owner, owner.proof({ aud: AUD }, { jwk: owner.jwk }), { resolver: ethr });
    const stranger = new Holder('secp256k1');
    await refused(
      check(owner, stranger.proof({ aud: AUD }, { kid: owner.kid }), { resolver: ethr }),
      /not signed/,
    );
    await refused(
      check(owner, stranger.proof({ aud: AUD }, { jwk: stranger.jwk }), { resolver: ethr }),
      /not signed/,
    );
    // without a resolver for did:ethr the subject cannot be resolved
    await refused(check(owner, owner.proof({ aud: AUD })), /cannot be resolved/);
  });

  it('refuses the high-s twin of an ES256K proof (did:key key and did:ethr address recovery alike)', async () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const twin = (jwt: string) => {
      const [header, payload, signature] = jwt.split('.') as [string, string, string];
      const bytes = Buffer.from(signature, 'base64url');
      const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
      Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex').copy(bytes, 32);
      return `${header}.${payload}.${bytes.toString('base64url')}`;
    };
    const holder = new Holder('secp256k1');
    const proof = holder.proof({ aud: AUD });
    await check(holder, proof);
    await refused(check(holder, twin(proof)), /high-s/);
    const owner = new Holder('secp256k1', 'ethr');
    const ethr = createHolderDidResolver(ethrResolver([owner]));
    const ethrProof = owner.proof({ aud: AUD });
    await check(owner, ethrProof, { resolver: ethr });
    await refused(check(owner, twin(ethrProof), { resolver: ethr }), /high-s/);
  });

  it('refuses a proof whose header or payload repeats a member (two alg, two aud)', async () => {
    const holder = new Holder('Ed25519');
    const [header, payload, signature] = holder.proof({ aud: AUD }).split('.') as [string, string, string];
    const repeat = (segment: string, member: string) => {
      const text = Buffer.from(segment, 'base64url').toString();
      return Buffer.from(`${text.slice(0, -1)},${member}}`).toString('base64url');
    };
    await refused(check(holder, `${repeat(header, '"alg":"EdDSA"')}.${payload}.${signature}`), /compact JWS/);
    await refused(
      check(holder, `${header}.${repeat(payload, `"aud":${JSON.stringify(AUD)}`)}.${signature}`),
      /compact JWS/,
    );
  });
});
