/**
 * The body of one {@link SigningPool} worker thread: builds the issuer agent over key records it reads from the pool's
 * thread (by message), takes the organisation's fast signer, then signs the credentials it is sent and answers with
 * their JWTs. Never logs credentials.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  closeIssuerAgent,
  createCredentialSigner,
  createIssuerAgent,
  type IssuerKeyRecords,
  type RecordStore,
} from '../keys/index.ts';
import {
  deserializeError,
  serializeError,
  type KeyRecordCollectionName,
  type SigningWorkerData,
  type SigningWorkerReply,
  type SigningWorkerRequest,
} from './signing-pool.ts';

/**
 * A read-only {@link RecordStore} whose records live in the pool's thread: `get` and `list` are answered by message.
 * @typeParam T - the record type.
 */
export class RemoteRecordStore<T> implements RecordStore<T> {
  static #nextRequestId = 1;
  static readonly #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  /**
   * @param port - the port to the pool's thread.
   * @param collection - which collection.
   */
  constructor(
    private readonly port: MessagePort,
    private readonly collection: KeyRecordCollectionName,
  ) {}

  /**
   * Settles a read with the pool's answer.
   *
   * @param answer - the `record-result` message.
   */
  static settle(answer: Extract<SigningWorkerRequest, { type: 'record-result' }>): void {
    const pending = RemoteRecordStore.#pending.get(answer.requestId);
    if (pending === undefined) return;
    RemoteRecordStore.#pending.delete(answer.requestId);
    if (answer.error !== undefined) pending.reject(deserializeError(answer.error));
    else pending.resolve(answer.value);
  }

  /** @inheritDoc RecordStore.get */
  async get(id: string): Promise<T | undefined> {
    return (await this.#request('get', id)) as T | undefined;
  }

  /** @inheritDoc RecordStore.list */
  async list(): Promise<T[]> {
    return (await this.#request('list')) as T[];
  }

  /** Refused: signing threads never change key records. */
  async put(): Promise<void> {
    throw new Error('key records are read-only in a signing thread');
  }

  /** Refused: signing threads never change key records. */
  async delete(): Promise<boolean> {
    throw new Error('key records are read-only in a signing thread');
  }

  #request(op: 'get' | 'list', recordId?: string): Promise<unknown> {
    const requestId = RemoteRecordStore.#nextRequestId++;
    return new Promise((resolve, reject) => {
      RemoteRecordStore.#pending.set(requestId, { resolve, reject });
      const message: SigningWorkerReply = {
        type: 'record',
        requestId,
        collection: this.collection,
        op,
        ...(recordId === undefined ? {} : { recordId }),
      };
      this.port.postMessage(message);
    });
  }
}

const data = workerData as Partial<SigningWorkerData> | null | undefined;
if (parentPort !== null && data?.medtrustSigningWorker === true) {
  const port = parentPort;
  const reply = (message: SigningWorkerReply) => port.postMessage(message);
  const records: IssuerKeyRecords = {
    privateKeys: new RemoteRecordStore(port, 'privateKeys'),
    keys: new RemoteRecordStore(port, 'keys'),
    dids: new RemoteRecordStore(port, 'dids'),
    signingKeys: new RemoteRecordStore(port, 'signingKeys'),
  };
  const agent = createIssuerAgent({ chain: data.chain!, sealingSecret: data.sealingSecret!, records });
  const signing = createCredentialSigner(agent, {
    did: data.did!,
    ...(data.kid === undefined ? {} : { kid: data.kid }),
  });

  port.on('message', (request: SigningWorkerRequest) => {
    switch (request.type) {
      case 'record-result':
        RemoteRecordStore.settle(request);
        return;
      case 'close':
        closeIssuerAgent(agent);
        port.close();
        return;
      case 'sign':
        void (async () => {
          try {
            const signer = await signing;
            const jwts: string[] = [];
            for (const credential of request.credentials) jwts.push((await signer.sign(credential)).jwt);
            reply({ type: 'signed', id: request.id, jwts });
          } catch (error) {
            reply({ type: 'failed', id: request.id, error: serializeError(error) });
          }
        })();
        return;
    }
  });

  signing.then(
    () => reply({ type: 'ready' }),
    (error: unknown) => {
      reply({ type: 'failed', id: null, error: serializeError(error) });
      closeIssuerAgent(agent);
      port.close();
    },
  );
}
