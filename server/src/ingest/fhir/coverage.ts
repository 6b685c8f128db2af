/**
 * Coverage → a member record of the months of enrolment it describes: BFD v1/v2 (MBSF) monthly extensions of the
 * reference year (buy-in → Part A/B, HMO indicator → MA, dual status, the year's ESRD status, OREC), else status
 * and period (BFD v3, BCDA v1). Which part a Coverage is comes from its class, subPlan, type or id; README.md has
 * the codes and why Part C and D without monthly data say nothing.
 */
import type { CanonicalEvent, DualStatusCode, EnrollmentMonth } from '@benchline/shared';
import { asOfOf, dropUndefined } from './common-fields.js';
import { BFD_V2_VARIABLE, BFD_V3_EXTENSION } from './code-systems.js';
import { isoMonthOf, monthNumber } from './fhir-dates.js';
import { codingsOf, extensionOf, extensionText, type JsonObject, objectAt, objectsAt, stringAt } from './fhir-json.js';
import { EventScope, type IssueList } from './mapping-scope.js';
import { mbiOfResource, resolveMember } from './member-reference.js';
import { recordIdOf } from './record-ids.js';
import type { FhirMappingContext } from './types.js';

type CoveragePart = 'A' | 'B' | 'C' | 'D' | 'DUAL';
type MonthFlags = Omit<EnrollmentMonth, 'month'>;

/** The most months one record carries (the canonical maximum); older months beyond it are dropped. */
const MAX_MONTHS = 600;

const DUAL_CODES: ReadonlySet<string> = new Set(['NA', '01', '02', '03', '04', '05', '06', '08', '09', '10', '99']);
/** MBSF dual codes that say nothing about the month: not enrolled in Medicare (00), no Part D data (**, XX). */
const DUAL_NO_INFORMATION: ReadonlySet<string> = new Set(['00', '**', 'XX']);
/** MBSF Medicare status codes: 10/20 aged/disabled without ESRD, 11/21 with ESRD, 31 ESRD only. */
const ESRD_BY_MS_CD: Readonly<Record<string, boolean>> = {
  '10': false,
  '20': false,
  '11': true,
  '21': true,
  '31': true,
};
/** MBSF entitlement/buy-in codes: 1 A only, 2 B only, 3 both; A, B, C the same under a state buy-in; 0 neither. */
const BUYIN_PARTS: Readonly<Record<string, { A: boolean; B: boolean }>> = {
  '0': { A: false, B: false },
  '1': { A: true, B: false },
  '2': { A: false, B: true },
  '3': { A: true, B: true },
  A: { A: true, B: false },
  B: { A: false, B: true },
  C: { A: true, B: true },
};
/** MBSF HMO indicator: 0 none, 4 a fee-for-service demonstration (not MA); 1, 2, A, B, C a Medicare health plan. */
const MA_BY_HMO_IND: Readonly<Record<string, boolean>> = {
  '0': false,
  '4': false,
  '1': true,
  '2': true,
  A: true,
  B: true,
  C: true,
};

export function mapCoverage(coverage: JsonObject, context: FhirMappingContext, list: IssueList): CanonicalEvent[] {
  const scope = new EventScope(list);
  const part = partOf(coverage);
  if (part === undefined) {
    scope.fail(
      '/class',
      'unsupported-coverage',
      'not a Medicare Part A, B, C, D or dual-eligibility coverage (no "Part A"… class, subPlan or part-… id)',
    );
    return [];
  }
  const found = mbiOfResource(coverage);
  let memberId: string | undefined;
  if (found !== undefined) {
    scope.from('/memberId', found.path);
    memberId = found.mbi;
  } else {
    memberId = resolveMember(objectAt(coverage, 'beneficiary'), '/beneficiary', context.patients, scope);
  }
  const asOf = asOfOf(coverage, context, scope);
  const months = new Map<number, MonthFlags>();
  const year = referenceYearOf(coverage);
  const set = (month: number, flags: MonthFlags): void => {
    months.set(month, { ...months.get(month), ...flags });
  };

  const monthlyOwnFlag = readMonthlyExtensions(coverage, part, year, scope, set);
  if (!monthlyOwnFlag && asOf !== undefined) {
    readStatusAndPeriod(coverage, part, year, asOf, scope, set);
  }
  applyYearlyEsrd(coverage, year, months, scope);

  const id = stringAt(coverage, 'id');
  if (id !== undefined) {
    scope.from('/recordId', '/id');
  }
  const orecExtension = extensionOf(coverage, '', [`${BFD_V2_VARIABLE}orec`]);
  const orec = orecExtension === undefined ? undefined : extensionText(orecExtension.node);
  if (orecExtension !== undefined && orec !== undefined) {
    scope.from('/orec', `${orecExtension.path}/${orec.field}`);
  }
  const ordered = [...months.entries()].sort(([a], [b]) => a - b).slice(-MAX_MONTHS);
  if (ordered.length === 0 && orec === undefined && list.issues.length === 0) {
    return [];
  }
  const draft = dropUndefined({
    kind: 'member',
    memberId,
    asOf,
    recordId: id === undefined ? undefined : recordIdOf('Coverage', id),
    orec: orec?.value,
    enrollment:
      ordered.length === 0 ? undefined : ordered.map(([month, flags]) => ({ month: isoMonthOf(month), ...flags })),
    source: context.source,
  });
  const event = scope.finish('member', draft);
  return event === undefined ? [] : [event];
}

function partOf(coverage: JsonObject): CoveragePart | undefined {
  const labels: string[] = [];
  for (const { node } of objectsAt(coverage, 'class')) {
    labels.push(stringAt(node, 'value') ?? '');
  }
  labels.push(stringAt(objectAt(coverage, 'grouping'), 'subPlan') ?? '');
  for (const coding of codingsOf(objectAt(coverage, 'type'), '')) {
    labels.push(coding.code ?? '');
  }
  for (const label of labels) {
    const match = /^Part ([ABCD])$/i.exec(label.trim());
    if (match?.[1] !== undefined) {
      return match[1].toUpperCase() as CoveragePart;
    }
    if (/^Dual Medicare\/Medicaid$/i.test(label.trim())) {
      return 'DUAL';
    }
  }
  const byId = /^part-(a|b|c|d|dual)-/i.exec(stringAt(coverage, 'id') ?? '');
  return byId?.[1] === undefined ? undefined : (byId[1].toUpperCase() as CoveragePart);
}

function referenceYearOf(coverage: JsonObject): number | undefined {
  const found = extensionOf(coverage, '', [`${BFD_V2_VARIABLE}rfrnc_yr`]);
  const integer = found?.node.valueInteger;
  const text =
    typeof integer === 'number' ? String(integer) : found === undefined ? undefined : extensionText(found.node)?.value;
  return text !== undefined && /^[0-9]{4}/.test(text) ? Number(text.slice(0, 4)) : undefined;
}

/**
 * Reads the MBSF monthly extensions of the reference year. Returns whether the part's own flag (buy-in for
 * A/B, HMO indicator for C) was given monthly, in which case status and period are not consulted.
 */
function readMonthlyExtensions(
  coverage: JsonObject,
  part: CoveragePart,
  year: number | undefined,
  scope: EventScope,
  set: (month: number, flags: MonthFlags) => void,
): boolean {
  if (year === undefined) {
    return false;
  }
  let ownFlag = false;
  for (let m = 1; m <= 12; m += 1) {
    const mm = String(m).padStart(2, '0');
    const month = year * 12 + m - 1;
    const read = (name: string): { code: string; path: string } | undefined => {
      const found = extensionOf(coverage, '', [`${BFD_V2_VARIABLE}${name}`]);
      const text = found === undefined ? undefined : extensionText(found.node);
      return found === undefined || text === undefined
        ? undefined
        : { code: text.value.trim(), path: `${found.path}/${text.field}` };
    };
    if (part === 'A' || part === 'B') {
      const buyin = read(`buyin${mm}`);
      if (buyin !== undefined) {
        ownFlag = true;
        const parts = BUYIN_PARTS[buyin.code];
        if (parts === undefined) {
          scope.fail(buyin.path, 'enum', 'is not a buy-in code (0, 1, 2, 3, A, B, C)');
        } else {
          set(month, part === 'A' ? { partA: parts.A } : { partB: parts.B });
        }
      }
    }
    if (part === 'C') {
      const hmo = read(`hmo_ind_${mm}`);
      if (hmo !== undefined) {
        ownFlag = true;
        const enrolled = MA_BY_HMO_IND[hmo.code];
        if (enrolled === undefined) {
          scope.fail(hmo.path, 'enum', 'is not an HMO indicator (0, 1, 2, 4, A, B, C)');
        } else {
          set(month, { medicareAdvantage: enrolled });
        }
      }
    }
    const dual = read(`dual_${mm}`);
    if (dual !== undefined && !DUAL_NO_INFORMATION.has(dual.code)) {
      if (DUAL_CODES.has(dual.code)) {
        set(month, { dualStatus: dual.code as DualStatusCode });
      } else {
        scope.fail(dual.path, 'enum', 'is not an MBSF dual status code');
      }
    }
  }
  return ownFlag;
}

/** Months from status and period: active → enrolled in the part (or the dual status) each month, cancelled → not. */
function readStatusAndPeriod(
  coverage: JsonObject,
  part: CoveragePart,
  year: number | undefined,
  asOf: string,
  scope: EventScope,
  set: (month: number, flags: MonthFlags) => void,
): void {
  if (part === 'D') {
    return; // Part D enrolment is not part of the canonical member model; only its dual months are read.
  }
  const period = objectAt(coverage, 'period');
  if ((part === 'C' || part === 'DUAL') && period === undefined) {
    return; // BFD always emits Part C; without a period (or monthly indicators) it says nothing about MA.
  }
  const status = coverage.status;
  if (status !== 'active' && status !== 'cancelled') {
    scope.fail(
      '/status',
      status === undefined ? 'required' : 'enum',
      'must be "active" or "cancelled" to describe enrolment',
    );
    return;
  }
  let dualCode: DualStatusCode | undefined;
  if (part === 'DUAL') {
    const found = extensionOf(coverage, '', [`${BFD_V3_EXTENSION}BENE-DUAL-STUS-CD`]);
    const text = found === undefined ? undefined : extensionText(found.node);
    if (found === undefined || text === undefined) {
      scope.fail('/extension', 'required', 'a dual-eligibility coverage needs its BENE-DUAL-STUS-CD');
      return;
    }
    if (!DUAL_CODES.has(text.value)) {
      scope.fail(`${found.path}/${text.field}`, 'enum', 'is not an MBSF dual status code');
      return;
    }
    dualCode = text.value as DualStatusCode;
  }
  const startText = period?.start;
  const endText = period?.end;
  const start =
    startText !== undefined
      ? scope.date(startText, '/period/start', '/enrollment')
      : year !== undefined && part !== 'C'
        ? `${year}-01-01`
        : undefined;
  if (start === undefined) {
    if (startText === undefined) {
      scope.fail('/period/start', 'required', 'is required to say which months the coverage describes');
    }
    return;
  }
  const end =
    endText !== undefined
      ? scope.date(endText, '/period/end', '/enrollment')
      : year !== undefined
        ? `${year}-12-31`
        : asOf;
  if (end === undefined) {
    return;
  }
  if (end < start) {
    scope.fail('/period/end', 'date-order', 'is before period.start');
    return;
  }
  const active = status === 'active';
  const last = Math.min(monthNumber(end), monthNumber(asOf));
  for (let month = monthNumber(start); month <= last; month += 1) {
    if (part === 'A') {
      set(month, { partA: active });
    } else if (part === 'B') {
      set(month, { partB: active });
    } else if (part === 'C') {
      set(month, { medicareAdvantage: active });
    } else {
      set(month, { dualStatus: active ? (dualCode ?? 'NA') : 'NA' });
    }
  }
}

/** The reference year's Medicare status (ms_cd) says whether the member had ESRD in that year's months. */
function applyYearlyEsrd(
  coverage: JsonObject,
  year: number | undefined,
  months: Map<number, MonthFlags>,
  scope: EventScope,
): void {
  const found = extensionOf(coverage, '', [`${BFD_V2_VARIABLE}ms_cd`]);
  const text = found === undefined ? undefined : extensionText(found.node);
  if (found === undefined || text === undefined || year === undefined) {
    return;
  }
  const esrd = ESRD_BY_MS_CD[text.value];
  if (esrd === undefined) {
    scope.fail(`${found.path}/${text.field}`, 'enum', 'is not a Medicare status code (10, 11, 20, 21, 31)');
    return;
  }
  for (const [month, flags] of months) {
    if (Math.floor(month / 12) === year) {
      months.set(month, { ...flags, esrd });
    }
  }
}
