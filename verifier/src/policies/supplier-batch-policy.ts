import type { PresentationPolicy } from './presentation-policy.ts';
import { subjectEnumField, subjectListField, subjectStringField, typeField } from './constraint-fields.ts';

/** Supplier roles a clinic buys medicines from. */
const SUPPLYING_ROLES = ['manufacturer', 'distributor', 'wholesaler', 'pharmacy'] as const;

/**
 * Policy (2): a clinic checks a supplier's accreditation and a drug batch. The supplier presents its
 * `SupplierAccreditationCredential` (a supplying role and its authorised activities) together with the
 * `DrugBatchCredential` of the batch it delivers (GTIN, lot, expiry and the certificate-of-analysis hash).
 */
export const supplierBatchPolicy: PresentationPolicy = {
  id: 'clinic-supplier-batch',
  title: "Clinic checks a supplier's accreditation and a drug batch",
  credentialTypes: ['SupplierAccreditationCredential', 'DrugBatchCredential'],
  definition: {
    id: 'clinic-supplier-batch',
    name: 'Supplier accreditation and drug batch',
    purpose: 'The clinic checks that the supplier is accredited and that the delivered batch is genuine.',
    input_descriptors: [
      {
        id: 'supplier_accreditation',
        name: 'Supplier accreditation',
        purpose: 'An accreditation of the supplier issued by an accredited medicines authority.',
        constraints: {
          fields: [
            typeField('SupplierAccreditationCredential'),
            subjectStringField(
              'registrationNumber',
              'The authorisation number is recorded with the delivery.',
            ),
            subjectEnumField('role', SUPPLYING_ROLES, 'The supplier must be allowed to supply medicines.'),
            subjectListField('authorizedActivities', 'The authorised activities must cover the delivery.'),
          ],
        },
      },
      {
        id: 'drug_batch',
        name: 'Drug batch',
        purpose: 'The provenance credential of the delivered batch, issued by its manufacturer.',
        constraints: {
          fields: [
            typeField('DrugBatchCredential'),
            subjectStringField('gtin', 'The GTIN must match the delivered packs.'),
            subjectStringField('lot', 'The lot must match the delivered packs.'),
            subjectStringField('expiryDate', 'Expired batches are refused.'),
            subjectStringField(
              'certificateOfAnalysisHash',
              'The certificate of analysis is checked against it.',
            ),
          ],
        },
      },
    ],
  },
};
