// The policies' Presentation Exchange definitions, their DCQL equivalents and their evaluation with @sphereon/pex
// (no chain: only the shape of presentations is judged here).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PEX } from '@sphereon/pex';
import { ES256KSigner } from 'did-jwt';
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from 'did-jwt-vc';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { DEFAULT_POLICIES, PolicyRegistry, dcqlQueryFor, evaluateDefinition } from '../src/index.ts';
import { batchSubject, hospitalSubject, licenceSubject, supplierSubject, type Party } from './fixture.ts';

function randomParty(): Party {
  const privateKey = generatePrivateKey();
  const address = privateKeyToAccount(privateKey).address;
  const did = `did:ethr:0x7a69:${address}`;
  return {
    did,
    address,
    privateKey,
    signer: { did, signer: ES256KSigner(Buffer.from(privateKey.slice(2), 'hex')), alg: 'ES256K' },
  };
}

const holder = randomParty();
const issuer = randomParty();

async function credential(type: string, subject: Record<string, unknown>): Promise<string> {
  return createVerifiableCredentialJwt(
    {
      sub: typeof subject.id === 'string' ? subject.id : undefined,
      nbf: Math.floor(Date.now() / 1000),
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', type],
        credentialSubject: subject,
      },
    },
    issuer.signer,
  );
}

async function presentation(credentials: string[]): Promise<string> {
  return createVerifiablePresentationJwt(
    {
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        verifiableCredential: credentials,
      },
    },
    holder.signer,
    { challenge: 'n', domain: 'd' },
  );
}

describe('presentation policies', () => {
  it('registers three policies whose definitions PEX accepts', () => {
    const registry = new PolicyRegistry();
    assert.equal(registry.list().length, 3);
    for (const policy of DEFAULT_POLICIES) {
      const validated = PEX.validateDefinition(policy.definition);
      const errors = (Array.isArray(validated) ? validated : [validated]).filter((v) => v.status === 'error');
      assert.deepEqual(errors, [], policy.id);
      assert.equal(PEX.definitionVersionDiscovery(policy.definition).version, 'v2');
      assert.equal(registry.get(policy.id), policy);
    }
    assert.throws(() => new PolicyRegistry([DEFAULT_POLICIES[0]!, DEFAULT_POLICIES[0]!]), {
      code: 'CONFIGURATION_INVALID',
    });
  });

  it('derives one DCQL credential query per input descriptor', () => {
    const supplier = DEFAULT_POLICIES.find((p) => p.id === 'clinic-supplier-batch')!;
    assert.deepEqual(
      dcqlQueryFor(supplier.definition).credentials.map((c) => [c.id, c.format, c.meta.type_values]),
      [
        ['supplier_accreditation', 'jwt_vc_json', [['SupplierAccreditationCredential']]],
        ['drug_batch', 'jwt_vc_json', [['DrugBatchCredential']]],
      ],
    );
  });

  it('is satisfied by the right credentials and not by others', async () => {
    const licence = await credential('MedicalLicenseCredential', licenceSubject(holder));
    const hospital = await credential('HospitalAccreditationCredential', hospitalSubject(holder));
    const supplier = await credential('SupplierAccreditationCredential', supplierSubject(holder));
    const batch = await credential('DrugBatchCredential', batchSubject(issuer));
    const cases: Array<[string, string[], boolean]> = [
      ['clinic-doctor-licence', [licence], true],
      ['clinic-doctor-licence', [hospital], false],
      ['clinic-doctor-licence', [hospital, licence], true],
      ['clinic-supplier-batch', [supplier, batch], true],
      ['clinic-supplier-batch', [batch, supplier], true],
      ['clinic-supplier-batch', [supplier], false],
      ['clinic-supplier-batch', [batch], false],
      ['patient-hospital-accreditation', [hospital], true],
      ['patient-hospital-accreditation', [licence], false],
    ];
    const registry = new PolicyRegistry();
    for (const [policyId, credentials, satisfied] of cases) {
      const result = evaluateDefinition(registry.get(policyId)!.definition, {
        presentation: await presentation(credentials),
      });
      assert.equal(result.status, satisfied ? 'passed' : 'failed', `${policyId} with ${credentials.length}`);
      if (!satisfied) assert.equal(result.code, 'PRESENTATION_DEFINITION_UNSATISFIED');
    }
  });

  it('refuses a claim that breaks a constraint (supplier role not allowed to supply)', async () => {
    const clinicAsSupplier = await credential('SupplierAccreditationCredential', {
      ...supplierSubject(holder),
      role: 'clinic',
    });
    const batch = await credential('DrugBatchCredential', batchSubject(issuer));
    const policy = new PolicyRegistry().get('clinic-supplier-batch')!;
    const result = evaluateDefinition(policy.definition, {
      presentation: await presentation([clinicAsSupplier, batch]),
    });
    assert.equal(result.status, 'failed');
  });

  it('evaluates a holder submission and refuses a malformed or foreign one', async () => {
    const licence = await credential('MedicalLicenseCredential', licenceSubject(holder));
    const vp = await presentation([licence]);
    const definition = new PolicyRegistry().get('clinic-doctor-licence')!.definition;
    const submission = {
      id: 's1',
      definition_id: 'clinic-doctor-licence',
      descriptor_map: [
        {
          id: 'medical_license',
          format: 'jwt_vp',
          path: '$',
          path_nested: { id: 'medical_license', format: 'jwt_vc', path: '$.vp.verifiableCredential[0]' },
        },
      ],
    };
    assert.equal(evaluateDefinition(definition, { presentation: vp, submission }).status, 'passed');
    for (const bad of [
      { ...submission, definition_id: 'another' },
      { ...submission, descriptor_map: 'nope' },
      'not an object',
      {
        ...submission,
        descriptor_map: [
          {
            ...submission.descriptor_map[0]!,
            path_nested: { id: 'medical_license', format: 'jwt_vc', path: '$.vp.verifiableCredential[7]' },
          },
        ],
      },
    ]) {
      const result = evaluateDefinition(definition, { presentation: vp, submission: bad });
      assert.equal(result.status, 'failed', JSON.stringify(bad));
      assert.equal(result.code, 'PRESENTATION_DEFINITION_UNSATISFIED');
    }
  });

  it('also requires the signed credentials the pipeline parsed to satisfy the definition', async () => {
    const licence = await credential('MedicalLicenseCredential', licenceSubject(holder));
    const hospital = await credential('HospitalAccreditationCredential', hospitalSubject(holder));
    const definition = new PolicyRegistry().get('clinic-doctor-licence')!.definition;
    const presentationJwt = await presentation([licence]);
    const ok = evaluateDefinition(definition, {
      presentation: presentationJwt,
      signedCredentials: [licence],
    });
    assert.equal(ok.status, 'passed');
    const forged = evaluateDefinition(definition, {
      presentation: presentationJwt,
      signedCredentials: [hospital],
    });
    assert.equal(forged.status, 'failed');
    assert.equal(forged.code, 'PRESENTATION_DEFINITION_UNSATISFIED');
    const none = evaluateDefinition(definition, { presentation: presentationJwt, signedCredentials: [] });
    assert.equal(none.status, 'failed');
  });

  it('never throws on garbage presentations', () => {
    const definition = new PolicyRegistry().get('clinic-doctor-licence')!.definition;
    for (const presentationInput of ['not-a-jwt', 'a.b.c', {}, { verifiableCredential: [{}] }, 42, null]) {
      const result = evaluateDefinition(definition, { presentation: presentationInput });
      assert.equal(result.status, 'failed');
    }
  });
});
