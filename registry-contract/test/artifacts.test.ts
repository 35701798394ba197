// The committed artifacts are exactly what the pinned solc-js produces from the sources, and the ERC-1056 registry is
// the unmodified artifact of the ethr-did-registry npm package.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as artifacts from '../src/generated/artifacts.generated.ts';
import { compileContracts } from '../scripts/compile.ts';

const generated = artifacts as unknown as Record<
  string,
  { contractName: string; abi: unknown; bytecode: string }
>;

describe('contract artifacts', () => {
  const fresh = compileContracts();

  it('compiles every contract with the pinned solc-js', () => {
    for (const name of ['StatusRegistry', 'TrustRegistry', 'AnchorRegistry', 'NaiveRevocationRegistry'])
      assert.ok(fresh[name], `${name} missing`);
  });

  for (const name of Object.keys(fresh)) {
    it(`${name}: committed artifact matches a fresh compile (else run npm run compile:contracts)`, () => {
      const artifact = Object.values(generated).find((a) => a.contractName === name);
      assert.ok(artifact, `no generated artifact for ${name}`);
      assert.equal(artifact.bytecode, fresh[name]!.bytecode);
      assert.deepEqual(artifact.abi, fresh[name]!.abi);
    });
  }

  it('EthereumDIDRegistry is the verbatim ethr-did-registry artifact', () => {
    const require = createRequire(import.meta.url);
    const { EthereumDIDRegistry } = require('ethr-did-registry') as {
      EthereumDIDRegistry: { abi: unknown; bytecode: string };
    };
    assert.equal(artifacts.ethereumDIDRegistryArtifact.bytecode, EthereumDIDRegistry.bytecode);
    assert.deepEqual(artifacts.ethereumDIDRegistryArtifact.abi, EthereumDIDRegistry.abi);
  });
});
