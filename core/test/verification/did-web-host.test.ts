// did:web hosts a public verifier may fetch: DNS names only, never loopback, private or link-local addresses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicDidWebHost } from '../../src/verification/did-web-host.ts';

describe('isPublicDidWebHost', () => {
  it('accepts DNS names, with a port and a path', () => {
    for (const did of [
      'did:web:board.example.pt',
      'did:web:example.com%3A8443',
      'did:web:example.com:users:alice',
    ]) {
      assert.equal(isPublicDidWebHost(did), true, did);
    }
  });
  it('refuses localhost, loopback, private, link-local, CGNAT, unspecified, multicast and IPv6 literals', () => {
    for (const did of [
      'did:web:localhost',
      'did:web:api.localhost',
      'did:web:127.0.0.1%3A5432',
      'did:web:10.1.2.3',
      'did:web:172.16.0.1',
      'did:web:192.168.1.1',
      'did:web:169.254.169.254',
      'did:web:100.64.0.1',
      'did:web:0.0.0.0',
      'did:web:224.0.0.1',
      'did:web:%5B%3A%3A1%5D',
      'did:web:%E0%A4%A',
    ]) {
      assert.equal(isPublicDidWebHost(did), false, did);
    }
    assert.equal(isPublicDidWebHost('did:web:8.8.8.8'), true, 'a public IPv4 literal is allowed');
  });
});
