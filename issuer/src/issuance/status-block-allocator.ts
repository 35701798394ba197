import { allocateStatusIndex, type AllocateStatusIndexOptions, type Database } from '../store/index.ts';
import type { StatusSlot } from './credential-builder.ts';

/**
 * Allocates `count` status slots of an organisation at once, for a batch chunk. The common case is one statement,
 * `UPDATE status_lists SET next_index = next_index + $n … AND next_index + $n <= capacity RETURNING …`, on the
 * newest list (atomic like the store's single-slot allocation; the same row lock orders concurrent allocators on
 * PostgreSQL). When the newest list has fewer than `count` free slots (or there is no list yet), slots are taken one
 * by one with the store's `allocateStatusIndex` until it rolls over to a new list, then the rest is taken as a block
 * there.
 *
 * Call it inside the transaction that stores the credentials, so a rollback gives the slots back; the UNIQUE
 * `(organisation_id, list_id, list_index)` of credentials refuses any reuse regardless.
 *
 * @param tx - the issuing transaction.
 * @param organisationId - owner of the lists.
 * @param count - how many slots (0 gives none).
 * @param options - `initialCapacity` for an organisation without a list.
 * @returns `count` distinct slots, in allocation order.
 * @throws StoreError as `allocateStatusIndex` (no list and no `initialCapacity`, database failure).
 */
export async function allocateStatusBlock(
  tx: Database,
  organisationId: string,
  count: number,
  options: AllocateStatusIndexOptions = {},
): Promise<StatusSlot[]> {
  const slots: StatusSlot[] = [];
  let remaining = count;
  while (remaining > 0) {
    const block = await tx.query<{ listId: number; first: number }>(
      `UPDATE status_lists SET next_index = next_index + $2
       WHERE organisation_id = $1
         AND list_id = (SELECT MAX(list_id) FROM status_lists WHERE organisation_id = $1)
         AND next_index + $2 <= capacity
       RETURNING list_id AS "listId", next_index - $2 AS "first"`,
      [organisationId, remaining],
    );
    const taken = block[0];
    if (taken !== undefined) {
      const listId = Number(taken.listId);
      const first = Number(taken.first);
      for (let i = 0; i < remaining; i++) slots.push({ listId, index: first + i });
      return slots;
    }
    // not enough room in the newest list (or none yet): drain it slot by slot until a new list is started
    const one = await allocateStatusIndex(tx, organisationId, options);
    slots.push({ listId: one.listId, index: one.index });
    remaining--;
  }
  return slots;
}
