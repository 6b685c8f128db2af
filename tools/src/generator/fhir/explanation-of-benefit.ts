/**
 * Claim version → a CARIN Blue Button ExplanationOfBenefit as BFD v2 serves it: eob-type and CCW claim type
 * codings, billablePeriod, payment (date and CLM_PMT_AMT), the billing organisation (NPI, TIN, CCN) contained,
 * care team (rendering NPI and specialty), ICD-10-CM diagnoses in their dotted form, ICD-10-PCS procedures, and
 * items adjudicated `eligible` (allowed) and `benefit` (Medicare paid). The claim version is meta.versionId and the
 * adjustment type BFD v3's CLM_ADJSTMT_TYPE_CD; a cancel is a cancelled EOB.
 */
import type { ClaimEvent, ClaimLine, ClaimType } from '@benchline/shared';
import {
  BFD_VARIABLE,
  coding,
  concept,
  type FhirResource,
  isFhirId,
  memberReference,
  money,
  URL,
} from './fhir-systems.js';

const EOB_TYPE: Readonly<Record<ClaimType, string>> = {
  inpatient: 'INPATIENT',
  outpatient: 'OUTPATIENT',
  snf: 'SNF',
  hha: 'HHA',
  hospice: 'HOSPICE',
  professional: 'CARRIER',
  dme: 'DME',
  partd: 'PDE',
};

/** The CCW claim type code written beside eob-type (Part D events have none). */
const CCW_CLAIM_TYPE: Readonly<Partial<Record<ClaimType, string>>> = {
  hha: '10',
  snf: '20',
  outpatient: '40',
  hospice: '50',
  inpatient: '60',
  professional: '71',
  dme: '82',
};

const INSTITUTIONAL: ReadonlySet<ClaimType> = new Set(['inpatient', 'outpatient', 'snf', 'hha', 'hospice']);
const ADJUSTMENT_CODE = { original: '0', cancel: '1', adjustment: '2' } as const;

export function claimToExplanationOfBenefit(claim: ClaimEvent): FhirResource {
  const institutional = INSTITUTIONAL.has(claim.claimType);
  const careTeam = careTeamOf(claim.lines);
  const supportingInfo = supportingInfoOf(claim);
  return dropUndefined({
    resourceType: 'ExplanationOfBenefit',
    id: isFhirId(claim.claimId) ? claim.claimId : undefined,
    meta: { versionId: String(claim.version), lastUpdated: `${claim.paidDate}T00:00:00Z` },
    contained: billingOrganizationOf(claim),
    extension: addOnExtensionsOf(claim),
    identifier: [
      {
        type: concept(URL.c4bbIdentifierType, 'uc'),
        system: `${BFD_VARIABLE}clm_id`,
        value: claim.claimId,
      },
    ],
    status: claim.adjustment === 'cancel' ? 'cancelled' : 'active',
    type: {
      coding: [
        ...(CCW_CLAIM_TYPE[claim.claimType] === undefined
          ? []
          : [coding(`${BFD_VARIABLE}nch_clm_type_cd`, CCW_CLAIM_TYPE[claim.claimType] ?? '')]),
        coding(URL.eobType, EOB_TYPE[claim.claimType]),
        coding(
          URL.claimType,
          claim.claimType === 'partd' ? 'pharmacy' : institutional ? 'institutional' : 'professional',
        ),
      ],
    },
    use: 'claim',
    patient: memberReference(claim.memberId),
    billablePeriod: { start: claim.fromDate, end: claim.throughDate },
    created: claim.paidDate,
    insurer: { identifier: { value: 'CMS' } },
    provider: hasBillingProvider(claim) ? { reference: '#provider-org' } : { display: 'Billing provider not given' },
    outcome: 'complete',
    careTeam: careTeam.entries.length === 0 ? undefined : careTeam.entries,
    supportingInfo,
    diagnosis:
      claim.diagnoses.length === 0
        ? undefined
        : claim.diagnoses.map((code, index) => ({
            sequence: index + 1,
            diagnosisCodeableConcept: concept(URL.icd10cm, dottedIcd10(code)),
            type: [
              index === 0
                ? concept(URL.diagnosisType, 'principal')
                : concept(URL.c4bbDiagnosisType, institutional ? 'other' : 'secondary'),
            ],
          })),
    procedure: claim.procedures?.map((code, index) => ({
      sequence: index + 1,
      date: claim.fromDate,
      procedureCodeableConcept: concept(URL.icd10pcs, code),
    })),
    insurance: [
      {
        focal: true,
        coverage: {
          display: claim.claimType === 'partd' ? 'Part D' : claim.claimType === 'inpatient' ? 'Part A' : 'Part B',
        },
      },
    ],
    item: claim.lines.map((line) => itemOf(line, careTeam.sequenceOf(line))),
    payment: { date: claim.paidDate, amount: money(claim.paidAmount) },
  }) as FhirResource;
}

function hasBillingProvider(claim: ClaimEvent): boolean {
  return claim.billingNpi !== undefined || claim.billingTin !== undefined || claim.facilityCcn !== undefined;
}

function billingOrganizationOf(claim: ClaimEvent): Record<string, unknown>[] | undefined {
  if (!hasBillingProvider(claim)) {
    return undefined;
  }
  const identifier = [
    ...(claim.billingNpi === undefined
      ? []
      : [{ type: concept(URL.c4bbIdentifierType, 'npi'), system: URL.npi, value: claim.billingNpi }]),
    ...(claim.billingTin === undefined
      ? []
      : [{ type: concept(URL.v2IdentifierType, 'TAX'), system: URL.tin, value: claim.billingTin }]),
    ...(claim.facilityCcn === undefined
      ? []
      : [{ type: concept(URL.v2IdentifierType, 'PRN'), system: URL.ccn, value: claim.facilityCcn }]),
  ];
  return [{ resourceType: 'Organization', id: 'provider-org', identifier, active: true }];
}

function addOnExtensionsOf(claim: ClaimEvent): Record<string, unknown>[] | undefined {
  const extensions = [
    ...(claim.imeAmount === undefined
      ? []
      : [{ url: `${BFD_VARIABLE}ime_op_clm_val_amt`, valueMoney: money(claim.imeAmount) }]),
    ...(claim.dshAmount === undefined
      ? []
      : [{ url: `${BFD_VARIABLE}dsh_op_clm_val_amt`, valueMoney: money(claim.dshAmount) }]),
  ];
  return extensions.length === 0 ? undefined : extensions;
}

function supportingInfoOf(claim: ClaimEvent): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [
    {
      category: {
        coding: [
          coding(URL.claimInformationCategory, 'info'),
          coding(URL.bfdSupportingInformation, 'CLM_ADJSTMT_TYPE_CD'),
        ],
      },
      code: concept(URL.adjustmentType, ADJUSTMENT_CODE[claim.adjustment]),
    },
  ];
  if (claim.typeOfBill !== undefined) {
    // NUBC writes the type of bill with its leading zero (0111).
    const code = claim.typeOfBill.length === 3 ? `0${claim.typeOfBill}` : claim.typeOfBill;
    entries.push({ category: concept(URL.c4bbSupportingInfo, 'typeofbill'), code: concept(URL.nubcTypeOfBill, code) });
  }
  if (claim.dischargeStatus !== undefined) {
    entries.push({
      category: concept(URL.c4bbSupportingInfo, 'discharge-status'),
      code: concept(URL.nubcDischargeStatus, claim.dischargeStatus),
    });
  }
  if (claim.drg !== undefined) {
    entries.push({ category: concept(URL.c4bbSupportingInfo, 'drg'), code: concept(URL.msDrg, claim.drg) });
  }
  return entries.map((entry, index) => ({ sequence: index + 1, ...entry }));
}

/** One care-team member per distinct rendering NPI and specialty, numbered in line order. */
function careTeamOf(lines: readonly ClaimLine[]): {
  entries: Record<string, unknown>[];
  sequenceOf: (line: ClaimLine) => number | undefined;
} {
  const sequences = new Map<string, number>();
  const entries: Record<string, unknown>[] = [];
  const keyOf = (line: ClaimLine): string => `${line.renderingNpi ?? ''}|${line.renderingSpecialty ?? ''}`;
  for (const line of lines) {
    if (line.renderingNpi === undefined || sequences.has(keyOf(line))) {
      continue;
    }
    const sequence = entries.length + 1;
    sequences.set(keyOf(line), sequence);
    entries.push({
      sequence,
      provider: {
        identifier: { type: concept(URL.c4bbIdentifierType, 'npi'), system: URL.npi, value: line.renderingNpi },
      },
      role: concept(URL.c4bbCareTeamRole, 'performing'),
      ...(line.renderingSpecialty === undefined
        ? {}
        : { qualification: concept(`${BFD_VARIABLE}prvdr_spclty`, line.renderingSpecialty) }),
    });
  }
  return {
    entries,
    sequenceOf: (line) => (line.renderingNpi === undefined ? undefined : sequences.get(keyOf(line))),
  };
}

function itemOf(line: ClaimLine, careTeamSequence: number | undefined): Record<string, unknown> {
  return dropUndefined({
    // A specialty without a rendering NPI has no care-team member to sit on; BFD's line variable carries it.
    extension:
      line.renderingSpecialty !== undefined && line.renderingNpi === undefined
        ? [
            {
              url: `${BFD_VARIABLE}prvdr_spclty`,
              valueCoding: coding(`${BFD_VARIABLE}prvdr_spclty`, line.renderingSpecialty),
            },
          ]
        : undefined,
    sequence: line.lineNumber,
    careTeamSequence: careTeamSequence === undefined ? undefined : [careTeamSequence],
    revenue: line.revenueCode === undefined ? undefined : concept(URL.nubcRevenue, line.revenueCode),
    productOrService:
      line.hcpcs === undefined
        ? concept(URL.dataAbsentReason, 'not-applicable')
        : concept(/^[0-9]/.test(line.hcpcs) ? URL.cpt : URL.hcpcs, line.hcpcs),
    modifier: line.modifiers?.map((modifier) => concept(URL.hcpcs, modifier)),
    servicedPeriod: { start: line.fromDate, end: line.throughDate },
    locationCodeableConcept:
      line.placeOfService === undefined ? undefined : concept(URL.placeOfService, line.placeOfService),
    quantity: { value: line.units },
    adjudication: [
      {
        category: {
          coding: [
            coding(URL.adjudication, 'eligible', 'Eligible Amount'),
            coding(URL.bfdAdjudication, `${BFD_VARIABLE}line_alowd_chrg_amt`, 'Line Allowed Charge Amount'),
          ],
        },
        amount: money(line.allowedAmount),
      },
      {
        category: {
          coding: [
            coding(URL.adjudication, 'benefit', 'Benefit Amount'),
            coding(URL.bfdAdjudication, `${BFD_VARIABLE}line_nch_pmt_amt`, 'Line NCH Medicare Payment Amount'),
          ],
        },
        amount: money(line.paidAmount),
      },
    ],
  });
}

/** ICD-10-CM as it is written (and as BFD v3 sends it): a dot after the third character (E119 → E11.9). */
export function dottedIcd10(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
