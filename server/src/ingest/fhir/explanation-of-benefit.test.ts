/**
 * Claims from every published BFD v2 and v3 ExplanationOfBenefit: as published (each placeholder a precise issue)
 * and corrected (the complete mapping of every claim type), plus the version and adjustment rules.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimEvent } from '@benchline/shared';
import { CORRECTIONS, corrected } from './__fixtures__/corrections.js';
import { eventsOf, fixture, issuesOf } from './__fixtures__/fixture-support.js';
import { mapFhirBundle, mapFhirResource, patientCrosswalkOf } from './index.js';
import type { FhirMappingContext } from './index.js';

// The BFD v2 samples reference Patient/567834 (patientRead.json, current MBI 3456789). The v3 EOB samples reference
// bene 12345 while the v3 Patient sample is 123456789 (MBI ABB2BB0BB22); the crosswalk maps both to that MBI.
const v2Patient = patientCrosswalkOf(fixture('bfd-v2/patientRead.json'));
const v3Patient = patientCrosswalkOf(fixture('bfd-v3/Patient.json'));
const context: FhirMappingContext = {
  patients: new Map([
    ['567834', '3456789'],
    ['123456789', 'ABB2BB0BB22'],
    ['12345', 'ABB2BB0BB22'],
  ]),
  source: 'fhir',
};

function mapFixture(path: string) {
  return mapFhirResource(fixture(path), context);
}

function mapCorrected(path: string): ClaimEvent {
  const corrections = CORRECTIONS[path];
  expect(corrections, path).toBeDefined();
  const events = eventsOf(mapFhirResource(corrected(fixture(path), corrections ?? []), context));
  expect(events).toHaveLength(1);
  return events[0] as ClaimEvent;
}

describe('the crosswalks the claim tests rely on', () => {
  it('reads the current MBI of each sample Patient', () => {
    expect(v2Patient).toEqual({ patientId: '567834', memberId: '3456789' });
    expect(v3Patient).toEqual({ patientId: '123456789', memberId: 'ABB2BB0BB22' });
  });
});

describe('BFD v2 ExplanationOfBenefit samples as published: each placeholder is a precise issue', () => {
  const cases: [string, string[]][] = [
    [
      'bfd-v2/eobReadCarrier.json',
      ['npi-check-digit /provider/identifier/value', 'pattern /careTeam/2/provider/identifier/value'],
    ],
    [
      'bfd-v2/eobReadCarrierWithMultipleLines.json',
      ['npi-check-digit /provider/identifier/value', 'pattern /careTeam/2/provider/identifier/value'],
    ],
    [
      'bfd-v2/eobReadDme.json',
      [
        'npi-check-digit /careTeam/1/provider/identifier/value',
        'npi-check-digit /provider/identifier/value',
        'pattern /item/0/productOrService/coding/0/code',
      ],
    ],
    [
      'bfd-v2/eobReadInpatient.json',
      [
        'pattern /careTeam/3/provider/identifier/value',
        'pattern /contained/0/identifier/1/value',
        'pattern /item/0/productOrService/coding/0/code',
      ],
    ],
    [
      'bfd-v2/eobReadOutpatient.json',
      [
        'pattern /careTeam/3/provider/identifier/value',
        'pattern /contained/0/identifier/1/value',
        'pattern /item/0/productOrService/coding/0/code',
      ],
    ],
    [
      'bfd-v2/eobReadHha.json',
      [
        'pattern /careTeam/1/provider/identifier/value',
        'pattern /contained/0/identifier/0/value',
        'pattern /contained/0/identifier/1/value',
        'pattern /item/0/productOrService/coding/0/code',
        'unsupported-code-system /diagnosis/0/diagnosisCodeableConcept/coding/0/system',
      ],
    ],
    [
      'bfd-v2/eobReadHospice.json',
      [
        'pattern /careTeam/2/provider/identifier/value',
        'pattern /contained/0/identifier/0/value',
        'pattern /contained/0/identifier/1/value',
        'pattern /item/0/modifier/1/coding/0/code',
        'pattern /item/0/productOrService/coding/0/code',
        'unsupported-code-system /diagnosis/0/diagnosisCodeableConcept/coding/0/system',
      ],
    ],
    [
      'bfd-v2/eobReadSnf.json',
      [
        'pattern /careTeam/3/provider/identifier/value',
        'pattern /contained/0/identifier/1/value',
        'pattern /item/0/productOrService/coding/0/code',
        'unsupported-code-system /diagnosis/0/diagnosisCodeableConcept/coding/0/system',
        'unsupported-code-system /diagnosis/1/diagnosisCodeableConcept/coding/0/system',
        'unsupported-code-system /diagnosis/2/diagnosisCodeableConcept/coding/0/system',
        'unsupported-code-system /procedure/0/procedureCodeableConcept/coding/0/system',
      ],
    ],
  ];
  it.each(cases)('%s', (path, expected) => {
    expect(issuesOf(mapFixture(path))).toEqual(expected);
  });

  it('names the placeholder value in the message', () => {
    const result = mapFixture('bfd-v2/eobReadCarrier.json');
    expect(result.ok ? [] : result.issues).toContainEqual({
      path: '/provider/identifier/value',
      reason: 'npi-check-digit',
      message: '1234567890 fails the NPI check digit',
    });
  });

  it('maps the Part D event as published (its values are well-formed)', () => {
    const [claim] = eventsOf(mapFixture('bfd-v2/eobReadPde.json'));
    expect(claim).toEqual({
      kind: 'claim',
      claimId: 'pde-89',
      version: 1,
      adjustment: 'original',
      claimType: 'partd',
      memberId: '3456789',
      fromDate: '2015-05-12',
      throughDate: '2015-05-12',
      paidDate: '2015-05-27',
      billingNpi: '1023011079',
      diagnoses: [],
      // No HCPCS (the product is an NDC); allowed is the gross drug cost, paid the plan's covered amount.
      lines: [
        {
          lineNumber: 1,
          units: 60,
          allowedAmount: 550,
          paidAmount: 126.99,
          fromDate: '2015-05-12',
          throughDate: '2015-05-12',
        },
      ],
      // No payment.amount on a PDE: the header is the sum of the lines' benefit (cvrd_d_plan_pd_amt).
      paidAmount: 126.99,
      source: 'fhir',
    });
  });

  it('reports the same issues for each EOB of the searchset Bundle, at its entry', () => {
    const bundle = fixture<{ entry: { resource: { id: string } }[] }>('bfd-v2/eobByPatientIdAll.json');
    const result = mapFhirBundle(bundle, context);
    expect(result.ok).toBe(true);
    const entries = result.ok ? result.entries : [];
    expect(entries).toHaveLength(8);
    const single: Record<string, string> = {
      'outpatient-1234567890': 'bfd-v2/eobReadOutpatient.json',
      'dme-2188888888': 'bfd-v2/eobReadDme.json',
      'hha-2925555555': 'bfd-v2/eobReadHha.json',
      'inpatient-333333222222': 'bfd-v2/eobReadInpatient.json',
      'snf-777777777': 'bfd-v2/eobReadSnf.json',
      'pde-89': 'bfd-v2/eobReadPde.json',
      'carrier-9991831999': 'bfd-v2/eobReadCarrier.json',
      'hospice-9992223422': 'bfd-v2/eobReadHospice.json',
    };
    entries.forEach((entry, i) => {
      const id = bundle.entry[i]?.resource.id ?? '';
      const alone = mapFixture(single[id] ?? '');
      if (alone.ok) {
        expect(entry).toEqual(alone);
      } else {
        expect(issuesOf(entry), id).toEqual(
          issuesOf(alone).map((issue) => issue.replace(' /', ` /entry/${i}/resource/`)),
        );
      }
    });
  });

  it('does not ingest the partially adjudicated Claim reads', () => {
    for (const path of ['bfd-v2/claimFissRead.json', 'bfd-v2/claimMcsRead.json']) {
      expect(issuesOf(mapFixture(path))).toEqual(['unsupported-resource /resourceType']);
    }
  });
});

describe('BFD v2 samples with their placeholders corrected map completely', () => {
  it('carrier (71): one line, both ICD-10 systems read once, line NCH payment and allowed charge', () => {
    expect(mapCorrected('bfd-v2/eobReadCarrier.json')).toEqual({
      kind: 'claim',
      claimId: 'carrier-9991831999',
      version: 1,
      adjustment: 'original',
      claimType: 'professional',
      memberId: '3456789',
      fromDate: '1999-10-27',
      throughDate: '1999-10-27',
      paidDate: '1999-11-06', // nch_wkly_proc_dt: the sample has no payment.date
      billingNpi: '1234567893',
      diagnoses: ['A02', 'A06', 'B04', 'B05', 'A52'],
      lines: [
        {
          lineNumber: 6,
          hcpcs: '92999',
          modifiers: ['LT'],
          renderingNpi: '1942945159',
          renderingSpecialty: '41',
          placeOfService: '11',
          units: 1,
          allowedAmount: 47.84, // eligible: line_alowd_chrg_amt
          paidAmount: 37.5, // benefit: line_nch_pmt_amt
          fromDate: '1999-10-27',
          throughDate: '1999-10-27',
        },
      ],
      paidAmount: 199.99, // payment.amount (CLM_PMT_AMT)
      source: 'fhir',
    });
  });

  it('carrier with seven lines keeps every line, numbered by item.sequence', () => {
    // Each item: careTeamSequence [3, 4] — 3 is the performing NPI (prvdr_spclty 41), 4 a "primary" role, not read.
    const line = (lineNumber: number, hcpcs: string) => ({
      lineNumber,
      hcpcs,
      modifiers: ['LT'],
      renderingNpi: '1942945159',
      renderingSpecialty: '41',
      placeOfService: '11',
      units: 1,
      allowedAmount: 47.84, // line_alowd_chrg_amt, whatever the submitted charge (75, 75, 85, 65, 55, 45, 35)
      paidAmount: 37.5,
      fromDate: '1999-10-27',
      throughDate: '1999-10-27',
    });
    expect(mapCorrected('bfd-v2/eobReadCarrierWithMultipleLines.json')).toEqual({
      kind: 'claim',
      claimId: 'carrier-9991831999',
      version: 1,
      adjustment: 'original',
      claimType: 'professional',
      memberId: '3456789',
      fromDate: '1999-10-27',
      throughDate: '1999-10-27',
      paidDate: '1999-11-06',
      billingNpi: '1234567893',
      diagnoses: ['A02', 'A06', 'B04', 'B05', 'A52'],
      lines: [
        line(1, '92999'),
        line(2, '92998'),
        line(3, '92997'),
        line(4, '92996'),
        line(5, '92995'),
        line(6, '92994'),
        line(7, '92993'),
      ],
      paidAmount: 199.99, // payment.amount, not the sum of the lines (7 × 37.50)
      source: 'fhir',
    });
  });

  it('DME (82): the line allowed charge, not the primary payer allowed amount', () => {
    expect(mapCorrected('bfd-v2/eobReadDme.json')).toEqual({
      kind: 'claim',
      claimId: 'dme-2188888888',
      version: 1,
      adjustment: 'original',
      claimType: 'dme',
      memberId: '3456789',
      fromDate: '2014-02-03',
      throughDate: '2014-02-03',
      paidDate: '2014-02-14',
      billingNpi: '1548226988',
      diagnoses: ['B04', 'A37', 'A25'],
      lines: [
        {
          lineNumber: 1,
          hcpcs: 'E0601',
          modifiers: ['YY'],
          renderingNpi: '1306849450',
          renderingSpecialty: 'A5',
          placeOfService: '12',
          units: 60, // quantity (LINE_SRVC_CNT), not the MTUS count 60.234
          allowedAmount: 129.45, // line_alowd_chrg_amt, not line_prmry_alowd_chrg_amt (20.29)
          paidAmount: 123.45, // benefit (line_nch_pmt_amt), not paidtoprovider (120)
          fromDate: '2014-02-03',
          throughDate: '2014-02-03',
        },
      ],
      paidAmount: 777.75,
      source: 'fhir',
    });
  });

  it('inpatient (60): CCN, type of bill, discharge status, DRG, ICD-10-PCS, IME and DSH; admitting and external-cause codes left out', () => {
    expect(mapCorrected('bfd-v2/eobReadInpatient.json')).toEqual({
      kind: 'claim',
      claimId: 'inpatient-333333222222',
      version: 1,
      adjustment: 'original',
      claimType: 'inpatient',
      memberId: '3456789',
      fromDate: '2016-01-15',
      throughDate: '2016-01-27',
      paidDate: '2016-02-26',
      billingNpi: '1548226988',
      facilityCcn: '777776',
      typeOfBill: '111', // clm_fac_type_cd 1 + clm_srvc_clsfctn_type_cd 1 + clm_freq_cd 1
      dischargeStatus: '51',
      drg: '695',
      procedures: ['BQ0HZZZ', 'CD1YYZZ', '2W52X6Z', 'BP17ZZZ', 'D9YD8ZZ', 'F00ZCKZ'],
      diagnoses: ['A40', 'A52', 'A06', 'A15', 'B01'], // principal (sequence 2) first; A37 admitting, A01/A02 external cause out
      lines: [
        {
          lineNumber: 1,
          hcpcs: 'J1100',
          // Its only modifier is the NDC quantity qualifier "GG" (UCUM system): no HCPCS modifier.
          revenueCode: '6767',
          renderingNpi: '1942945159',
          units: 1, // no rev_cntr_unit_cnt; quantity 77 is the NDC quantity (REV_CNTR_NDC_QTY), not units
          allowedAmount: 0, // revenue lines of an inpatient stay carry charges only
          paidAmount: 0,
          fromDate: '2016-01-15', // no line dates: the stay's
          throughDate: '2016-01-27',
        },
      ],
      paidAmount: 7699.48,
      imeAmount: 66125.51, // ime_op_clm_val_amt
      dshAmount: 25, // dsh_op_clm_val_amt
      source: 'fhir',
    });
  });

  it('outpatient (40): revenue code 1 is 0001, the revenue-centre payment is the line paid amount', () => {
    expect(mapCorrected('bfd-v2/eobReadOutpatient.json')).toEqual({
      kind: 'claim',
      claimId: 'outpatient-1234567890',
      version: 1,
      adjustment: 'original',
      claimType: 'outpatient',
      memberId: '3456789',
      fromDate: '2011-01-24',
      throughDate: '2011-01-24',
      paidDate: '2011-02-26',
      billingNpi: '1548226988',
      facilityCcn: '999999',
      typeOfBill: '131',
      dischargeStatus: '01',
      procedures: ['CD1YYZZ'],
      diagnoses: ['A40', 'A52'], // A06, A15 external cause and A37 reason for visit left out
      lines: [
        {
          lineNumber: 25,
          hcpcs: 'G0463',
          modifiers: ['XX'], // hcpcs_1st_mdfr_cd; the UCUM "GG" is the NDC quantity qualifier
          revenueCode: '0001',
          renderingNpi: '1942945159',
          units: 111, // rev_cntr_unit_cnt, not quantity 77 (the NDC quantity)
          allowedAmount: 0,
          paidAmount: 5000, // rev_cntr_pmt_amt_amt (filed under "submitted" by BFD v2), not paidtoprovider 200
          fromDate: '1942-01-03',
          throughDate: '1942-01-03',
        },
      ],
      paidAmount: 693.11,
      source: 'fhir',
    });
  });

  it('home health (10): type of bill 321, the revenue-centre unit count, the ICD-9 principal corrected', () => {
    expect(mapCorrected('bfd-v2/eobReadHha.json')).toEqual({
      kind: 'claim',
      claimId: 'hha-2925555555',
      version: 1,
      adjustment: 'original',
      claimType: 'hha', // eob-type HHA, though the FHIR claim-type coding says professional
      memberId: '3456789',
      fromDate: '2015-06-23',
      throughDate: '2015-06-23',
      paidDate: '2015-11-06',
      billingNpi: '1548226988',
      facilityCcn: '457001',
      typeOfBill: '321', // clm_fac_type_cd 3 + clm_srvc_clsfctn_type_cd 2 + clm_freq_cd 1
      dischargeStatus: '30',
      diagnoses: ['K219', 'B01', 'B05', 'B30'],
      lines: [
        {
          lineNumber: 1,
          hcpcs: 'G0299',
          modifiers: ['KO'], // the UCUM "DD" is the NDC quantity qualifier
          revenueCode: '0023',
          renderingNpi: '1942945159',
          units: 1, // rev_cntr_unit_cnt, not quantity 666 (the NDC quantity)
          allowedAmount: 0,
          paidAmount: 26, // rev_cntr_pmt_amt_amt
          fromDate: '2015-06-23',
          throughDate: '2015-06-23',
        },
      ],
      paidAmount: 188,
      source: 'fhir',
    });
  });

  it('hospice (50): type of bill 811; of two performing members the one with an NPI renders', () => {
    expect(mapCorrected('bfd-v2/eobReadHospice.json')).toEqual({
      kind: 'claim',
      claimId: 'hospice-9992223422',
      version: 1,
      adjustment: 'original',
      claimType: 'hospice',
      memberId: '3456789',
      fromDate: '2014-01-01',
      throughDate: '2014-01-30',
      paidDate: '2014-10-10',
      billingNpi: '1548226988',
      facilityCcn: '451500',
      typeOfBill: '811',
      dischargeStatus: '30',
      diagnoses: ['R69', 'B30'], // B01 and A52 are external-cause codes
      lines: [
        {
          lineNumber: 1,
          hcpcs: 'Q5001',
          modifiers: ['GW'], // hcpcs_2nd_mdfr_cd; the UCUM "B" before it is the NDC quantity qualifier
          revenueCode: '0651',
          renderingNpi: '1942945159', // careTeam 3; careTeam 2 is performing too, with a UPIN
          units: 1, // no rev_cntr_unit_cnt; quantity 5454 is the NDC quantity
          allowedAmount: 0,
          paidAmount: 26, // rev_cntr_pmt_amt_amt, not paidtoprovider 29
          fromDate: '2014-09-01',
          throughDate: '2014-09-01',
        },
      ],
      paidAmount: 130.32,
      source: 'fhir',
    });
  });

  it('SNF (20): corrected ICD-9 codes read as ICD-10, DRG, type of bill 211 and the revenue-centre unit count', () => {
    expect(mapCorrected('bfd-v2/eobReadSnf.json')).toEqual({
      kind: 'claim',
      claimId: 'snf-777777777',
      version: 1,
      adjustment: 'original',
      claimType: 'snf',
      memberId: '3456789',
      fromDate: '2013-12-01',
      throughDate: '2013-12-18',
      paidDate: '2014-02-14', // nch_wkly_proc_dt
      billingNpi: '1548226988',
      facilityCcn: '299999', // the PRN identifier of the provider organisation
      typeOfBill: '211', // clm_fac_type_cd 2 + clm_srvc_clsfctn_type_cd 1 + clm_freq_cd 1
      dischargeStatus: '01', // ptnt_dschrg_stus_cd 1
      drg: '645', // clm_drg_cd
      procedures: ['CP1Z1ZZ'],
      // Principal (sequence 2) first, then sequences 1 and 3; 4 and 5 are external-cause codes, left out.
      diagnoses: ['B89', 'N83209', 'Z20828'],
      lines: [
        {
          lineNumber: 1,
          hcpcs: '97110',
          // The UCUM "ML" is the NDC quantity qualifier: no HCPCS modifier.
          revenueCode: '0022', // rev_cntr 22; the NUBC coding "A" after it is a placeholder, not read
          renderingNpi: '1942945159', // careTeam 4 (performing)
          units: 477, // rev_cntr_unit_cnt, not quantity 234.567 (the NDC quantity, in ML)
          allowedAmount: 0, // rate, total charge and non-covered charge only: no allowed or paid amount
          paidAmount: 0,
          fromDate: '2013-12-01', // no line dates: the claim's
          throughDate: '2013-12-18',
        },
      ],
      paidAmount: 3333.33, // payment.amount; clm_tot_chrg_amt 5555.03 is the charge
      source: 'fhir',
    });
  });
});

describe('BFD v3 (IDR) ExplanationOfBenefit samples', () => {
  const asPublished: [string, string[]][] = [
    ['bfd-v3/ExplanationOfBenefit-Carrier.json', ['pattern /item/0/extension/1/valueIdentifier/value']],
    ['bfd-v3/ExplanationOfBenefit-MCS.json', ['pattern /item/0/extension/1/valueIdentifier/value']],
    ['bfd-v3/ExplanationOfBenefit-DME.json', ['pattern /item/0/extension/1/valueIdentifier/value']],
    ['bfd-v3/ExplanationOfBenefit-Hospice.json', ['pattern /contained/1/identifier/1/value']],
    ['bfd-v3/ExplanationOfBenefit-Outpatient.json', ['pattern /contained/1/identifier/1/value']],
    ['bfd-v3/ExplanationOfBenefit-SNF.json', ['pattern /contained/1/identifier/1/value']],
    [
      'bfd-v3/ExplanationOfBenefit.json',
      ['pattern /contained/1/identifier/1/value', 'pattern /contained/1/identifier/2/value'],
    ],
    [
      'bfd-v3/ExplanationOfBenefit-PriorAuth.json',
      [
        'required /billablePeriod/end',
        'required /billablePeriod/start',
        'required /id',
        'required /payment/date',
        'required /type',
        'unresolved-patient /patient',
      ],
    ],
  ];
  it.each(asPublished)('%s as published', (path, expected) => {
    expect(issuesOf(mapFixture(path))).toEqual(expected);
  });

  // What the v3 Part A/B claim samples share (read from each file; not the Pharmacy or PriorAuth one): the uc identifier "NON-UNIQUE-ID-HERE" (no resource
  // id), CLM_ADJSTMT_TYPE_CD 0, bene 12345, billablePeriod 2025-01-03 – 2025-01-11, no payment.date but
  // CLM_NCH_WKLY_PROC_DT 2025-01-18, payment.amount 3.50.
  const v3Header = {
    kind: 'claim',
    claimId: 'NON-UNIQUE-ID-HERE',
    version: 1,
    adjustment: 'original',
    memberId: 'ABB2BB0BB22',
    fromDate: '2025-01-03',
    throughDate: '2025-01-11',
    paidDate: '2025-01-18',
    paidAmount: 3.5,
    source: 'fhir',
  };
  // The institutional samples' header fields: TypeOfBill 0123, discharge status 06, the five ICD-10-PCS codes and
  // the header adjudications CLM_OPRTNL_IME_AMT and CLM_OPRTNL_DSPRTNT_AMT (the samples copy the inpatient ones;
  // they are carried as given, as CCLF's are on every Part A claim).
  const v3Institutional = {
    billingNpi: '1548226988',
    typeOfBill: '123',
    dischargeStatus: '06',
    procedures: ['0SG30AJ', '01NB0ZZ', '0SB40ZZ', '01NR0ZZ', '8E0WXBZ'],
    imeAmount: 12342.14,
    dshAmount: 14.14,
  };
  // The four lines of those samples (the carrier's differ), without their dates and provider fields. Line 1: eligible
  // CLM_LINE_ALOWD_CHRG_AMT 9194.22 and no benefit, so paidtoprovider 11.15. Line 2: benefit CLM_LINE_CVRD_PD_AMT
  // 11.14 (paidtoprovider -91 or 91 not read), no eligible. Line 3: data-absent product (HHA: a HIPPS code), no
  // quantity, paidtoprovider 14.11. Line 4: paidtoprovider 11.11; MSP, blood deductible and coinsurance not read.
  const v3Line1 = {
    lineNumber: 1,
    hcpcs: '99213',
    revenueCode: '0636',
    units: 3,
    allowedAmount: 9194.22,
    paidAmount: 11.15,
  };
  const v3Line2 = {
    lineNumber: 2,
    hcpcs: '99453',
    modifiers: ['A2'],
    revenueCode: '0771',
    units: 3,
    allowedAmount: 0,
    paidAmount: 11.14,
  };
  const v3Line3 = {
    lineNumber: 3,
    modifiers: ['99'],
    revenueCode: '0001',
    units: 1,
    allowedAmount: 0,
    paidAmount: 14.11,
  };
  const v3Line4 = { lineNumber: 4, hcpcs: 'J2270', revenueCode: '0636', units: 3, allowedAmount: 0, paidAmount: 11.11 };
  const stay = { fromDate: '2025-01-03', throughDate: '2025-01-11' }; // a line without servicedDate: the claim's
  const jan1 = { fromDate: '2025-01-01', throughDate: '2025-01-01' }; // servicedDate 2025-01-01

  it('carrier: uc identifier as claim id, dotted ICD-10 deduplicated, line TIN, CPT, modifiers packed in one concept', () => {
    expect(mapCorrected('bfd-v3/ExplanationOfBenefit-Carrier.json')).toEqual({
      kind: 'claim',
      claimId: 'NON-UNIQUE-ID-HERE', // the v3 samples have no resource id; the uc identifier names the claim
      version: 1,
      adjustment: 'original', // CLM_ADJSTMT_TYPE_CD 0
      claimType: 'professional',
      memberId: 'ABB2BB0BB22',
      fromDate: '2025-01-03',
      throughDate: '2025-01-11',
      paidDate: '2025-01-18', // CLM_NCH_WKLY_PROC_DT
      billingNpi: '1942945159',
      billingTin: '999999015', // CLM-PRVDR-TAX-NUM of the lines
      diagnoses: ['M48062', 'M48063', 'M47817', 'E7800'], // M48.062 is both principal and secondary: once
      lines: [
        {
          lineNumber: 1,
          hcpcs: '99213',
          revenueCode: '0636',
          renderingNpi: '1942945159',
          renderingSpecialty: '11', // the line's CLM-PRVDR-SPCLTY-CD (its care-team member has no qualification)
          placeOfService: '07',
          units: 3,
          allowedAmount: 9194.22, // eligible: CLM_LINE_ALOWD_CHRG_AMT
          paidAmount: 11.15, // no benefit on this line: paidtoprovider CLM_LINE_PRVDR_PMT_AMT
          fromDate: '2025-01-01',
          throughDate: '2025-01-02',
        },
        {
          lineNumber: 2,
          hcpcs: '99453',
          modifiers: ['A2', 'A2', 'A2', 'A2', 'A5'],
          revenueCode: '0771',
          renderingNpi: '1952378861',
          renderingSpecialty: '11',
          placeOfService: '07',
          units: 3,
          allowedAmount: 0,
          paidAmount: 11.14, // benefit: CLM_LINE_CVRD_PD_AMT, not paidtoprovider (91)
          fromDate: '2025-01-01',
          throughDate: '2025-01-01',
        },
        {
          lineNumber: 3,
          modifiers: ['99'], // productOrService is data-absent: no HCPCS
          revenueCode: '0001',
          renderingNpi: '1952378861',
          renderingSpecialty: '11',
          placeOfService: '07',
          units: 1, // no quantity: one
          allowedAmount: 0,
          paidAmount: 14.11,
          fromDate: '2025-01-01',
          throughDate: '2025-01-01',
        },
        {
          lineNumber: 4,
          hcpcs: 'J2270',
          revenueCode: '0636',
          renderingNpi: '1952378861',
          renderingSpecialty: '11',
          placeOfService: '07',
          units: 3,
          allowedAmount: 0,
          paidAmount: 11.11,
          fromDate: '2025-01-01',
          throughDate: '2025-01-01',
        },
      ],
      paidAmount: 3.5,
      source: 'fhir',
    });
  });

  it('MCS carrier (CLM-TYPE-CD 2700): eob-type CARRIER decides, line specialty from the line extension', () => {
    expect(mapCorrected('bfd-v3/ExplanationOfBenefit-MCS.json')).toEqual({
      ...v3Header,
      claimType: 'professional', // CLM-TYPE-CD 2700 is not a CCW code
      billingNpi: '1942945159', // the contained provider; its CCN is not read on a professional claim
      billingTin: '999999015', // line 1's CLM-PRVDR-TAX-NUM, corrected
      diagnoses: ['M48062', 'M47817', 'E7800'], // M48.062 principal and twice secondary: once
      // No careTeam: no rendering NPI. Every line has place of service 07.
      lines: [
        {
          ...v3Line1,
          renderingSpecialty: '11', // CLM-PRVDR-SPCLTY-CD on line 1 only
          placeOfService: '07',
          fromDate: '2025-01-01', // servicedPeriod
          throughDate: '2025-01-02',
        },
        { ...v3Line2, modifiers: ['A2', 'A2', 'A2', 'A2', 'A5'], placeOfService: '07', ...jan1 },
        { ...v3Line3, placeOfService: '07', ...jan1 },
        { ...v3Line4, placeOfService: '07', ...jan1 },
      ],
    });
  });

  it('DME (CLM-TYPE-CD 82): every line, its dates, modifiers, units and amounts; the paid total is payment.amount', () => {
    expect(mapCorrected('bfd-v3/ExplanationOfBenefit-DME.json')).toEqual({
      ...v3Header,
      claimType: 'dme',
      billingNpi: '1548226988',
      billingTin: '999999015',
      diagnoses: ['M48062', 'M47817', 'E7800'],
      lines: [
        { ...v3Line1, placeOfService: '07', ...jan1 },
        { ...v3Line2, placeOfService: '07', ...jan1 },
        { ...v3Line3, placeOfService: '07', ...jan1 },
        { ...v3Line4, placeOfService: '07', ...jan1 },
      ],
    });
  });

  it('inpatient: NUBC type of bill 0123 is 123, MS-DRG, ICD-10-PCS, operating IME and DSH from the header adjudication', () => {
    expect(mapCorrected('bfd-v3/ExplanationOfBenefit.json')).toEqual({
      ...v3Header,
      ...v3Institutional,
      claimType: 'inpatient',
      billingTin: '000765432',
      facilityCcn: '030024',
      drg: '460',
      diagnoses: ['M48062', 'M47817', 'E7800', 'K1121'], // admitting M48.062 and external-cause Z66 out
      lines: [
        { ...v3Line1, renderingNpi: '1942945159', ...stay }, // careTeamSequence 4: the rendering member
        { ...v3Line2, ...stay },
        { ...v3Line3, ...jan1 },
        { ...v3Line4, ...stay },
      ],
    });
  });

  it('outpatient: the reason-for-visit code left out, every line dated by its servicedDate', () => {
    expect(mapCorrected('bfd-v3/ExplanationOfBenefit-Outpatient.json')).toEqual({
      ...v3Header,
      ...v3Institutional,
      claimType: 'outpatient',
      facilityCcn: '030024',
      drg: '460', // the sample carries a drg supportingInfo
      diagnoses: ['M48062', 'M4806', 'E7800'], // M47.817 is the reason for visit; M48.062 repeated once
      lines: [
        { ...v3Line1, ...jan1 },
        { ...v3Line2, ...jan1 },
        { ...v3Line3, ...jan1 },
        { ...v3Line4, ...jan1 },
      ],
    });
  });

  it.each([
    ['bfd-v3/ExplanationOfBenefit-SNF.json', 'snf', '035024'],
    ['bfd-v3/ExplanationOfBenefit-Hospice.json', 'hospice', '031524'],
  ])('%s: claim type, CCN, DRG, dates and every line', (path, claimType, facilityCcn) => {
    expect(mapCorrected(path)).toEqual({
      ...v3Header,
      ...v3Institutional,
      claimType,
      facilityCcn,
      drg: '460',
      diagnoses: ['M48062', 'M47817', 'E7800'], // the admitting M48.062 out, the repeated one once
      lines: [
        { ...v3Line1, ...stay },
        { ...v3Line2, ...stay },
        { ...v3Line3, ...jan1 },
        { ...v3Line4, ...stay },
      ],
    });
  });

  it('home health maps as published: no CCN, no DRG, a HIPPS product gives no HCPCS', () => {
    expect(eventsOf(mapFixture('bfd-v3/ExplanationOfBenefit-HHA.json'))).toEqual([
      {
        ...v3Header,
        ...v3Institutional,
        claimType: 'hha',
        diagnoses: ['M48062', 'M47817', 'E7800'],
        lines: [
          { ...v3Line1, ...stay },
          { ...v3Line2, ...stay },
          { ...v3Line3, ...jan1 }, // productOrService: data-absent and HIPPS NHNC1
          { ...v3Line4, ...stay },
        ],
      },
    ]);
  });

  it('pharmacy maps as published', () => {
    const [pharmacy] = eventsOf(mapFixture('bfd-v3/ExplanationOfBenefit-Pharmacy.json'));
    expect(pharmacy).toEqual({
      kind: 'claim',
      claimId: 'PHARM-2024-0012345',
      version: 1,
      adjustment: 'original',
      claimType: 'partd',
      memberId: 'ABB2BB0BB22',
      fromDate: '2024-01-15',
      throughDate: '2024-01-15',
      paidDate: '2024-01-20',
      diagnoses: [],
      lines: [
        {
          lineNumber: 1,
          units: 1,
          allowedAmount: 0,
          paidAmount: 45.5,
          fromDate: '2024-01-15',
          throughDate: '2024-01-15',
        },
      ],
      paidAmount: 45.5,
      source: 'fhir',
    });
  });
});

describe('claim versions and adjustments', () => {
  const base = () =>
    corrected(
      fixture<Record<string, unknown>>('bfd-v2/eobReadCarrier.json'),
      CORRECTIONS['bfd-v2/eobReadCarrier.json'] ?? [],
    );
  const claimOf = (eob: Record<string, unknown>): ClaimEvent =>
    eventsOf(mapFhirResource(eob, context))[0] as ClaimEvent;

  it('an active EOB without a version is the original, version 1', () => {
    expect(claimOf(base())).toMatchObject({ version: 1, adjustment: 'original' });
  });

  it('a cancelled EOB is a cancel at version 2, so it replaces the original in either order', () => {
    expect(claimOf({ ...base(), status: 'cancelled' })).toMatchObject({ version: 2, adjustment: 'cancel' });
    expect(claimOf({ ...base(), status: 'entered-in-error' })).toMatchObject({ version: 2, adjustment: 'cancel' });
  });

  it('meta.versionId is the version; above 1 it is an adjustment', () => {
    expect(claimOf({ ...base(), meta: { versionId: '1' } })).toMatchObject({ version: 1, adjustment: 'original' });
    expect(claimOf({ ...base(), meta: { versionId: '3' } })).toMatchObject({ version: 3, adjustment: 'adjustment' });
    expect(claimOf({ ...base(), status: 'cancelled', meta: { versionId: '4' } })).toMatchObject({
      version: 4,
      adjustment: 'cancel',
    });
    expect(claimOf({ ...base(), meta: { versionId: 'W/"abc"' } })).toMatchObject({ version: 1 });
  });

  it('CLM_ADJSTMT_TYPE_CD says original, cancel or adjustment', () => {
    const withCode = (code: string) => ({
      ...base(),
      supportingInfo: [
        {
          sequence: 1,
          category: {
            coding: [
              {
                system: 'https://bluebutton.cms.gov/fhir/CodeSystem/Supporting-Information',
                code: 'CLM_ADJSTMT_TYPE_CD',
              },
            ],
          },
          code: { coding: [{ system: 'https://bluebutton.cms.gov/fhir/CodeSystem/CLM-ADJSTMT-TYPE-CD', code }] },
        },
        {
          sequence: 2,
          category: { coding: [{ code: 'https://bluebutton.cms.gov/resources/variables/nch_wkly_proc_dt' }] },
          timingDate: '1999-11-06',
        },
      ],
    });
    expect(claimOf(withCode('0'))).toMatchObject({ version: 1, adjustment: 'original' });
    expect(claimOf(withCode('1'))).toMatchObject({ version: 2, adjustment: 'cancel' });
    expect(claimOf(withCode('2'))).toMatchObject({ version: 2, adjustment: 'adjustment' });
  });
});
