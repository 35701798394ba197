/**
 * Publishes demo credentials on the embedded chain's first `npm start`, so the public directory has something to
 * find: the board licenses a demo doctor and accredits the demo hospital, the drug regulator accredits the
 * manufacturer, and the manufacturer publishes a drug batch. Everything goes through the issuer's own HTTP API with
 * the demo operators' API keys, exactly as staff would do it (schema validation, status allocation, audit).
 */
import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import { base58 } from '@scure/base';

/** API keys per demo organisation slug (`data/demo-api-keys.json`). */
export type DemoApiKeys = Record<string, { operator: string }>;

/** What was published (written next to the demo API keys so a restart does not publish it again). */
export interface DemoDirectorySeed {
  doctor: { did: string; name: string; licenceId: string };
  hospitalAccreditationId: string;
  supplierAccreditationId: string;
  batch: { id: string; gtin: string; lot: string; credentialId: string };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** A fresh Ed25519 `did:key` (the demo doctor has no wallet: nobody holds its key). */
function demoDoctorDid(): string {
  const publicKey = ed25519.getPublicKey(randomBytes(32));
  return `did:key:z${base58.encode(Uint8Array.from([0xed, 0x01, ...publicKey]))}`;
}

/**
 * Issues and publishes the demo directory's credentials.
 * @param issuerUrl - the issuer service.
 * @param keys - the demo organisations' API keys.
 * @param dids - DIDs of the demo hospital and manufacturer.
 * @returns what was published.
 * @throws Error naming the call that the issuer refused.
 */
export async function seedDemoDirectory(
  issuerUrl: string,
  keys: DemoApiKeys,
  dids: { hospital: string; manufacturer: string },
): Promise<DemoDirectorySeed> {
  const call = async (apiKey: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${issuerUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`demo directory: POST ${path} answered ${response.status} ${text}`);
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  };
  const operator = (slug: string) => {
    const key = keys[slug]?.operator;
    if (key === undefined) throw new Error(`demo directory: no operator key for ${slug}`);
    return key;
  };
  const issueAndPublish = async (slug: string, route: string, credentialSubject: Record<string, unknown>) => {
    const issued = await call(operator(slug), `/credentials/types/${route}`, { credentialSubject });
    const id = String(issued.id);
    await call(operator(slug), `/credentials/${encodeURIComponent(id)}/publish`, {});
    return id;
  };

  const now = new Date();
  const inYears = (years: number) => isoDay(new Date(now.getTime() + years * 365 * 86_400_000));
  const yearsAgo = (years: number) => isoDay(new Date(now.getTime() - years * 365 * 86_400_000));
  const doctor = { did: demoDoctorDid(), name: 'Dra. Inês Carvalho Ferreira (demo)' };
  const licenceId = await issueAndPublish('medical-board', 'medical-licenses', {
    id: doctor.did,
    name: doctor.name,
    licenseNumber: '54873',
    jurisdiction: 'PT',
    specialty: 'Plastic, Reconstructive and Aesthetic Surgery',
    scopeOfPractice: ['Aesthetic surgery', 'Reconstructive surgery'],
    validFrom: yearsAgo(2),
    validUntil: inYears(3),
  });
  const hospitalAccreditationId = await issueAndPublish('medical-board', 'hospital-accreditations', {
    id: dids.hospital,
    name: 'Hospital Clínico de Lisboa (demo)',
    registrationNumber: 'E123456',
    jurisdiction: 'PT',
    accreditedServices: ['Plastic and aesthetic surgery', 'Day surgery'],
    validFrom: yearsAgo(1),
    validUntil: inYears(4),
  });
  const supplierAccreditationId = await issueAndPublish('drug-regulator', 'supplier-accreditations', {
    id: dids.manufacturer,
    name: 'Farmacêutica Atlântico (demo)',
    registrationNumber: 'INF-FAB-0427',
    jurisdiction: 'PT',
    role: 'manufacturer',
    authorizedActivities: ['Manufacture of sterile injectables', 'Batch certification and release'],
    validFrom: yearsAgo(1),
    validUntil: inYears(4),
  });
  const gtin = '05601234567892';
  const lot = `DEMO${now.getUTCFullYear()}`;
  const batchId = `urn:gtin:${gtin}:lot:${lot}`;
  const batchCredentialId = await issueAndPublish('manufacturer', 'drug-batches', {
    id: batchId,
    product: 'Hyaluronic acid dermal filler 20 mg/ml, 1 ml pre-filled syringe (demo)',
    gtin,
    lot,
    expiryDate: inYears(2),
    quantity: 1200,
    unit: 'syringe',
    manufacturingSite: 'Farmacêutica Atlântico, Setúbal plant (demo)',
    manufacturer: dids.manufacturer,
    certificateOfAnalysisHash: `0x${randomBytes(32).toString('hex')}`,
  });
  return {
    doctor: { ...doctor, licenceId },
    hospitalAccreditationId,
    supplierAccreditationId,
    batch: { id: batchId, gtin, lot, credentialId: batchCredentialId },
  };
}
