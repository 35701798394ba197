// /health with the chain up and after it is stopped; verification then fails closed (STATUS_UNAVAILABLE, 200).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { licenceSubject } from './fixture.ts';
import { failedCodes, startTestbed, type Testbed } from './testbed.ts';

describe('health and a stopped chain', () => {
  let bed: Testbed;
  let licence: string;

  before(async () => {
    bed = await startTestbed();
    licence = (
      await bed.issue(
        bed.parties.medicalBoard,
        'MedicalLicenseCredential',
        licenceSubject(bed.parties.doctor),
      )
    ).jwt;
  });
  after(() => bed?.stop());

  it('reports the chain reachable with its latest block', async () => {
    const { status, body } = await bed.get('/health');
    assert.equal(status, 200);
    assert.equal(body.status, 'ok');
    const chain = body.chain as Record<string, unknown>;
    assert.equal(chain.reachable, true);
    assert.equal(chain.chainId, bed.chain.chainId);
    assert.match(String(chain.latestBlock), /^\d+$/);
    assert.ok(Number(chain.latestBlock) > 0);
  });

  it('verifies while the chain is up', async () => {
    await bed.waitForBlock(await bed.headBlock());
    const { body } = await bed.post('/verify', { verifiableCredential: licence });
    assert.equal(body.verified, true, JSON.stringify(failedCodes(body)));
  });

  it('answers 503 with the same shape once the chain is stopped, and verification fails closed', async () => {
    const before = (await bed.get('/health')).body.chain as Record<string, unknown>;
    await bed.chain.stop();
    // The head is polled every second: the service notices within a poll or two.
    let answer = await bed.get('/health');
    for (const deadline = Date.now() + 10_000; answer.status === 200 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await bed.get('/health');
    }
    const { status, body } = answer;
    assert.equal(status, 503);
    assert.equal(body.status, 'unavailable');
    const chain = body.chain as Record<string, unknown>;
    assert.deepEqual(Object.keys(chain).sort(), Object.keys(before).sort());
    assert.equal(chain.reachable, false);
    assert.equal(chain.latestBlock, null);
    assert.match(String((chain.lastSeen as { blockNumber: string }).blockNumber), /^\d+$/);

    const verify = await bed.post('/verify', { verifiableCredential: licence });
    assert.equal(verify.status, 200);
    assert.equal(verify.body.verified, false);
    assert.ok(failedCodes(verify.body).includes('STATUS_UNAVAILABLE'), JSON.stringify(verify.body.checks));
  });
});
