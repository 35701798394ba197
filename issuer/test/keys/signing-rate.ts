// One quick, informal measurement (not a test, no assertion): ES256K credential signing rate of the fast signer vs
// the raw primitive (Node crypto.sign on secp256k1) vs Veramo's agent.createVerifiableCredential, on a local chain.
// Run: node --import tsx issuer/test/keys/signing-rate.ts [seconds per measurement, default 2]
import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { ES256KSigner } from 'did-jwt';
import { startLocalChain } from '@medtrust/registry-contract/local-chain';
import { deployRegistries } from '@medtrust/registry-contract/deploy';
import {
  closeIssuerAgent,
  createCredentialSigner,
  createIssuerAgent,
  createIssuerIdentity,
  createMemoryIssuerKeyRecords,
  type UnsignedCredentialInput,
} from '../../src/keys/index.ts';

const seconds = Number(process.argv[2] ?? 2);

function credential(did: string): UnsignedCredentialInput {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential', 'MedicalLicenseCredential'],
    issuer: did,
    issuanceDate: new Date().toISOString(),
    expirationDate: '2035-01-01T00:00:00Z',
    id: `urn:uuid:${randomUUID()}`,
    credentialSubject: { id: 'did:example:subject', licenseNumber: 'PT-12345', specialty: 'dermatology' },
    credentialSchema: { id: 'https://medtrust.example/schemas/medical-license/v1.json', type: 'JsonSchema' },
    credentialStatus: {
      id: 'urn:medtrust:status:1:42',
      type: 'MedtrustStatusRegistry2025',
      statusListIndex: '42',
    },
  };
}

/** Runs `operation` for ~`seconds` after a short warm-up; returns operations per second. */
async function rate(operation: () => unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await operation();
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await operation();
    count++;
  }
  return (count * 1000) / (performance.now() - start);
}

const chain = await startLocalChain();
try {
  const deployment = await deployRegistries({ rpcUrl: chain.rpcUrl, deployerPrivateKey: chain.accounts[0]! });
  const agent = createIssuerAgent({
    chain: { ...deployment, rpcUrl: chain.rpcUrl, didNetworkName: 'medtrust' },
    sealingSecret: randomBytes(32),
    records: createMemoryIssuerKeyRecords(),
  });
  const { did } = await createIssuerIdentity(agent, 'bench-issuer');
  const signer = await createCredentialSigner(agent, { did });

  const sample = await signer.sign(credential(did));
  const signingInput = Buffer.from(sample.jwt.slice(0, sample.jwt.lastIndexOf('.')), 'latin1');
  const rawKey = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  const nobleSigner = ES256KSigner(randomBytes(32));

  const results: Array<[string, number]> = [];
  results.push([
    'raw ES256K: node crypto.sign (same signing input)',
    await rate(() => sign('sha256', signingInput, { key: rawKey, dsaEncoding: 'ieee-p1363' })),
  ]);
  results.push([
    'raw ES256K: did-jwt ES256KSigner (@noble/curves)',
    await rate(() => nobleSigner(signingInput)),
  ]);
  results.push([
    'fast signer: createCredentialSigner().sign',
    await rate(() => signer.sign(credential(did))),
  ]);
  results.push([
    'Veramo: agent.createVerifiableCredential',
    await rate(() =>
      agent.createVerifiableCredential({ credential: credential(did) as never, proofFormat: 'jwt' }),
    ),
  ]);

  const [raw, , fast, veramo] = results.map(([, value]) => value);
  for (const [name, value] of results) console.log(`${name.padEnd(52)} ${value.toFixed(0).padStart(6)} /s`);
  console.log(`fast signer / raw node crypto.sign: ${((fast! / raw!) * 100).toFixed(0)} %`);
  console.log(`fast signer / Veramo:               ${(fast! / veramo!).toFixed(2)} x`);
  const check = await agent.verifyCredential({ credential: (await signer.sign(credential(did))).jwt });
  console.log(`sample verifies with Veramo: ${check.verified}`);
  closeIssuerAgent(agent);
} finally {
  await chain.stop();
}
