// Drug batch pages on a real local chain: provenance verified through two distributors to a clinic from the
// published transfers, a diverted copy flagged QUANTITY_EXCEEDED on every branch through the diverting party, and a
// recall (the manufacturer revoking the batch credential) turning the page red.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes } from '@medtrust/core';
import type { BatchView, ProfileView } from '../../src/index.ts';
import { newBatch, supplyChain, transfer, type Batch, type SupplyChain, type Transfer } from './register.ts';
import { startDirectoryTestbed, type DirectoryTestbed } from './testbed.ts';

describe('directory batches', () => {
  let bed: DirectoryTestbed;
  let supply: SupplyChain;
  let batch: Batch;
  let chain: Transfer[];

  async function page(
    batchId: string,
  ): Promise<{ batchId: string; conflict: boolean; batches: BatchView[] }> {
    const answer = await bed.get(`/directory/batches/${encodeURIComponent(batchId)}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.body as unknown as { batchId: string; conflict: boolean; batches: BatchView[] };
  }

  function publish(...issued: Array<{ issued: { jwt: string } }>): void {
    for (const i of issued) {
      const type = 'transferId' in i ? 'CustodyTransferCredential' : 'DrugBatchCredential';
      bed.feed.publish(i.issued.jwt, type);
    }
  }

  before(async () => {
    bed = await startDirectoryTestbed();
    supply = await supplyChain(bed.world);
    for (const a of supply.accreditations) bed.feed.publish(a.jwt, 'SupplierAccreditationCredential');
    const { world } = bed;
    batch = await newBatch(world, supply.manufacturer, 100);
    const t1 = await transfer(world, batch, supply.manufacturer, supply.d1, 100, null);
    const t2 = await transfer(world, batch, supply.d1, supply.d2, 60, t1);
    const t3 = await transfer(world, batch, supply.d2, supply.clinic, 20, t2);
    chain = [t1, t2, t3];
    publish(batch, t3, t1, t2);
    const summary = await bed.sync();
    assert.equal(summary.feeds[0]!.listed, 7, JSON.stringify(summary));
    assert.equal(summary.feeds[0]!.rejected, 0);
  });
  after(async () => {
    await bed?.stop();
  });

  it('shows a batch through two distributors and a clinic with verified provenance', async () => {
    const answer = await page(batch.id);
    assert.equal(answer.batchId, batch.id);
    assert.equal(answer.conflict, false);
    assert.equal(answer.batches.length, 1);
    const view = answer.batches[0]!;
    assert.equal(view.manufacturer, supply.manufacturer.did);
    assert.equal(view.manufacturerName, 'Farmacêutica Atlântico, S.A.');
    assert.equal(view.gtin, batch.gtin);
    assert.equal(view.lot, batch.lot);
    assert.equal(view.quantity, 100);
    assert.equal(view.status.state, 'verified');
    assert.equal(view.recalled, false);
    assert.deepEqual(view.alert, { level: 'ok', codes: [] });
    assert.equal(view.provenance.verified, true, JSON.stringify(view.provenance.branches, null, 1));
    assert.equal(view.provenance.transfers, 3);
    assert.equal(view.provenance.branches.length, 1);
    const [branch] = view.provenance.branches;
    assert.equal(branch!.holder, supply.clinic.did);
    assert.equal(branch!.verified, true);
    assert.deepEqual(
      branch!.links.map((l) => [l.from, l.to, l.quantity, l.verified]),
      [
        [supply.manufacturer.did, supply.d1.did, 100, true],
        [supply.d1.did, supply.d2.did, 60, true],
        [supply.d2.did, supply.clinic.did, 20, true],
      ],
    );
    const { tree } = view.provenance;
    assert.equal(tree.root, supply.manufacturer.did);
    assert.equal(tree.quantity, 100);
    assert.deepEqual(tree.unlinked, []);
    const first = tree.children[0]!;
    assert.equal(first.transferId, chain[0]!.transferId);
    assert.equal(first.to, supply.d1.did);
    assert.equal(first.verified, true);
    assert.equal(first.children[0]!.to, supply.d2.did);
    assert.equal(first.children[0]!.children[0]!.to, supply.clinic.did);

    const byLot = await bed.get(`/directory/batches?gtin=${batch.gtin}&lot=${batch.lot}`);
    assert.equal(byLot.status, 200);
    assert.equal(byLot.body.batchId, batch.id);
    const byProduct = await bed.get(`/directory/batches?gtin=${batch.gtin}`);
    assert.equal(byProduct.status, 200);
    assert.ok((byProduct.body.items as Array<{ batchId: string }>).some((b) => b.batchId === batch.id));

    const manufacturer = await bed.get(`/directory/profiles/${encodeURIComponent(supply.manufacturer.did)}`);
    const profile = manufacturer.body as unknown as ProfileView;
    assert.deepEqual(profile.kinds, ['supplier']);
    assert.ok(profile.batches.some((b) => b.batchId === batch.id));
  });

  it('flags a diverted copy QUANTITY_EXCEEDED on every branch through the diverting distributor', async () => {
    const { world } = bed;
    const other = await newBatch(world, supply.manufacturer, 100);
    const t1 = await transfer(world, other, supply.manufacturer, supply.d1, 100, null);
    const t2 = await transfer(world, other, supply.d1, supply.d2, 60, t1);
    const t3 = await transfer(world, other, supply.d2, supply.clinic, 20, t2);
    // d1 received 100, passed 60 to d2 and now 60 more elsewhere
    const grey = await world.org();
    const diverted = await transfer(world, other, supply.d1, grey, 60, t1);
    publish(other, t1, t2, t3, diverted);
    await bed.sync();

    const view = (await page(other.id)).batches[0]!;
    assert.equal(view.provenance.verified, false);
    assert.equal(view.provenance.transfers, 4);
    assert.deepEqual(
      view.provenance.branches.map((b) => b.holder).sort(),
      [grey.did, supply.clinic.did].sort(),
    );
    for (const branch of view.provenance.branches) {
      assert.equal(branch.verified, false);
      assert.ok(
        branch.failedCodes.includes(ErrorCodes.QUANTITY_EXCEEDED),
        JSON.stringify(branch.failedCodes),
      );
    }
    assert.equal(view.alert.level, 'danger');
    assert.ok(view.alert.codes.includes(ErrorCodes.QUANTITY_EXCEEDED));
    assert.equal(view.recalled, false);
    const first = view.provenance.tree.children[0]!;
    assert.equal(first.verified, true, 'the manufacturer handed over what it made');
    assert.equal(first.children.length, 2);
    for (const edge of first.children) {
      assert.equal(edge.verified, false);
      assert.ok(edge.failedCodes.includes(ErrorCodes.QUANTITY_EXCEEDED));
    }
  });

  it('turns the batch page red when the manufacturer recalls the batch on-chain', async () => {
    const block = await bed.world.setStatus(supply.manufacturer, 'revoke', batch.issued);
    await bed.waitForBlock(block);
    const view = (await page(batch.id)).batches[0]!;
    assert.equal(view.recalled, true);
    assert.equal(view.status.state, 'revoked');
    assert.ok(BigInt(view.status.blockNumber!) >= block);
    assert.equal(view.alert.level, 'danger');
    assert.ok(view.alert.codes.includes(ErrorCodes.BATCH_RECALLED));
    assert.equal(view.provenance.verified, false);
    assert.ok(view.provenance.branches[0]!.failedCodes.includes(ErrorCodes.BATCH_RECALLED));
  });

  it('answers 404 for a batch nobody published', async () => {
    const unknown = await bed.get(
      `/directory/batches/${encodeURIComponent('urn:gtin:05601234567891:lot:NOPE')}`,
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, ErrorCodes.NOT_FOUND);
    const byLot = await bed.get('/directory/batches?gtin=05601234567891&lot=NOPE');
    assert.equal(byLot.status, 404);
  });
});
