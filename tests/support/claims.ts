/** A valid claim event to start from in tests; override what the test is about. */
import type { ClaimEvent } from '@benchline/shared';

export function aClaim(overrides: Partial<ClaimEvent> = {}): ClaimEvent {
  return {
    kind: 'claim',
    claimId: 'CLM-0001',
    version: 1,
    adjustment: 'original',
    claimType: 'professional',
    memberId: '1EG4TE5MK73',
    fromDate: '2026-03-02',
    throughDate: '2026-03-02',
    paidDate: '2026-03-20',
    billingTin: '123456789',
    billingNpi: '1234567893',
    diagnoses: ['E1122', 'I10'],
    lines: [
      {
        lineNumber: 1,
        hcpcs: '99214',
        renderingNpi: '1234567893',
        renderingSpecialty: '08',
        placeOfService: '11',
        units: 1,
        allowedAmount: 125.18,
        paidAmount: 100.14,
        fromDate: '2026-03-02',
        throughDate: '2026-03-02',
      },
    ],
    paidAmount: 100.14,
    ...overrides,
  };
}
