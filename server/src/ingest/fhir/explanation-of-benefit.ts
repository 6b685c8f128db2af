/**
 * ExplanationOfBenefit (CARIN Blue Button, as BFD v2 and the v3/IDR shape publish it) → one claim version: claim
 * id, type, version and adjustment, dates, billing provider, institutional fields, diagnoses, procedures, lines
 * and amounts. Which FHIR field (and which CARIN adjudication category) each canonical field comes from is in
 * README.md, with the samples that show why.
 */
import type { CanonicalEvent, ClaimType } from '@benchline/shared';
import { dropUndefined, versionIdOf } from './common-fields.js';
import {
  BFD_V2_CODESYSTEM,
  BFD_V2_VARIABLE,
  BFD_V3_CODESYSTEM,
  BFD_V3_EXTENSION,
  normalizeCode,
  PROCEDURE_SYSTEMS,
  PRODUCT_SYSTEMS,
  SYSTEM,
} from './code-systems.js';
import {
  codingIn,
  codingsOf,
  extensionOf,
  extensionText,
  type FoundCoding,
  hasCode,
  type JsonObject,
  numberAt,
  objectAt,
  objectsAt,
  pointer,
  stringAt,
} from './fhir-json.js';
import { EventScope, type IssueList } from './mapping-scope.js';
import { resolveMember } from './member-reference.js';
import type { FhirMappingContext } from './types.js';

const EOB_TYPE_SYSTEMS = [`${BFD_V2_CODESYSTEM}eob-type`, `${BFD_V3_CODESYSTEM}EOB-TYPE`];
const CCW_CLAIM_TYPE_SYSTEMS = [`${BFD_V2_VARIABLE}nch_clm_type_cd`, `${BFD_V3_CODESYSTEM}CLM-TYPE-CD`];

const CLAIM_TYPE_BY_EOB_TYPE: Readonly<Record<string, ClaimType>> = {
  CARRIER: 'professional',
  DME: 'dme',
  HHA: 'hha',
  HOSPICE: 'hospice',
  INPATIENT: 'inpatient',
  OUTPATIENT: 'outpatient',
  SNF: 'snf',
  PDE: 'partd',
};

/** CCW claim type codes (NCH_CLM_TYPE_CD): 10 HHA, 20/30 SNF, 40 outpatient, 50 hospice, 60/61 inpatient, … */
const CLAIM_TYPE_BY_CCW_CODE: Readonly<Record<string, ClaimType>> = {
  '10': 'hha',
  '20': 'snf',
  '30': 'snf',
  '40': 'outpatient',
  '50': 'hospice',
  '60': 'inpatient',
  '61': 'inpatient',
  '71': 'professional',
  '72': 'professional',
  '81': 'dme',
  '82': 'dme',
};

const INSTITUTIONAL: ReadonlySet<ClaimType> = new Set(['inpatient', 'outpatient', 'snf', 'hha', 'hospice']);
const EXCLUDED_DIAGNOSIS_TYPES = ['admitting', 'patientreasonforvisit', 'externalcauseofinjury'];
const RENDERING_ROLES = ['performing', 'rendering'];
/**
 * Codings BFD v2 files under item.modifier that are not HCPCS modifiers: a revenue line's NDC quantity qualifier
 * (REV_CNTR_NDC_QTY_QLFR_CD — ML, UN, GR …), written with the UCUM system, is the unit of its NDC quantity.
 */
const NOT_MODIFIER_SYSTEMS: readonly string[] = [SYSTEM.ucum, `${BFD_V2_VARIABLE}rev_cntr_ndc_qty_qlfr_cd`];

/** CLM_ADJSTMT_TYPE_CD (v3), as CCLF's CLM_ADJSMT_TYPE_CD: 0 original, 1 cancel, 2 adjustment. */
const ADJUSTMENT_BY_CODE = { '0': 'original', '1': 'cancel', '2': 'adjustment' } as const;

export function mapExplanationOfBenefit(
  eob: JsonObject,
  context: FhirMappingContext,
  list: IssueList,
): CanonicalEvent[] {
  const scope = new EventScope(list);
  const claimType = claimTypeOf(eob, scope);
  const institutional = claimType !== undefined && INSTITUTIONAL.has(claimType);
  const { version, adjustment } = versionOf(eob, scope);
  const period = objectAt(eob, 'billablePeriod');
  const fromDate = scope.date(period?.start, '/billablePeriod/start', '/fromDate');
  const throughDate = scope.date(period?.end, '/billablePeriod/end', '/throughDate');
  if (fromDate !== undefined && throughDate !== undefined && throughDate < fromDate) {
    scope.fail('/billablePeriod/end', 'date-order', 'is before billablePeriod.start', '/throughDate');
  }
  const paid = paidDateOf(eob, scope);
  if (fromDate !== undefined && paid !== undefined && paid.date < fromDate) {
    scope.fail(
      paid.path,
      'date-order',
      'the claim was paid before its service began (billablePeriod.start)',
      '/paidDate',
    );
  }
  const billing = billingProviderOf(eob, claimType, scope);
  const lines = linesOf(eob, claimType, { fromDate, throughDate }, scope);
  const draft = dropUndefined({
    kind: 'claim',
    claimId: claimIdOf(eob, scope),
    version,
    adjustment,
    claimType,
    memberId: resolveMember(objectAt(eob, 'patient'), '/patient', context.patients, scope),
    fromDate,
    throughDate,
    paidDate: paid?.date,
    ...billing,
    ...(institutional ? institutionalFieldsOf(eob, scope) : {}),
    procedures: proceduresOf(eob, scope),
    diagnoses: diagnosesOf(eob, scope),
    lines,
    paidAmount: headerPaidAmountOf(eob, lines, scope),
    imeAmount: addOnAmountOf(eob, 'ime_op_clm_val_amt', 'CLM_OPRTNL_IME_AMT', '/imeAmount', scope),
    dshAmount: addOnAmountOf(eob, 'dsh_op_clm_val_amt', 'CLM_OPRTNL_DSPRTNT_AMT', '/dshAmount', scope),
    source: context.source,
  });
  const event = scope.finish('claim', draft);
  return event === undefined ? [] : [event];
}

function claimIdOf(eob: JsonObject, scope: EventScope): string | undefined {
  const id = stringAt(eob, 'id');
  if (id !== undefined) {
    scope.from('/claimId', '/id');
    return id;
  }
  const unique = objectsAt(eob, 'identifier').find(({ node }) => hasCode(objectAt(node, 'type'), ['uc']));
  const value = stringAt(unique?.node, 'value');
  if (unique !== undefined && value !== undefined) {
    scope.from('/claimId', pointer('/identifier', unique.index, 'value'));
    return value;
  }
  scope.fail('/id', 'required', 'the EOB needs an id or a unique claim id (uc) identifier', '/claimId');
  return undefined;
}

function claimTypeOf(eob: JsonObject, scope: EventScope): ClaimType | undefined {
  const type = objectAt(eob, 'type');
  const eobType = codingIn(type, '/type', EOB_TYPE_SYSTEMS);
  if (eobType !== undefined) {
    const claimType = CLAIM_TYPE_BY_EOB_TYPE[(eobType.code ?? '').toUpperCase()];
    if (claimType === undefined) {
      scope.fail(
        pointer(eobType.path, 'code'),
        'enum',
        `eob-type "${eobType.code}" is not one of ${Object.keys(CLAIM_TYPE_BY_EOB_TYPE).join(', ')}`,
        '/claimType',
      );
    }
    scope.from('/claimType', pointer(eobType.path, 'code'));
    return claimType;
  }
  const ccw = codingIn(type, '/type', CCW_CLAIM_TYPE_SYSTEMS);
  if (ccw !== undefined) {
    const claimType = CLAIM_TYPE_BY_CCW_CODE[ccw.code ?? ''];
    if (claimType === undefined) {
      scope.fail(
        pointer(ccw.path, 'code'),
        'enum',
        `claim type code "${ccw.code}" is not a CCW claim type`,
        '/claimType',
      );
    }
    scope.from('/claimType', pointer(ccw.path, 'code'));
    return claimType;
  }
  scope.fail('/type', 'required', 'needs a BFD eob-type or CCW claim type coding', '/claimType');
  return undefined;
}

type Adjustment = 'original' | 'adjustment' | 'cancel';

function versionOf(eob: JsonObject, scope: EventScope): { version: number; adjustment?: Adjustment } {
  const versionId = versionIdOf(eob, scope);
  const adjustment = adjustmentOf(eob, versionId, scope);
  // A cancel or adjustment without a server version must still outrank the original it follows.
  return {
    version: Math.max(versionId ?? 1, adjustment === undefined || adjustment === 'original' ? 1 : 2),
    adjustment,
  };
}

function adjustmentOf(eob: JsonObject, versionId: number | undefined, scope: EventScope): Adjustment | undefined {
  const status = eob.status;
  if (status === 'cancelled' || status === 'entered-in-error') {
    scope.from('/adjustment', '/status');
    return 'cancel';
  }
  if (status !== 'active') {
    scope.fail(
      '/status',
      status === undefined ? 'required' : 'enum',
      'must be "active", "cancelled" or "entered-in-error" (a draft is not a claim)',
      '/adjustment',
    );
    return undefined;
  }
  const info = supportingInfoOf(eob, ['CLM_ADJSTMT_TYPE_CD'])[0];
  if (info !== undefined) {
    const coding = codingsOf(objectAt(info.node, 'code'), pointer(info.path, 'code'))[0];
    const codePath = coding === undefined ? pointer(info.path, 'code') : pointer(coding.path, 'code');
    const code = coding?.code;
    if (code === '0' || code === '1' || code === '2') {
      scope.from('/adjustment', codePath);
      return ADJUSTMENT_BY_CODE[code];
    }
    scope.fail(codePath, 'enum', 'CLM_ADJSTMT_TYPE_CD must be 0, 1 or 2', '/adjustment');
    return undefined;
  }
  scope.from('/adjustment', '/status');
  return (versionId ?? 1) > 1 ? 'adjustment' : 'original';
}

/** supportingInfo entries whose category has one of `codes` (C4BB codes, v2 BFD information URLs, v3 names). */
function supportingInfoOf(eob: JsonObject, codes: readonly string[]): { node: JsonObject; path: string }[] {
  return objectsAt(eob, 'supportingInfo')
    .filter(({ node }) => hasCode(objectAt(node, 'category'), codes))
    .map(({ node, index }) => ({ node, path: pointer('/supportingInfo', index) }));
}

function paidDateOf(eob: JsonObject, scope: EventScope): { date: string; path: string } | undefined {
  const payment = objectAt(eob, 'payment');
  if (payment?.date !== undefined) {
    const date = scope.date(payment.date, '/payment/date', '/paidDate');
    return date === undefined ? undefined : { date, path: '/payment/date' };
  }
  const processed = supportingInfoOf(eob, [`${BFD_V2_VARIABLE}nch_wkly_proc_dt`, 'CLM_NCH_WKLY_PROC_DT'])[0];
  if (processed !== undefined) {
    const path = pointer(processed.path, 'timingDate');
    const date = scope.date(processed.node.timingDate, path, '/paidDate');
    return date === undefined ? undefined : { date, path };
  }
  scope.fail('/payment/date', 'required', 'needs payment.date or the NCH weekly processing date', '/paidDate');
  return undefined;
}

/** An identifier that is an NPI, TIN or CCN, by system or by identifier type code. */
function identifierKind(identifier: JsonObject): 'npi' | 'tin' | 'ccn' | undefined {
  const system = stringAt(identifier, 'system');
  const type = objectAt(identifier, 'type');
  if (system === SYSTEM.npi || system === `${BFD_V2_VARIABLE}carr_clm_blg_npi_num` || hasCode(type, ['npi', 'NPI'])) {
    return 'npi';
  }
  if (system === SYSTEM.tin || hasCode(type, ['TAX', 'tax'])) {
    return 'tin';
  }
  if (system === SYSTEM.ccn || hasCode(type, ['PRN'])) {
    return 'ccn';
  }
  return undefined;
}

/** The identifiers of the resource a Reference points at: its own identifier, or a contained resource's. */
function identifiersOfReference(
  eob: JsonObject,
  reference: JsonObject | undefined,
  path: string,
): { node: JsonObject; path: string }[] {
  const target = stringAt(reference, 'reference');
  if (target?.startsWith('#')) {
    const contained = objectsAt(eob, 'contained').find(({ node }) => stringAt(node, 'id') === target.slice(1));
    return contained === undefined
      ? []
      : objectsAt(contained.node, 'identifier').map(({ node, index }) => ({
          node,
          path: pointer('/contained', contained.index, 'identifier', index),
        }));
  }
  const identifier = objectAt(reference, 'identifier');
  return identifier === undefined ? [] : [{ node: identifier, path: pointer(path, 'identifier') }];
}

function billingProviderOf(
  eob: JsonObject,
  claimType: ClaimType | undefined,
  scope: EventScope,
): { billingNpi?: string; billingTin?: string; facilityCcn?: string } {
  const out: { billingNpi?: string; billingTin?: string; facilityCcn?: string } = {};
  for (const { node, path } of identifiersOfReference(eob, objectAt(eob, 'provider'), '/provider')) {
    const value = stringAt(node, 'value')?.trim();
    const valuePath = pointer(path, 'value');
    if (value === undefined) {
      continue;
    }
    switch (identifierKind(node)) {
      case 'npi':
        out.billingNpi ??= scope.npi(value, valuePath, '/billingNpi');
        break;
      case 'tin':
        if (out.billingTin === undefined) {
          out.billingTin = value.replace(/-/g, '');
          scope.from('/billingTin', valuePath);
        }
        break;
      case 'ccn':
        // A CCN identifies a facility; only institutional claims have one (BFD also lists it on practitioners).
        if (out.facilityCcn === undefined && claimType !== undefined && INSTITUTIONAL.has(claimType)) {
          out.facilityCcn = value.toUpperCase();
          scope.from('/facilityCcn', valuePath);
        }
        break;
      case undefined:
        break;
    }
  }
  if (out.billingTin === undefined) {
    // Carrier claims carry the TIN per line (the TIN each line was billed under: CLM_RNDRG_PRVDR_TAX_NUM, tax_num).
    for (const { node: item, index } of objectsAt(eob, 'item')) {
      const found = extensionOf(item, pointer('/item', index), [
        `${BFD_V3_EXTENSION}CLM-PRVDR-TAX-NUM`,
        `${BFD_V2_VARIABLE}tax_num`,
      ]);
      const text = found === undefined ? undefined : extensionText(found.node);
      if (found !== undefined && text !== undefined) {
        out.billingTin = text.value.trim().replace(/-/g, '');
        scope.from('/billingTin', `${found.path}/${text.field}`);
        break;
      }
    }
  }
  return out;
}

function institutionalFieldsOf(
  eob: JsonObject,
  scope: EventScope,
): { typeOfBill?: string; dischargeStatus?: string; drg?: string } {
  const out: { typeOfBill?: string; dischargeStatus?: string; drg?: string } = {};
  const typeOfBill = supportingInfoOf(eob, ['typeofbill'])[0];
  if (typeOfBill !== undefined) {
    const concept = objectAt(typeOfBill.node, 'code');
    const conceptPath = pointer(typeOfBill.path, 'code');
    const nubc = codingIn(concept, conceptPath, [SYSTEM.nubcTypeOfBill]);
    if (nubc?.code !== undefined) {
      // NUBC writes the type of bill with a leading zero (0111); CCLF and BFD v2 use the three digits (111).
      out.typeOfBill = /^0[0-9]{3}$/.test(nubc.code) ? nubc.code.slice(1) : nubc.code;
      scope.from('/typeOfBill', pointer(nubc.path, 'code'));
    } else {
      // BFD v2 splits it: facility type + service classification (EOB extensions) + frequency (this coding).
      const frequency = codingIn(concept, conceptPath, [`${BFD_V2_VARIABLE}clm_freq_cd`]);
      const facility = extensionOf(objectAt(eob, 'facility'), '/facility', [`${BFD_V2_VARIABLE}clm_fac_type_cd`]);
      const classification = extensionOf(eob, '', [`${BFD_V2_VARIABLE}clm_srvc_clsfctn_type_cd`]);
      const facilityCode = facility === undefined ? undefined : extensionText(facility.node)?.value;
      const classificationCode = classification === undefined ? undefined : extensionText(classification.node)?.value;
      if (frequency?.code !== undefined && facilityCode !== undefined && classificationCode !== undefined) {
        out.typeOfBill = `${facilityCode}${classificationCode}${frequency.code}`;
        scope.from('/typeOfBill', pointer(frequency.path, 'code'));
      }
    }
  }
  const discharge = supportingInfoOf(eob, ['discharge-status'])[0];
  const dischargeCoding = codingsOf(objectAt(discharge?.node, 'code'), pointer(discharge?.path ?? '', 'code'))[0];
  if (dischargeCoding?.code !== undefined) {
    // UB-04 patient status codes are two digits; BFD v2 drops the leading zero (1 → 01).
    out.dischargeStatus = /^[0-9]$/.test(dischargeCoding.code) ? `0${dischargeCoding.code}` : dischargeCoding.code;
    scope.from('/dischargeStatus', pointer(dischargeCoding.path, 'code'));
  }
  const drg = supportingInfoOf(eob, ['drg', `${BFD_V2_VARIABLE}clm_drg_cd`])[0];
  const drgCoding = codingsOf(objectAt(drg?.node, 'code'), pointer(drg?.path ?? '', 'code'))[0];
  if (drgCoding?.code !== undefined) {
    out.drg = /^[0-9]{1,2}$/.test(drgCoding.code) ? drgCoding.code.padStart(3, '0') : drgCoding.code;
    scope.from('/drg', pointer(drgCoding.path, 'code'));
  }
  return out;
}

function bySequence<T extends { node: JsonObject; index: number }>(entries: T[]): T[] {
  const sequence = (entry: T): number => numberAt(entry.node, 'sequence') ?? Number.MAX_SAFE_INTEGER;
  return [...entries].sort((a, b) => sequence(a) - sequence(b) || a.index - b.index);
}

function diagnosesOf(eob: JsonObject, scope: EventScope): string[] {
  const entries = bySequence(objectsAt(eob, 'diagnosis')).filter(
    ({ node }) => !objectsAt(node, 'type').some(({ node: type }) => hasCode(type, EXCLUDED_DIAGNOSIS_TYPES)),
  );
  const principal = entries.findIndex(({ node }) =>
    objectsAt(node, 'type').some(({ node: type }) => hasCode(type, ['principal'])),
  );
  if (principal > 0) {
    entries.unshift(...entries.splice(principal, 1));
  }
  const codes: string[] = [];
  for (const { node, index } of entries) {
    const path = pointer('/diagnosis', index);
    const concept = objectAt(node, 'diagnosisCodeableConcept');
    if (concept === undefined) {
      scope.fail(
        path,
        'unsupported',
        'only diagnosisCodeableConcept is read (a Condition reference is not)',
        '/diagnoses',
      );
      continue;
    }
    const conceptPath = pointer(path, 'diagnosisCodeableConcept');
    const coding = codingIn(concept, conceptPath, [SYSTEM.icd10cm]) ?? codingIn(concept, conceptPath, [SYSTEM.icd10]);
    if (coding?.code === undefined) {
      unsupportedCoding(codingsOf(concept, conceptPath), conceptPath, 'ICD-10-CM', '/diagnoses', scope);
      continue;
    }
    const code = normalizeCode('icd10cm', coding.code);
    if (!codes.includes(code)) {
      scope.from(`/diagnoses/${codes.length}`, pointer(coding.path, 'code'));
      codes.push(code);
    }
  }
  scope.from('/diagnoses', '/diagnosis');
  return codes;
}

function proceduresOf(eob: JsonObject, scope: EventScope): string[] | undefined {
  const entries = bySequence(objectsAt(eob, 'procedure'));
  if (entries.length === 0) {
    return undefined;
  }
  const codes: string[] = [];
  for (const { node, index } of entries) {
    const conceptPath = pointer('/procedure', index, 'procedureCodeableConcept');
    const concept = objectAt(node, 'procedureCodeableConcept');
    const coding = codingIn(concept, conceptPath, PROCEDURE_SYSTEMS);
    if (coding?.code === undefined) {
      unsupportedCoding(codingsOf(concept, conceptPath), conceptPath, 'ICD-10-PCS', '/procedures', scope);
      continue;
    }
    const code = normalizeCode('icd10pcs', coding.code);
    if (!codes.includes(code)) {
      scope.from(`/procedures/${codes.length}`, pointer(coding.path, 'code'));
      codes.push(code);
    }
  }
  scope.from('/procedures', '/procedure');
  return codes;
}

function unsupportedCoding(
  codings: FoundCoding[],
  conceptPath: string,
  wanted: string,
  canonicalPath: string,
  scope: EventScope,
): void {
  const first = codings[0];
  if (first === undefined) {
    scope.fail(pointer(conceptPath, 'coding'), 'required', `needs an ${wanted} coding`, canonicalPath);
  } else {
    scope.fail(
      pointer(first.path, 'system'),
      'unsupported-code-system',
      `${first.system ?? 'a coding without a system'} is not ${wanted}${first.system === SYSTEM.icd9cm ? ' (ICD-9 codes cannot be mapped)' : ''}`,
      canonicalPath,
    );
  }
}

interface Adjudication {
  readonly codes: readonly string[];
  readonly amount: JsonObject | undefined;
  readonly path: string;
}

function adjudicationsOf(node: JsonObject, path: string): Adjudication[] {
  return objectsAt(node, 'adjudication').map(({ node: adjudication, index }) => ({
    // CARIN category codes (benefit, eligible, …) and BFD's own (a v2 variable URL, a v3 column name) side by side.
    codes: codingsOf(objectAt(adjudication, 'category'), '').flatMap((coding) =>
      coding.code === undefined ? [] : [coding.code],
    ),
    amount: objectAt(adjudication, 'amount'),
    path: pointer(path, 'adjudication', index),
  }));
}

function findAdjudication(
  adjudications: Adjudication[],
  include: string,
  exclude: readonly string[] = [],
): Adjudication | undefined {
  return adjudications.find(
    (adjudication) =>
      adjudication.amount !== undefined &&
      adjudication.codes.includes(include) &&
      !adjudication.codes.some((code) => exclude.includes(code)),
  );
}

interface LineDates {
  readonly fromDate: string | undefined;
  readonly throughDate: string | undefined;
}

function linesOf(
  eob: JsonObject,
  claimType: ClaimType | undefined,
  claimDates: LineDates,
  scope: EventScope,
): Record<string, unknown>[] {
  const careTeam = new Map(
    objectsAt(eob, 'careTeam').map(({ node, index }) => [numberAt(node, 'sequence'), { node, index }] as const),
  );
  return objectsAt(eob, 'item').map(({ node: item, index }, position) => {
    const path = pointer('/item', index);
    const at = `/lines/${position}`;
    const sequence = numberAt(item, 'sequence');
    const lineNumber = sequence !== undefined && Number.isInteger(sequence) ? sequence : position + 1;
    scope.from(`${at}/lineNumber`, pointer(path, 'sequence'));
    const line: Record<string, unknown> = { lineNumber };

    const product = codingIn(objectAt(item, 'productOrService'), pointer(path, 'productOrService'), PRODUCT_SYSTEMS);
    if (product?.code !== undefined) {
      line.hcpcs = normalizeCode('hcpcs', product.code);
      scope.from(`${at}/hcpcs`, pointer(product.path, 'code'));
    }
    const modifiers = objectsAt(item, 'modifier').flatMap(({ node, index: m }) =>
      codingsOf(node, pointer(path, 'modifier', m)).filter(
        (coding) => !NOT_MODIFIER_SYSTEMS.includes(coding.system ?? ''),
      ),
    );
    if (modifiers.length > 0) {
      // BFD v3 packs a line's modifiers (HCPCS_1…5_MDFR_CD) as codings of one CodeableConcept; v2 uses one each.
      line.modifiers = modifiers.map((coding, m) => {
        scope.from(`${at}/modifiers/${m}`, pointer(coding.path, 'code'));
        return (coding.code ?? '').trim().toUpperCase();
      });
      scope.from(`${at}/modifiers`, pointer(path, 'modifier'));
    }
    const revenue = codingIn(objectAt(item, 'revenue'), pointer(path, 'revenue'), [
      SYSTEM.nubcRevenue,
      `${BFD_V2_VARIABLE}rev_cntr`,
      `${BFD_V3_CODESYSTEM}CLM-REV-CNTR-CD`,
    ]);
    if (revenue?.code !== undefined) {
      // Revenue codes are four digits; BFD v2 stores them as numbers without the leading zeros (1 → 0001).
      line.revenueCode = /^[0-9]{1,3}$/.test(revenue.code) ? revenue.code.padStart(4, '0') : revenue.code;
      scope.from(`${at}/revenueCode`, pointer(revenue.path, 'code'));
    }
    Object.assign(line, renderingOf(eob, item, path, at, careTeam, scope));
    const place = codingsOf(objectAt(item, 'locationCodeableConcept'), pointer(path, 'locationCodeableConcept'))[0];
    if (place?.code !== undefined) {
      line.placeOfService = /^[0-9]$/.test(place.code) ? `0${place.code}` : place.code;
      scope.from(`${at}/placeOfService`, pointer(place.path, 'code'));
    }
    line.units = unitsOf(item, path, `${at}/units`, scope);
    const adjudications = adjudicationsOf(item, path);
    const allowed =
      findAdjudication(adjudications, 'eligible', [`${BFD_V2_VARIABLE}line_prmry_alowd_chrg_amt`]) ??
      (claimType === 'partd' ? findAdjudication(adjudications, 'drugcost') : undefined);
    line.allowedAmount =
      allowed === undefined ? 0 : scope.amount(allowed.amount, pointer(allowed.path, 'amount'), `${at}/allowedAmount`);
    const paid =
      findAdjudication(adjudications, 'benefit') ??
      findAdjudication(adjudications, `${BFD_V2_VARIABLE}rev_cntr_pmt_amt_amt`) ??
      findAdjudication(adjudications, 'paidtoprovider');
    line.paidAmount =
      paid === undefined ? 0 : scope.amount(paid.amount, pointer(paid.path, 'amount'), `${at}/paidAmount`);
    Object.assign(line, lineDatesOf(item, path, at, claimDates, scope));
    return dropUndefined(line);
  });
}

/** The line's rendering provider: the first of its care-team members whose role is performing or rendering. */
function renderingOf(
  eob: JsonObject,
  item: JsonObject,
  path: string,
  at: string,
  careTeam: ReadonlyMap<number | undefined, { node: JsonObject; index: number }>,
  scope: EventScope,
): { renderingNpi?: string; renderingSpecialty?: string } {
  const out: { renderingNpi?: string; renderingSpecialty?: string } = {};
  const sequences = Array.isArray(item.careTeamSequence) ? (item.careTeamSequence as unknown[]) : [];
  const members = sequences
    .map((sequence) => careTeam.get(typeof sequence === 'number' ? sequence : undefined))
    .filter((entry) => entry !== undefined && hasCode(objectAt(entry.node, 'role'), RENDERING_ROLES));
  const npiOf = (entry: { node: JsonObject; index: number }) =>
    identifiersOfReference(eob, objectAt(entry.node, 'provider'), pointer('/careTeam', entry.index, 'provider')).find(
      ({ node }) => identifierKind(node) === 'npi',
    );
  // BFD lists several performing members on some lines (one with a UPIN, not an NPI): take the first with an NPI.
  const member = members.find((entry) => entry !== undefined && npiOf(entry) !== undefined) ?? members[0];
  if (member !== undefined) {
    const memberPath = pointer('/careTeam', member.index);
    const npi = npiOf(member);
    const value = stringAt(npi?.node, 'value')?.trim();
    if (npi !== undefined && value !== undefined) {
      out.renderingNpi = scope.npi(value, pointer(npi.path, 'value'), `${at}/renderingNpi`);
    }
    const specialty = codingIn(objectAt(member.node, 'qualification'), pointer(memberPath, 'qualification'), [
      `${BFD_V2_VARIABLE}prvdr_spclty`,
      `${BFD_V3_CODESYSTEM}CLM-PRVDR-SPCLTY-CD`,
    ]);
    if (specialty?.code !== undefined) {
      out.renderingSpecialty = specialty.code;
      scope.from(`${at}/renderingSpecialty`, pointer(specialty.path, 'code'));
    }
  }
  if (out.renderingSpecialty === undefined) {
    const extension = extensionOf(item, path, [
      `${BFD_V3_EXTENSION}CLM-PRVDR-SPCLTY-CD`,
      `${BFD_V2_VARIABLE}prvdr_spclty`,
    ]);
    const text = extension === undefined ? undefined : extensionText(extension.node);
    if (extension !== undefined && text !== undefined) {
      out.renderingSpecialty = text.value;
      scope.from(`${at}/renderingSpecialty`, `${extension.path}/${text.field}`);
    }
  }
  return out;
}

/**
 * The units of service: BFD v2's revenue-centre unit count (the `rev_cntr_unit_cnt` item extension), else
 * item.quantity, else 1 (an item with no quantity is one of itself). On a BFD v2 revenue line (a `rev_cntr`
 * revenue coding) item.quantity is the NDC drug quantity (REV_CNTR_NDC_QTY), not units of service, so such a
 * line without its unit count is one.
 */
function unitsOf(item: JsonObject, path: string, canonicalPath: string, scope: EventScope): number | undefined {
  const unitCount = extensionOf(item, path, [`${BFD_V2_VARIABLE}rev_cntr_unit_cnt`]);
  const v2RevenueLine =
    codingIn(objectAt(item, 'revenue'), pointer(path, 'revenue'), [`${BFD_V2_VARIABLE}rev_cntr`]) !== undefined;
  let quantity: JsonObject | undefined;
  let quantityPath = pointer(path, 'quantity');
  if (unitCount !== undefined) {
    quantity = objectAt(unitCount.node, 'valueQuantity');
    quantityPath = pointer(unitCount.path, 'valueQuantity');
  } else if (!v2RevenueLine) {
    quantity = objectAt(item, 'quantity');
  }
  if (quantity === undefined || quantity.value === undefined) {
    return 1;
  }
  const value = numberAt(quantity, 'value');
  const valuePath = pointer(quantityPath, 'value');
  if (value === undefined) {
    scope.fail(valuePath, 'type', 'must be a number', canonicalPath);
    return undefined;
  }
  if (value < 0 || value > 100_000) {
    scope.fail(valuePath, 'out-of-range', `${value} units is outside 0 – 100,000`, canonicalPath);
    return undefined;
  }
  scope.from(canonicalPath, valuePath);
  return value;
}

function lineDatesOf(
  item: JsonObject,
  path: string,
  at: string,
  claimDates: LineDates,
  scope: EventScope,
): Record<string, unknown> {
  const servicedPeriod = objectAt(item, 'servicedPeriod');
  let fromDate: string | undefined;
  let throughDate: string | undefined;
  if (servicedPeriod !== undefined) {
    fromDate = scope.date(servicedPeriod.start, pointer(path, 'servicedPeriod', 'start'), `${at}/fromDate`);
    throughDate =
      servicedPeriod.end === undefined
        ? fromDate
        : scope.date(servicedPeriod.end, pointer(path, 'servicedPeriod', 'end'), `${at}/throughDate`);
  } else if (item.servicedDate !== undefined) {
    fromDate = scope.date(item.servicedDate, pointer(path, 'servicedDate'), `${at}/fromDate`);
    throughDate = fromDate;
    scope.from(`${at}/throughDate`, pointer(path, 'servicedDate'));
  } else {
    // A line without its own dates (inpatient revenue lines) spans the claim.
    fromDate = claimDates.fromDate;
    throughDate = claimDates.throughDate;
    scope.from(`${at}/fromDate`, '/billablePeriod/start');
    scope.from(`${at}/throughDate`, '/billablePeriod/end');
  }
  // A date that could not be read has its issue already (at the line's or the claim's date); say it once.
  if (fromDate === undefined) {
    scope.explain(`${at}/fromDate`);
  }
  if (throughDate === undefined) {
    scope.explain(`${at}/throughDate`);
  }
  if (fromDate !== undefined && throughDate !== undefined && throughDate < fromDate) {
    scope.fail(
      pointer(path, 'servicedPeriod', 'end'),
      'date-order',
      'is before servicedPeriod.start',
      `${at}/throughDate`,
    );
  }
  return { fromDate, throughDate };
}

function headerPaidAmountOf(eob: JsonObject, lines: Record<string, unknown>[], scope: EventScope): number | undefined {
  const payment = objectAt(eob, 'payment');
  const amount = objectAt(payment, 'amount');
  if (amount !== undefined) {
    return scope.amount(amount, '/payment/amount', '/paidAmount');
  }
  const benefitTotal = objectsAt(eob, 'total').find(({ node }) => hasCode(objectAt(node, 'category'), ['benefit']));
  if (benefitTotal !== undefined) {
    return scope.amount(
      objectAt(benefitTotal.node, 'amount'),
      pointer('/total', benefitTotal.index, 'amount'),
      '/paidAmount',
    );
  }
  if (lines.length === 0) {
    scope.fail('/payment/amount', 'required', 'needs payment.amount, a benefit total or paid lines', '/paidAmount');
    return undefined;
  }
  // Sum in cents: dollars as binary floats do not add up exactly.
  scope.from('/paidAmount', '/item');
  const cents = lines.reduce((sum, line) => sum + Math.round(((line.paidAmount as number | undefined) ?? 0) * 100), 0);
  return cents / 100;
}

/** Operating IME or DSH: BFD v2's `<name>` EOB extension (valueMoney) or a v3 header adjudication `<v3Code>`. */
function addOnAmountOf(
  eob: JsonObject,
  v2Name: string,
  v3Code: string,
  canonicalPath: string,
  scope: EventScope,
): number | undefined {
  const extension = extensionOf(eob, '', [`${BFD_V2_VARIABLE}${v2Name}`]);
  if (extension !== undefined) {
    const money = objectAt(extension.node, 'valueMoney');
    return scope.amount(money, pointer(extension.path, 'valueMoney'), canonicalPath);
  }
  const adjudication = findAdjudication(adjudicationsOf(eob, ''), v3Code);
  return adjudication === undefined
    ? undefined
    : scope.amount(adjudication.amount, pointer(adjudication.path, 'amount'), canonicalPath);
}
