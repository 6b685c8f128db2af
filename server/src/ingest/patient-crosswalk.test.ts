import { describe, expect, it } from 'vitest';
import { referencedPatientIds } from './patient-crosswalk.js';

describe('referencedPatientIds', () => {
  it('finds relative, absolute and versioned Patient references at any depth, once each', () => {
    const eob = {
      resourceType: 'ExplanationOfBenefit',
      patient: { reference: 'Patient/-19990000000001' },
      insurance: [{ coverage: { reference: 'Coverage/part-a--19990000000001' } }],
      contained: [
        { resourceType: 'Observation', subject: { reference: 'https://fhir.example/Patient/abc.1/_history/3' } },
      ],
      extension: [{ valueReference: { reference: 'Patient/-19990000000001' } }],
      provider: { reference: 'Practitioner/Patient' },
    };
    expect([...referencedPatientIds(eob)].sort()).toEqual(['-19990000000001', 'abc.1']);
  });
});
