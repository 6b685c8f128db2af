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

describe('referencedPatientIds on hostile documents', () => {
  it('walks 10,000 levels of nesting without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(10_000)}{"reference":"Patient/p1"}${'}'.repeat(10_000)}`) as unknown;
    expect([...referencedPatientIds(deep)]).toEqual(['p1']);
  });
});
