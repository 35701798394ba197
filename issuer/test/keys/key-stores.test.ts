// The Veramo stores over injected record interfaces: sealed private keys (never plaintext in a record), key
// metadata without private parts, identifiers by DID or alias, and the signing-key registry's rotation bookkeeping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IIdentifier, ManagedKeyInfo } from '@veramo/core';
import {
  KeySealer,
  MemoryRecordStore,
  RecordDIDStore,
  RecordKeyStore,
  SealedPrivateKeyStore,
  SigningKeyRegistry,
  type SealedPrivateKeyRecord,
  type SigningKeyRecord,
} from '../../src/keys/index.ts';

describe('SealedPrivateKeyStore', () => {
  it('stores only sealed keys and unseals them on read', async () => {
    const records = new MemoryRecordStore<SealedPrivateKeyRecord>();
    const store = new SealedPrivateKeyStore(records, new KeySealer(randomBytes(32)));
    const privateKeyHex = randomBytes(32).toString('hex');
    const imported = await store.importKey({ alias: 'k1', type: 'Secp256k1', privateKeyHex });
    assert.deepEqual(imported, { alias: 'k1', type: 'Secp256k1', privateKeyHex });

    const stored = await records.get('k1');
    assert.match(stored!.sealedPrivateKey, /^v1:/);
    const dump = JSON.stringify(await records.list());
    for (const form of [privateKeyHex, privateKeyHex.toUpperCase()]) assert.ok(!dump.includes(form));
    for (const encoding of ['base64', 'base64url'] as const) {
      assert.ok(!dump.includes(Buffer.from(privateKeyHex, 'hex').toString(encoding)));
    }

    assert.equal((await store.getKey({ alias: 'k1' })).privateKeyHex, privateKeyHex);
    assert.deepEqual(await store.listKeys(), [{ alias: 'k1', type: 'Secp256k1', privateKeyHex }]);
    assert.equal(await store.deleteKey({ alias: 'k1' }), true);
    await assert.rejects(store.getKey({ alias: 'k1' }), { code: 'KEY_NOT_FOUND' });
  });

  it('generates an alias when none is given; re-import is idempotent, a different key is refused', async () => {
    const store = new SealedPrivateKeyStore(new MemoryRecordStore(), new KeySealer(randomBytes(32)));
    const privateKeyHex = randomBytes(32).toString('hex');
    const { alias } = await store.importKey({ type: 'Secp256k1', privateKeyHex });
    assert.ok(alias.length > 0);
    await store.importKey({ alias, type: 'Secp256k1', privateKeyHex });
    await assert.rejects(
      store.importKey({ alias, type: 'Secp256k1', privateKeyHex: randomBytes(32).toString('hex') }),
      { code: 'INVALID_ARGUMENT' },
    );
  });

  it('refuses to open a record under a wrong secret, or one copied onto another alias', async () => {
    const records = new MemoryRecordStore<SealedPrivateKeyRecord>();
    const secret = randomBytes(32);
    const store = new SealedPrivateKeyStore(records, new KeySealer(secret));
    await store.importKey({ alias: 'a', type: 'Secp256k1', privateKeyHex: randomBytes(32).toString('hex') });
    await store.importKey({ alias: 'b', type: 'Secp256k1', privateKeyHex: randomBytes(32).toString('hex') });

    const other = new SealedPrivateKeyStore(records, new KeySealer(randomBytes(32)));
    await assert.rejects(other.getKey({ alias: 'a' }), { code: 'KEY_UNSEAL_FAILED' });

    const a = (await records.get('a'))!;
    await records.put('b', { ...a, alias: 'b' }); // swap a's sealed key onto b's record
    await assert.rejects(store.getKey({ alias: 'b' }), { code: 'KEY_UNSEAL_FAILED' });
  });
});

describe('RecordKeyStore and RecordDIDStore', () => {
  it('keeps key metadata without private parts', async () => {
    const records = new MemoryRecordStore<ManagedKeyInfo>();
    const store = new RecordKeyStore(records);
    await store.importKey({
      kid: 'k',
      kms: 'local',
      type: 'Secp256k1',
      publicKeyHex: '04ab',
      privateKeyHex: 'ff',
    });
    assert.equal(JSON.stringify(await records.list()).includes('privateKeyHex'), false);
    assert.equal((await store.getKey({ kid: 'k' })).publicKeyHex, '04ab');
    assert.equal((await store.listKeys({})).length, 1);
    await store.deleteKey({ kid: 'k' });
    await assert.rejects(store.getKey({ kid: 'k' }), { code: 'KEY_NOT_FOUND' });
  });

  it('finds identifiers by DID and by alias, filters lists, and throws when absent', async () => {
    const records = new MemoryRecordStore<IIdentifier>();
    const store = new RecordDIDStore(records);
    const key = {
      kid: 'k',
      kms: 'local',
      type: 'Secp256k1' as const,
      publicKeyHex: '04ab',
      privateKeyHex: 'ff',
    };
    await store.importDID({
      did: 'did:ethr:x:0x1',
      alias: 'one',
      provider: 'did:ethr:x',
      keys: [key],
      services: [],
    });
    await store.importDID({
      did: 'did:ethr:y:0x2',
      alias: 'two',
      provider: 'did:ethr:y',
      keys: [],
      services: [],
    });
    assert.equal(JSON.stringify(await records.list()).includes('privateKeyHex'), false);
    assert.equal((await store.getDID({ alias: 'two' })).did, 'did:ethr:y:0x2');
    assert.equal((await store.getDID({ did: 'did:ethr:x:0x1' })).alias, 'one');
    assert.deepEqual(
      (await store.listDIDs({ provider: 'did:ethr:x' })).map((i) => i.did),
      ['did:ethr:x:0x1'],
    );
    await assert.rejects(store.getDID({ alias: 'three' }), /not_found/);
    assert.equal(await store.deleteDID({ did: 'did:ethr:x:0x1' }), true);
    await assert.rejects(store.getDID({ did: 'did:ethr:x:0x1' }), /not_found/);
  });
});

describe('SigningKeyRegistry', () => {
  const did = 'did:ethr:medtrust:0xabc';
  const key = (n: number) => ({
    kid: `${did}#k${n}`,
    did,
    keyRef: `ref-${n}`,
    publicKeyHex: `04${n}`,
    origin: n === 0 ? ('controller' as const) : ('delegate' as const),
  });

  it('keeps one active key per DID, retires the previous one on rotation with timestamps', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const records = new MemoryRecordStore<SigningKeyRecord>();
    const registry = new SigningKeyRegistry(records, () => new Date((now += 1000)));
    await registry.register(key(0));
    await assert.rejects(registry.register(key(1)), { code: 'INVALID_ARGUMENT' });
    const { active, retired } = await registry.rotate(did, key(1));
    assert.equal(active.kid, `${did}#k1`);
    assert.equal(retired.kid, `${did}#k0`);
    assert.equal(retired.status, 'retired');
    assert.ok(retired.retiredAt! > retired.createdAt);
    assert.equal((await registry.active(did))?.kid, `${did}#k1`);
    assert.deepEqual(
      (await registry.list(did)).map((r) => [r.kid, r.status]),
      [
        [`${did}#k0`, 'retired'],
        [`${did}#k1`, 'active'],
      ],
    );
    assert.equal(await registry.isKeyRefRetired('ref-0'), true);
    assert.equal(await registry.isKeyRefRetired('ref-1'), false);
    assert.equal(registry.retiredInThisProcess(`${did}#k0`), true);

    // a second registry over the same records (another process) sees the retirement from storage
    const elsewhere = new SigningKeyRegistry(records);
    assert.equal(elsewhere.retiredInThisProcess('ref-0'), false);
    assert.equal(await elsewhere.isKeyRefRetired('ref-0'), true);
  });

  it('refuses to rotate a DID without an active key', async () => {
    const registry = new SigningKeyRegistry(new MemoryRecordStore());
    await assert.rejects(registry.rotate(did, key(1)), { code: 'KEY_NOT_FOUND' });
    await assert.rejects(registry.retire('nope'), { code: 'KEY_NOT_FOUND' });
  });
});
