import type { SealedVault } from './vault-crypto.ts';

const DB_NAME = 'medtrust-wallet';
const STORE = 'vault';
const KEY = 'default';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is unavailable'));
  });
}

async function withStore<T>(
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/**
 * Reads the sealed wallet of this browser profile from IndexedDB.
 * @returns the sealed vault, or undefined when this browser holds no wallet.
 */
export async function loadSealedVault(): Promise<SealedVault | undefined> {
  return (await withStore<SealedVault | undefined>('readonly', (s) => s.get(KEY))) ?? undefined;
}

/**
 * Stores the sealed wallet (only ever the encrypted form).
 * @param vault - the sealed vault.
 */
export async function saveSealedVault(vault: SealedVault): Promise<void> {
  await withStore('readwrite', (s) => s.put(vault, KEY));
}

/** Removes the wallet from this browser profile. */
export async function deleteSealedVault(): Promise<void> {
  await withStore('readwrite', (s) => s.delete(KEY));
}
