import type { PresentationPolicy } from './presentation-policy.ts';
import { subjectListField, subjectStringField, typeField } from './constraint-fields.ts';

/**
 * Policy (1): a clinic checks a doctor's licence. The doctor presents one `MedicalLicenseCredential` naming the
 * licence number, jurisdiction, specialty and scope of practice. Signature, issuer accreditation, validity and
 * on-chain status are checked by the verifier, not by the definition.
 */
export const doctorLicencePolicy: PresentationPolicy = {
  id: 'clinic-doctor-licence',
  title: "Clinic checks a doctor's medical licence",
  credentialTypes: ['MedicalLicenseCredential'],
  definition: {
    id: 'clinic-doctor-licence',
    name: 'Medical licence',
    purpose: 'The clinic checks that you hold a valid medical licence before you practise on its premises.',
    input_descriptors: [
      {
        id: 'medical_license',
        name: 'Medical licence',
        purpose: 'A medical licence issued by an accredited licensing body.',
        constraints: {
          fields: [
            typeField('MedicalLicenseCredential'),
            subjectStringField('licenseNumber', 'The licence number is recorded with the appointment.'),
            subjectStringField('jurisdiction', 'The licence must be valid where the clinic operates.'),
            subjectStringField('specialty', 'The specialty must cover the treatment.'),
            subjectListField('scopeOfPractice', 'The scope of practice must cover the treatment.'),
          ],
        },
      },
    ],
  },
};
