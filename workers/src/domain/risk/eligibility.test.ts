import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claim, line, tables } from './__fixtures__/members.js';
import { billTypeClass, eligibleDiagnoses } from './eligibility.js';

const eligibleCodes = tables.eligibleProcedureCodes.codes;
const codesOf = (claims: Parameters<typeof eligibleDiagnoses>[0], year = 2025): string[] =>
  eligibleDiagnoses(claims, year, eligibleCodes).map((d) => d.icd10);

describe('risk-adjustment-eligible diagnoses', () => {
  it('counts every diagnosis of an inpatient bill (TOB 11x, 41x), whatever its lines', () => {
    const stay = claim({
      claimType: 'inpatient',
      typeOfBill: '111',
      throughDate: '2025-05-04',
      diagnoses: ['I5022', 'N184', 'E119'],
      lines: [line({ hcpcs: undefined, revenueCode: '0120' })],
    });
    expect(codesOf([stay])).toEqual(['E119', 'I5022', 'N184']);
    expect(codesOf([{ ...stay, typeOfBill: '0111' }])).toEqual(['E119', 'I5022', 'N184']);
    expect(codesOf([{ ...stay, typeOfBill: '411' }])).toEqual(['E119', 'I5022', 'N184']);
    expect(billTypeClass('0131')).toBe('13');
  });

  it('counts an outpatient bill only with an eligible CPT/HCPCS line', () => {
    const outpatient = claim({ claimType: 'outpatient', typeOfBill: '131', diagnoses: ['J449'] });
    expect(codesOf([{ ...outpatient, lines: [line({ hcpcs: '80053' })] }])).toEqual([]);
    expect(codesOf([{ ...outpatient, lines: [line({ hcpcs: '80053' }), line({ lineNumber: 2 })] }])).toEqual(['J449']);
    // A skilled nursing facility bill (21x) never counts.
    expect(codesOf([{ ...outpatient, claimType: 'snf', typeOfBill: '211' }])).toEqual([]);
  });

  it('counts a professional claim only through a line with an eligible code in the year', () => {
    expect(codesOf([claim({ diagnoses: ['E119'], lines: [line({ hcpcs: '80053' })] })])).toEqual([]);
    expect(codesOf([claim({ diagnoses: ['E119'], lines: [line({ hcpcs: '99213' })] })])).toEqual(['E119']);
    // The eligible line is in 2024; only the lab line is in 2025.
    const straddling = claim({
      diagnoses: ['E119'],
      lines: [
        line({ hcpcs: '99213', fromDate: '2024-12-30', throughDate: '2024-12-30' }),
        line({ lineNumber: 2, hcpcs: '80053', fromDate: '2025-01-02', throughDate: '2025-01-02' }),
      ],
    });
    expect(codesOf([straddling], 2025)).toEqual([]);
    expect(codesOf([straddling], 2024)).toEqual(['E119']);
    expect(codesOf([claim({ claimType: 'dme', typeOfBill: undefined, diagnoses: ['E119'] })])).toEqual([]);
  });

  it('ignores diagnoses dated outside the diagnosis year', () => {
    const december = claim({
      claimType: 'inpatient',
      typeOfBill: '111',
      throughDate: '2024-12-31',
      diagnoses: ['I509'],
    });
    const january = { ...december, claimId: 'C2', throughDate: '2026-01-01' };
    expect(codesOf([december, january], 2025)).toEqual([]);
    expect(codesOf([december, january], 2024)).toEqual(['I509']);
  });

  it('reads only the current version of each claim, and none of a cancelled one', () => {
    const original = claim({ claimId: 'A', version: 1, diagnoses: ['E119'] });
    const corrected = claim({ claimId: 'A', version: 2, adjustment: 'adjustment', diagnoses: ['E1122'] });
    const cancelled = claim({ claimId: 'B', version: 2, adjustment: 'cancel', diagnoses: ['I509'] });
    const cancelledOriginal = claim({ claimId: 'B', version: 1, diagnoses: ['I509'] });
    expect(codesOf([corrected, original, cancelledOriginal, cancelled])).toEqual(['E1122']);
  });

  it('keeps the evidence: claim id, version, type and date, earliest first', () => {
    const later = claim({
      claimId: 'P2',
      version: 3,
      diagnoses: ['E119'],
      lines: [line({ fromDate: '2025-09-01', throughDate: '2025-09-01' })],
    });
    const earlier = claim({
      claimId: 'I1',
      claimType: 'inpatient',
      typeOfBill: '111',
      throughDate: '2025-02-14',
      diagnoses: ['E119', 'E119'],
    });
    expect(eligibleDiagnoses([later, earlier], 2025, eligibleCodes)).toEqual([
      {
        icd10: 'E119',
        evidence: [
          { icd10: 'E119', claimId: 'I1', claimVersion: 1, claimType: 'inpatient', date: '2025-02-14' },
          { icd10: 'E119', claimId: 'P2', claimVersion: 3, claimType: 'professional', date: '2025-09-01' },
        ],
      },
    ]);
  });

  it('reads a hospital claim without a type of bill by its claim type', () => {
    const stay = claim({ claimType: 'inpatient', typeOfBill: undefined, diagnoses: ['I509'], lines: [] });
    expect(codesOf([stay])).toEqual(['I509']);
    const outpatient = claim({ claimType: 'outpatient', typeOfBill: undefined, diagnoses: ['J449'] });
    expect(codesOf([{ ...outpatient, lines: [line({ hcpcs: '80053' })] }])).toEqual([]);
    expect(codesOf([outpatient])).toEqual(['J449']);
  });

  it('gives the same result whatever order the claims arrive in', () => {
    const claims = [
      claim({ claimId: 'A', diagnoses: ['E119', 'I509'] }),
      claim({
        claimId: 'B',
        claimType: 'inpatient',
        typeOfBill: '111',
        throughDate: '2025-07-01',
        diagnoses: ['I509'],
      }),
      claim({ claimId: 'A', version: 2, adjustment: 'adjustment', diagnoses: ['E1122'] }),
      claim({ claimId: 'C', diagnoses: ['J449'], lines: [line({ hcpcs: '80053' })] }),
    ];
    const expected = eligibleDiagnoses(claims, 2025, eligibleCodes);
    fc.assert(
      fc.property(fc.shuffledSubarray(claims, { minLength: claims.length, maxLength: claims.length }), (shuffled) => {
        expect(eligibleDiagnoses(shuffled, 2025, eligibleCodes)).toEqual(expected);
      }),
    );
  });
});
