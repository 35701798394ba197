/**
 * The demo organisations `npm start` seeds on the embedded chain: a national regulator (trust-registry governance),
 * a medical board and a drug regulator accredited by it (delegable), a hospital accredited by the board, and a
 * manufacturer. Each is a `did:ethr` identity backed by one of anvil's public development keys — demo only.
 */
import { privateKeyToAccount } from 'viem/accounts';
import { DEV_ACCOUNT_PRIVATE_KEYS, type Hex } from '@medtrust/registry-contract/local-chain';

/** One demo organisation. */
export interface DemoOrganisation {
  slug: string;
  name: string;
  jurisdiction: string;
  privateKey: Hex;
  address: `0x${string}`;
  /** Credential types it is accredited to issue, and by whom. */
  accreditations: { credentialType: string; by: 'governance' | string; delegable: boolean }[];
}

function organisation(
  slug: string,
  name: string,
  keyIndex: number,
  accreditations: DemoOrganisation['accreditations'],
): DemoOrganisation {
  const privateKey = DEV_ACCOUNT_PRIVATE_KEYS[keyIndex]!;
  return {
    slug,
    name,
    jurisdiction: 'PT',
    privateKey,
    address: privateKeyToAccount(privateKey).address,
    accreditations,
  };
}

/** The seeded organisations; account 0 is the deployer and governance admin (the national regulator). */
export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  organisation('national-regulator', 'Autoridade Nacional de Saúde (demo)', 0, []),
  organisation('medical-board', 'Ordem dos Médicos — Lisboa (demo)', 1, [
    { credentialType: 'MedicalLicenseCredential', by: 'governance', delegable: false },
    { credentialType: 'HospitalAccreditationCredential', by: 'governance', delegable: true },
    { credentialType: 'TreatmentCredential', by: 'governance', delegable: true },
  ]),
  organisation('hospital', 'Hospital Clínico de Lisboa (demo)', 2, [
    { credentialType: 'TreatmentCredential', by: 'medical-board', delegable: false },
  ]),
  organisation('drug-regulator', 'Infarmed (demo)', 3, [
    { credentialType: 'SupplierAccreditationCredential', by: 'governance', delegable: false },
  ]),
  organisation('manufacturer', 'Farmacêutica Atlântico (demo)', 4, [
    { credentialType: 'DrugBatchCredential', by: 'governance', delegable: false },
    { credentialType: 'CustodyTransferCredential', by: 'governance', delegable: false },
  ]),
];
