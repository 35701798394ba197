// The wallet's contents with visit (pairwise) identities: each identity's key is rebuilt from the sealed secret and
// checked against its DID, a credential is signed for with the key it is bound to, and tampered contents are refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHolderSecret } from '../../src/lib/holder-key.ts';
import {
  keyOfCredential,
  newWalletContents,
  walletFromContents,
  withPairwiseIdentity,
  withPublishedReview,
} from '../../src/lib/wallet-contents.ts';

describe('wallet contents with visit identities', () => {
  it('adds visit identities newest first, each a distinct did:key with its own key', () => {
    const now = new Date('2026-12-07T09:00:00Z');
    const base = newWalletContents(generateHolderSecret(), now);
    const first = withPairwiseIdentity(base, generateHolderSecret(), '  Clínica Lisboa  ', now);
    const second = withPairwiseIdentity(first.contents, generateHolderSecret(), '', now);
    assert.equal(first.identity.label, 'Clínica Lisboa');
    assert.equal(second.identity.label, 'Visit of 2026-12-07');
    assert.deepEqual(
      second.contents.pairwise?.map((p) => p.did),
      [second.identity.did, first.identity.did],
    );
    const { holder, pairwise } = walletFromContents(JSON.parse(JSON.stringify(second.contents)));
    assert.equal(holder.did, base.did);
    assert.deepEqual([...pairwise.keys()], [second.identity.did, first.identity.did]);
    assert.equal(new Set([holder.did, ...pairwise.keys()]).size, 3);
    assert.equal(pairwise.get(first.identity.did)?.did, first.identity.did);
  });

  it('binds a credential to its visit key, the main key by default, and none once the identity is gone', () => {
    const base = newWalletContents(generateHolderSecret(), new Date());
    const { contents, identity } = withPairwiseIdentity(base, generateHolderSecret(), 'visit', new Date());
    const keys = walletFromContents(contents);
    const stored = { id: 'urn:uuid:1', jwt: 'a.b.c', receivedAt: '' };
    assert.equal(keyOfCredential(keys, stored)?.did, base.did);
    assert.equal(keyOfCredential(keys, { ...stored, holderDid: identity.did })?.did, identity.did);
    assert.equal(keyOfCredential(keys, { ...stored, holderDid: 'did:key:z6MkGone' }), undefined);
  });

  it('refuses contents whose visit identity does not match its secret, or is malformed', () => {
    const base = newWalletContents(generateHolderSecret(), new Date());
    const { contents } = withPairwiseIdentity(base, generateHolderSecret(), 'visit', new Date());
    const other = newWalletContents(generateHolderSecret(), new Date());
    const swapped = { ...contents, pairwise: [{ ...contents.pairwise![0]!, secret: other.secret }] };
    assert.throws(() => walletFromContents(swapped), /does not match/);
    assert.throws(() => walletFromContents({ ...contents, pairwise: {} }), /malformed/);
    assert.throws(() => walletFromContents({ ...contents, pairwise: [{ did: 'x' }] }), /malformed/);
    assert.throws(() => walletFromContents({ ...contents, reviews: 'x' }), /malformed/);
  });

  it('records published reviews once each', () => {
    const base = newWalletContents(generateHolderSecret(), new Date());
    const record = {
      treatmentCredentialId: 'urn:uuid:t',
      reviewId: 'urn:uuid:r',
      about: 'did:key:z6Mkdoctor',
      rating: 5,
      publishedAt: '2026-12-07T10:00:00Z',
      directory: 'http://127.0.0.1:4200',
    };
    const once = withPublishedReview(base, record);
    const twice = withPublishedReview(once, { ...record, rating: 4 });
    assert.deepEqual(
      twice.reviews?.map((r) => r.rating),
      [4],
    );
  });
});
