/**
 * MSSP assignment vocabulary (42 CFR 425.400(c), 425.20, 425.402): the primary care service codes with their
 * performance-year membership, and the practitioner specialty codes by assignment role. Parsers are pure; the
 * loaders read `workers/reference/mssp/`.
 */
import { parseCsvRecords } from './csv.js';
import { readReferenceText } from './reference-files.js';

export interface PrimaryCareServiceCode {
  readonly code: string;
  readonly codeType: 'CPT' | 'HCPCS';
  /** A short paraphrase of the regulation's group (no AMA descriptors). */
  readonly serviceGroup: string;
  /** Performance years the code counts in; 2025 stands for "2025 and later" as the regulation lists it. */
  readonly performanceYears: readonly number[];
  /** Context the regulation attaches, e.g. "excluded when furnished in a SNF"; empty when none. */
  readonly conditionNote: string;
  /** The condition note as a rule an engine can apply; null when the code counts in any context. */
  readonly contextRule: PrimaryCareContextRule | null;
}

/**
 * The context rules 42 CFR 425.400(c)(1) attaches to some primary care codes: nursing-facility visits do not
 * count when furnished in a SNF, advance care planning does not count in an inpatient setting, G0463 counts
 * only when billed by an Electing Teaching Amendment hospital, and the prolonged-service add-ons count only
 * with a primary care base code.
 */
export type PrimaryCareContextRule =
  'excluded-in-snf' | 'excluded-inpatient' | 'eta-hospital-only' | 'requires-primary-care-base';

export type AssignmentRole = 'primary_care_physician' | 'non_physician_practitioner' | 'specialist_step2';

export interface AssignmentSpecialty {
  /** Medicare provider specialty code (2 characters). */
  readonly specialtyCode: string;
  readonly specialty: string;
  readonly role: AssignmentRole;
  /** The assignment step(s) the role takes part in, as the source states it (e.g. "step1 (and step3 PY2025+)"). */
  readonly assignmentStep: string;
}

export const PRIMARY_CARE_SERVICE_CODES_FILE = 'mssp/primary-care-service-codes.csv';
export const ASSIGNMENT_SPECIALTY_CODES_FILE = 'mssp/assignment-specialty-codes.csv';

/** The performance-year columns of the source, each with the first year it stands for. */
const PERFORMANCE_YEAR_COLUMNS: readonly (readonly [string, number])[] = [
  ['in_PY2021', 2021],
  ['in_PY2022', 2022],
  ['in_PY2023', 2023],
  ['in_PY2024', 2024],
  ['in_PY2025_and_later', 2025],
];

/** The last performance year with its own column; later years use that column ("2025 and later"). */
export const LAST_LISTED_PERFORMANCE_YEAR = 2025;

export function parsePrimaryCareServiceCodes(text: string): PrimaryCareServiceCode[] {
  return parseCsvRecords(text).map((record) => {
    const codeType = record.code_type;
    if (codeType !== 'CPT' && codeType !== 'HCPCS') {
      throw new Error(`Unknown primary care code type: ${String(codeType)}`);
    }
    return {
      code: record.code ?? '',
      codeType,
      serviceGroup: record.service_group ?? '',
      performanceYears: PERFORMANCE_YEAR_COLUMNS.filter(([column]) => record[column] === 'Y').map(([, year]) => year),
      conditionNote: record.condition_note ?? '',
      contextRule: primaryCareContextRuleOf(record.condition_note ?? ''),
    };
  });
}

/** Reads a condition note as a rule; a note it does not recognise is an error, so a new condition is not lost. */
export function primaryCareContextRuleOf(conditionNote: string): PrimaryCareContextRule | null {
  const note = conditionNote.trim();
  if (note === '') {
    return null;
  }
  if (/\bSNF\b/.test(note)) {
    return 'excluded-in-snf';
  }
  if (/\binpatient\b/i.test(note)) {
    return 'excluded-inpatient';
  }
  if (/Electing Teaching Amendment|\bETA\b/.test(note)) {
    return 'eta-hospital-only';
  }
  if (/\bbase code\b/i.test(note)) {
    return 'requires-primary-care-base';
  }
  throw new Error(`Unknown primary care condition note: ${note}`);
}

/** The primary care service codes that count in a performance year (2025 and later share one list). */
export function primaryCareCodesForYear(
  codes: readonly PrimaryCareServiceCode[],
  performanceYear: number,
): Set<string> {
  const column = Math.min(performanceYear, LAST_LISTED_PERFORMANCE_YEAR);
  return new Set(codes.filter((c) => c.performanceYears.includes(column)).map((c) => c.code));
}

export function parseAssignmentSpecialtyCodes(text: string): AssignmentSpecialty[] {
  return parseCsvRecords(text).map((record) => {
    const role = record.role;
    if (role !== 'primary_care_physician' && role !== 'non_physician_practitioner' && role !== 'specialist_step2') {
      throw new Error(`Unknown assignment role: ${String(role)}`);
    }
    return {
      specialtyCode: record.cms_specialty_code ?? '',
      specialty: record.specialty ?? '',
      role,
      assignmentStep: record.assignment_step ?? '',
    };
  });
}

export function loadPrimaryCareServiceCodes(): PrimaryCareServiceCode[] {
  return parsePrimaryCareServiceCodes(readReferenceText(PRIMARY_CARE_SERVICE_CODES_FILE));
}

export function loadAssignmentSpecialtyCodes(): AssignmentSpecialty[] {
  return parseAssignmentSpecialtyCodes(readReferenceText(ASSIGNMENT_SPECIALTY_CODES_FILE));
}
