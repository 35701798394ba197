import type { PresentationPolicy } from './presentation-policy.ts';
import { subjectListField, subjectStringField, typeField } from './constraint-fields.ts';

/**
 * Policy (3): a patient checks a hospital's accreditation. The hospital presents its
 * `HospitalAccreditationCredential` (registration number, jurisdiction and accredited services).
 */
export const hospitalAccreditationPolicy: PresentationPolicy = {
  id: 'patient-hospital-accreditation',
  title: "Patient checks a hospital's accreditation",
  credentialTypes: ['HospitalAccreditationCredential'],
  definition: {
    id: 'patient-hospital-accreditation',
    name: 'Hospital accreditation',
    purpose: 'The patient checks that the hospital is accredited for the treatment before travelling.',
    input_descriptors: [
      {
        id: 'hospital_accreditation',
        name: 'Hospital accreditation',
        purpose: 'An accreditation of the hospital issued by an accredited health authority.',
        constraints: {
          fields: [
            typeField('HospitalAccreditationCredential'),
            subjectStringField('registrationNumber', 'The facility registration number.'),
            subjectStringField('jurisdiction', 'Where the hospital is accredited.'),
            subjectListField('accreditedServices', 'The accredited services must cover the treatment.'),
          ],
        },
      },
    ],
  },
};
