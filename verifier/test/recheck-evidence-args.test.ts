// The recheck-evidence command line: the anchor-proof URLs and where the AnchorRegistry comes from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvidenceBundle } from '@medtrust/core';
import { chainForRecheck, parseRecheckEvidenceArgs } from '../src/cli/recheck-evidence-args.ts';

const chain = {
  chainId: 31337,
  didRegistry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  statusRegistry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  trustRegistry: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
} as const;
const ANCHOR_A = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';
const ANCHOR_B = '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9';
const ANCHOR_C = '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707';

function bundleOn(extra: Record<string, unknown> = {}): EvidenceBundle {
  return { chain: { ...chain, ...extra } } as unknown as EvidenceBundle;
}

describe('recheck-evidence arguments', () => {
  it('reads --anchor-proofs as a comma-separated list', () => {
    const args = parseRecheckEvidenceArgs(['b.json', '--anchor-proofs', 'http://a:1, http://b:2']);
    assert.deepEqual(args !== 'help' && args.anchorProofUrls, ['http://a:1', 'http://b:2']);
    const inline = parseRecheckEvidenceArgs(['b.json', '--anchor-proofs=http://a:1']);
    assert.deepEqual(inline !== 'help' && inline.anchorProofUrls, ['http://a:1']);
    assert.throws(() => parseRecheckEvidenceArgs(['b.json', '--anchor-proofs']), {
      code: 'INVALID_ARGUMENT',
    });
  });

  it('takes the AnchorRegistry from the deployment file, else ANCHOR_REGISTRY_ADDRESS, else the bundle', () => {
    const rpc = { RPC_URL: 'http://127.0.0.1:8545' };
    const base = { bundlePath: 'b.json', json: false };
    assert.equal(chainForRecheck(base, rpc, bundleOn({ anchorRegistry: ANCHOR_C })).anchorRegistry, ANCHOR_C);
    assert.equal(
      chainForRecheck(
        base,
        { ...rpc, ANCHOR_REGISTRY_ADDRESS: ANCHOR_B },
        bundleOn({ anchorRegistry: ANCHOR_C }),
      ).anchorRegistry,
      ANCHOR_B,
    );
    const dir = mkdtempSync(join(tmpdir(), 'recheck-args-'));
    const deployment = join(dir, 'deployment.json');
    writeFileSync(deployment, JSON.stringify({ ...chain, anchorRegistry: ANCHOR_A }));
    assert.equal(
      chainForRecheck(
        { ...base, deploymentPath: deployment },
        { ...rpc, ANCHOR_REGISTRY_ADDRESS: ANCHOR_B },
        bundleOn({ anchorRegistry: ANCHOR_C }),
      ).anchorRegistry,
      ANCHOR_A,
    );
    // an older bundle, no deployment, no setting: the zero address (anchored credentials fail closed)
    assert.match(chainForRecheck(base, rpc, bundleOn()).anchorRegistry, /^0x0{40}$/);
  });
});
