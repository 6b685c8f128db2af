/**
 * Corrected copies of the published samples: each sample's test placeholders (NPI `0000000000`, CCN `00024`,
 * HCPCS `M55`, ICD-9 codes, `IGNORED_FIELD` timestamps …) replaced by well-formed values, and nothing else, so a
 * test can prove the complete mapping of every claim type. A correction is a JSON pointer, the value it gets and
 * why; the originals stay byte-for-byte as published and their tests assert the precise issue each placeholder
 * causes.
 */

export interface Correction {
  readonly path: string;
  readonly value: unknown;
  readonly why: string;
}

const VALID_NPI = {
  billing: '1548226988',
  rendering: '1942945159',
  other: '1306849450',
} as const;

const billingNpi = (path: string): Correction => ({
  path,
  value: VALID_NPI.billing,
  why: 'placeholder NPI (0000000000 / bad check digit) replaced by a well-formed NPI',
});
const renderingNpi = (path: string): Correction => ({
  path,
  value: VALID_NPI.rendering,
  why: 'placeholder rendering NPI (345345345, 1923124, 0) replaced by a well-formed NPI',
});
const lastUpdated = (path: string): Correction => ({
  path,
  value: '2023-01-31T10:00:00.000-05:00',
  why: 'the literal IGNORED_FIELD stands where BFD writes the record timestamp',
});

export const CORRECTIONS: Readonly<Record<string, readonly Correction[]>> = {
  'bfd-v2/eobReadCarrier.json': [
    {
      path: '/provider/identifier/value',
      value: '1234567893',
      why: '1234567890 fails the NPI check digit; …893 passes',
    },
    renderingNpi('/careTeam/2/provider/identifier/value'),
  ],
  'bfd-v2/eobReadCarrierWithMultipleLines.json': [
    {
      path: '/provider/identifier/value',
      value: '1234567893',
      why: '1234567890 fails the NPI check digit; …893 passes',
    },
    renderingNpi('/careTeam/2/provider/identifier/value'),
  ],
  'bfd-v2/eobReadDme.json': [
    billingNpi('/provider/identifier/value'),
    { path: '/careTeam/1/provider/identifier/value', value: VALID_NPI.other, why: '1244444444 fails the check digit' },
    { path: '/item/0/productOrService/coding/0/code', value: 'E0601', why: 'placeholder HCPCS "345" → a DME code' },
  ],
  'bfd-v2/eobReadInpatient.json': [
    billingNpi('/contained/0/identifier/1/value'),
    { path: '/item/0/productOrService/coding/0/code', value: 'J1100', why: 'placeholder HCPCS "M55"' },
    { path: '/item/0/productOrService/coding/1/code', value: 'J1100', why: 'the same placeholder, repeated' },
    renderingNpi('/careTeam/3/provider/identifier/value'),
  ],
  'bfd-v2/eobReadOutpatient.json': [
    billingNpi('/contained/0/identifier/1/value'),
    { path: '/item/0/productOrService/coding/0/code', value: 'G0463', why: 'placeholder HCPCS "M99"' },
    renderingNpi('/careTeam/3/provider/identifier/value'),
  ],
  'bfd-v2/eobReadHha.json': [
    {
      path: '/diagnosis/0/diagnosisCodeableConcept/coding/0',
      value: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'K21.9' },
      why: 'an ICD-9 code (530.81) on a 2015 claim; K21.9 is its ICD-10-CM counterpart',
    },
    billingNpi('/contained/0/identifier/1/value'),
    { path: '/contained/0/identifier/0/value', value: '457001', why: 'placeholder CCN "45645" has 5 characters' },
    { path: '/item/0/productOrService/coding/0/code', value: 'G0299', why: 'placeholder HCPCS "2GGGG"' },
    renderingNpi('/careTeam/1/provider/identifier/value'),
  ],
  'bfd-v2/eobReadHospice.json': [
    {
      path: '/diagnosis/0/diagnosisCodeableConcept/coding/0',
      value: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'R69' },
      why: 'an ICD-9 code (727.61) cannot be mapped; replaced by an ICD-10-CM code',
    },
    billingNpi('/contained/0/identifier/1/value'),
    { path: '/contained/0/identifier/0/value', value: '451500', why: 'placeholder CCN "12345" has 5 characters' },
    { path: '/item/0/productOrService/coding/0/code', value: 'Q5001', why: 'placeholder HCPCS "A5C"' },
    // modifier/0 is the NDC quantity qualifier "B" (UCUM system), not a HCPCS modifier: not read, left as published.
    { path: '/item/0/modifier/1/coding/0/code', value: 'GW', why: 'placeholder modifier "Q9999"' },
    renderingNpi('/careTeam/2/provider/identifier/value'),
  ],
  'bfd-v2/eobReadSnf.json': [
    {
      path: '/diagnosis/0/diagnosisCodeableConcept/coding/0',
      value: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N83.209' },
      why: 'ICD-9 620.2 (ovarian cyst NEC/NOS) on a 2013 claim; N83.209 is the ICD-10-CM code of the same condition',
    },
    {
      path: '/diagnosis/1/diagnosisCodeableConcept/coding/0',
      value: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'B89' },
      why: 'ICD-9 373.6 (parasitic infestation of eyelid), the principal diagnosis; B89 (unspecified parasitic disease) stands in',
    },
    {
      path: '/diagnosis/2/diagnosisCodeableConcept/coding/0',
      value: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z20.828' },
      why: 'ICD-9 V01.82 (exposure to SARS); Z20.828 is contact with or exposure to another viral communicable disease',
    },
    // diagnosis/3 and /4 are ICD-9 external-cause codes, which the mapper leaves out unread: left as published.
    {
      path: '/procedure/0/procedureCodeableConcept/coding/0',
      value: { system: 'http://www.cms.gov/Medicare/Coding/ICD10', code: 'CP1Z1ZZ' },
      why: 'ICD-9-CM procedure 92.14 (bone scan); CP1Z1ZZ is planar nuclear medicine imaging of the musculoskeletal system (Tc-99m)',
    },
    billingNpi('/contained/0/identifier/1/value'),
    {
      path: '/item/0/productOrService/coding/0/code',
      value: '97110',
      why: 'placeholder HCPCS "MMM" → a therapy code SNFs bill',
    },
    renderingNpi('/careTeam/3/provider/identifier/value'),
  ],
  'bfd-v2/patientRead.json': [lastUpdated('/meta/lastUpdated')],
  'bfd-v2/coverageSearchByPatientId.json': [0, 1, 2, 3].map((i) =>
    lastUpdated(`/entry/${i}/resource/meta/lastUpdated`),
  ),
  'bfd-v3/ExplanationOfBenefit-Carrier.json': [
    { path: '/item/0/extension/1/valueIdentifier/value', value: '999999015', why: 'placeholder TIN "15"' },
  ],
  'bfd-v3/ExplanationOfBenefit-MCS.json': [
    { path: '/item/0/extension/1/valueIdentifier/value', value: '999999015', why: 'placeholder TIN "15"' },
  ],
  'bfd-v3/ExplanationOfBenefit-DME.json': [
    { path: '/item/0/extension/1/valueIdentifier/value', value: '999999015', why: 'placeholder TIN "15"' },
  ],
  'bfd-v3/ExplanationOfBenefit.json': [
    { path: '/contained/1/identifier/1/value', value: '030024', why: 'placeholder CCN "00024" has 5 characters' },
    { path: '/contained/1/identifier/2/value', value: '000765432', why: 'placeholder TIN "765432" has 6 digits' },
  ],
  'bfd-v3/ExplanationOfBenefit-Outpatient.json': [
    { path: '/contained/1/identifier/1/value', value: '030024', why: 'placeholder CCN "00024" has 5 characters' },
  ],
  'bfd-v3/ExplanationOfBenefit-SNF.json': [
    { path: '/contained/1/identifier/1/value', value: '035024', why: 'placeholder CCN "00024" has 5 characters' },
  ],
  'bfd-v3/ExplanationOfBenefit-Hospice.json': [
    { path: '/contained/1/identifier/1/value', value: '031524', why: 'placeholder CCN "00024" has 5 characters' },
  ],
};

/** A deep copy of `document` with the corrections applied; a correction whose parent is missing throws. */
export function corrected<T>(document: T, corrections: readonly Correction[]): T {
  const copy = structuredClone(document) as unknown;
  for (const { path, value } of corrections) {
    const segments = path.split('/').slice(1);
    const last = segments.pop();
    let node = copy as Record<string, unknown>;
    for (const segment of segments) {
      const next = node[segment];
      if (next === null || typeof next !== 'object') {
        throw new Error(`correction ${path}: ${segment} is not an object`);
      }
      node = next as Record<string, unknown>;
    }
    if (last === undefined || !(last in node)) {
      throw new Error(`correction ${path}: nothing to replace`);
    }
    node[last] = value;
  }
  return copy as T;
}
