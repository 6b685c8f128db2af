/**
 * The bad-input table: small valid resources of every supported type, each case breaking one thing, and the exact
 * issues (reason and JSON pointer into the FHIR document) the mapper must answer with.
 */
import { describe, expect, it } from 'vitest';
import { eventsOf } from './__fixtures__/fixture-support.js';
import {
  CASES,
  condition,
  context,
  coverage,
  deviceRequest,
  edit,
  encounter,
  eob,
  immunization,
  inpatient,
  medication,
  observation,
  patient,
  procedure,
  serviceRequest,
  type Json,
} from './__fixtures__/bad-fhir-cases.js';
import { mapFhirResource } from './index.js';

describe('bad FHIR input: every problem is an issue at the FHIR field, never an exception', () => {
  it('has at least 40 cases, and each base resource is valid as it stands', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const make of [
      eob,
      inpatient,
      patient,
      coverage,
      observation,
      condition,
      procedure,
      encounter,
      immunization,
      medication,
      serviceRequest,
      deviceRequest,
    ]) {
      expect(eventsOf(mapFhirResource(make(), context)).length).toBeGreaterThan(0);
    }
  });

  it.each(CASES)('%s', (_, make, expected) => {
    const result = mapFhirResource(make(), context);
    expect(result.ok ? [] : result.issues.map((issue) => `${issue.reason} ${issue.path}`).sort()).toEqual(expected);
    if (!result.ok) {
      for (const issue of result.issues) {
        expect(issue.message.length).toBeGreaterThan(0);
      }
    }
  });

  it('never repeats a personal value (name, birth date, diagnosis, member id) in an issue message', () => {
    const cases: [() => Json, string][] = [
      [edit(patient, (r) => (r.birthDate = '1950-02-30')), '1950-02-30'],
      [edit(patient, (r) => (r.name[0].family = 'Riveraaaaa'.repeat(11))), 'Riveraaaaa'],
      [edit(eob, (r) => (r.diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'E1')), 'E1'],
      [edit(condition, (r) => (r.code.coding[0].code = '1234')), '1234'],
      [
        edit(
          eob,
          (r) => (r.patient = { identifier: { system: 'http://hl7.org/fhir/sid/us-mbi', value: 'x'.repeat(70) } }),
        ),
        'xxxx',
      ],
    ];
    for (const [make, secret] of cases) {
      const result = mapFhirResource(make(), context);
      expect(result.ok).toBe(false);
      for (const issue of result.ok ? [] : result.issues) {
        expect(issue.message).not.toContain(secret);
      }
    }
  });

  it('normalises rather than rejects: lower-case ICD-10 with a dot, HCPCS in lower case, a dashed TIN', () => {
    const claim = edit(inpatient, (r) => {
      r.diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'e11.65';
      r.item[0].productOrService.coding[0] = {
        system: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
        code: 'g0439',
      };
    })();
    expect(eventsOf(mapFhirResource(claim, context))[0]).toMatchObject({
      diagnoses: ['E1165'],
      billingTin: '123456789',
      facilityCcn: '450024',
      drg: '470',
      procedures: ['0SR9019'],
      lines: [expect.objectContaining({ hcpcs: 'G0439' })],
    });
  });
});
