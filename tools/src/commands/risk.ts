/**
 * `benchline risk`: scores the input files of CMS's published CMS-HCC model software and prints what that software
 * prints — per person the age, DISABL / ORIGDIS, every payment HCC and interaction flag, the count flags and the
 * nine segment scores (three decimals). As in CMS's software the diagnoses are taken as given (no claim filtering).
 *
 *   benchline risk --model V28|V24 --payment-year YYYY --persons persons.csv --diagnoses diagnoses.csv
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ICD10_CM_PATTERN, type OrecCode } from '@benchline/shared';
import {
  COUNT_VARIABLES,
  demographicsFor,
  formatCsvRow,
  loadCmsHccTables,
  mappedPaymentYears,
  modelOutputVariables,
  modelsMappedIn,
  parseCsv,
  runModel,
  type EligibleDiagnosis,
  type HccModel,
  type RiskSegment,
  type Sex,
} from '@benchline/workers';

const USAGE = `usage: benchline risk --model V28|V24 --payment-year YYYY --persons persons.csv --diagnoses diagnoses.csv

  --model         the CMS-HCC model to run: V28 or V24
  --payment-year  the payment year: age is taken on 1 February of it, and its ICD-10 → HCC mapping is used
  --persons       CSV with header ID,DOB,SEX,OREC,LTIMCAID,NEMCAID (DOB as MM/DD/YYYY or YYYY-MM-DD;
                  SEX 1 male, 2 female; OREC 0-3; LTIMCAID and NEMCAID 0 or 1)
  --diagnoses     CSV with header ID,ICD10 (ICD-10-CM, with or without the dot)

Writes CSV to stdout: ID, AGE, DISABL, ORIGDIS, the HCC and interaction flags, D1 … D10P and the raw scores
SCORE_COMMUNITY_NA … SCORE_NE_SNP.
`;

/** The score columns, in the order CMS's software prints them, and the segment each one is. */
const SCORE_COLUMNS: readonly (readonly [string, RiskSegment])[] = [
  ['SCORE_COMMUNITY_NA', 'CNA'],
  ['SCORE_COMMUNITY_ND', 'CND'],
  ['SCORE_COMMUNITY_FBA', 'CFA'],
  ['SCORE_COMMUNITY_FBD', 'CFD'],
  ['SCORE_COMMUNITY_PBA', 'CPA'],
  ['SCORE_COMMUNITY_PBD', 'CPD'],
  ['SCORE_INSTITUTIONAL', 'INS'],
  ['SCORE_NE', 'NE'],
  ['SCORE_NE_SNP', 'SNPNE'],
];

const PERSON_COLUMNS = ['ID', 'DOB', 'SEX', 'OREC', 'LTIMCAID', 'NEMCAID'] as const;
const DIAGNOSIS_COLUMNS = ['ID', 'ICD10'] as const;
/** How many bad rows are listed before the rest are only counted. */
const MAX_REPORTED_ERRORS = 50;

interface Person {
  readonly id: string;
  readonly birthDate: string;
  readonly sex: Sex;
  readonly orec: OrecCode;
  readonly ltimcaid: boolean;
  readonly nemcaid: boolean;
}

class InputErrors {
  readonly messages: string[] = [];
  count = 0;

  add(message: string): void {
    this.count += 1;
    if (this.messages.length < MAX_REPORTED_ERRORS) {
      this.messages.push(message);
    }
  }
}

export async function runRisk(argv: string[]): Promise<number> {
  let options: { model: HccModel; paymentYear: number; persons: string; diagnoses: string };
  try {
    const { values } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options: {
        model: { type: 'string' },
        'payment-year': { type: 'string' },
        persons: { type: 'string' },
        diagnoses: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const { model, persons, diagnoses } = values;
    const paymentYear = values['payment-year'];
    if (model !== 'V24' && model !== 'V28') {
      throw new RangeError(`--model must be V28 or V24 (got ${model === undefined ? 'nothing' : `"${model}"`})`);
    }
    if (paymentYear === undefined || !/^[0-9]{4}$/.test(paymentYear)) {
      throw new RangeError(`--payment-year must be a year, YYYY (got ${JSON.stringify(paymentYear ?? null)})`);
    }
    if (persons === undefined || diagnoses === undefined) {
      throw new RangeError('--persons and --diagnoses are both required');
    }
    options = { model, paymentYear: Number(paymentYear), persons, diagnoses };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }

  const tables = loadCmsHccTables();
  if (!modelsMappedIn(tables.icd10Map, options.paymentYear).includes(options.model)) {
    // A year not vendored, or one whose mapping does not cover the model (V28 starts with payment year 2024).
    const years = mappedPaymentYears(tables.icd10Map, options.model).join(', ');
    process.stderr.write(
      `risk: no ${options.model} ICD-10 → HCC mapping for payment year ${options.paymentYear} (${options.model}: ${years})\n`,
    );
    return 2;
  }

  const errors = new InputErrors();
  let personsText: string;
  let diagnosesText: string;
  try {
    [personsText, diagnosesText] = await Promise.all([
      readFile(options.persons, 'utf8'),
      readFile(options.diagnoses, 'utf8'),
    ]);
  } catch (error) {
    process.stderr.write(`risk: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const persons = readPersons(options.persons, personsText, errors);
  const diagnoses = readDiagnoses(options.diagnoses, diagnosesText, errors, persons);
  if (errors.count > 0) {
    process.stderr.write(`${errors.messages.join('\n')}\n`);
    if (errors.count > errors.messages.length) {
      process.stderr.write(`… and ${errors.count - errors.messages.length} more\n`);
    }
    process.stderr.write(`risk: ${errors.count} bad row${errors.count === 1 ? '' : 's'}; nothing scored\n`);
    return 1;
  }

  const { hccs, interactions } = modelOutputVariables(tables, options.model);
  const header = [
    'ID',
    'AGE',
    'DISABL',
    'ORIGDIS',
    ...hccs.map((hcc) => `HCC${hcc}`),
    ...interactions,
    ...COUNT_VARIABLES,
    ...SCORE_COLUMNS.map(([column]) => column),
  ];
  const lines = [formatCsvRow(header)];
  for (const person of persons.values()) {
    const demographics = demographicsFor(person.birthDate, person.sex, person.orec, options.paymentYear);
    const run = runModel(
      {
        demographics,
        institutionalMedicaid: person.ltimcaid,
        newEnrolleeMedicaid: person.nemcaid,
        diagnoses: diagnoses.get(person.id) ?? [],
      },
      tables,
      options.model,
      options.paymentYear,
    );
    const on = new Set(run.variables);
    const flag = (variable: string): string => (on.has(variable) ? '1' : '0');
    lines.push(
      formatCsvRow([
        person.id,
        String(demographics.age),
        demographics.disabled ? '1' : '0',
        demographics.originallyDisabled ? '1' : '0',
        ...hccs.map((hcc) => flag(`HCC${hcc}`)),
        ...interactions.map(flag),
        ...COUNT_VARIABLES.map(flag),
        ...SCORE_COLUMNS.map(([, segment]) => (run.segmentScoresThousandths[segment] / 1000).toFixed(3)),
      ]),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Rows of a CSV file with the required columns (found by name, in any order); row 1 is the header. */
function readRows(
  path: string,
  text: string,
  required: readonly string[],
  errors: InputErrors,
): { row: number; fields: Record<string, string> }[] {
  let rows: string[][];
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    errors.add(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
  const [header, ...data] = rows;
  const names = (header ?? []).map((name) => name.trim().toUpperCase());
  const missing = required.filter((name) => !names.includes(name));
  if (header === undefined || missing.length > 0) {
    errors.add(`${path}: row 1: the header must name ${required.join(', ')} (missing ${missing.join(', ')})`);
    return [];
  }
  const result: { row: number; fields: Record<string, string> }[] = [];
  data.forEach((fields, index) => {
    const row = index + 2;
    if (fields.every((field) => field.trim() === '')) {
      return;
    }
    if (fields.length !== names.length) {
      errors.add(`${path}: row ${row}: ${fields.length} fields, the header has ${names.length}`);
      return;
    }
    const record: Record<string, string> = {};
    names.forEach((name, column) => {
      record[name] = (fields[column] ?? '').trim();
    });
    result.push({ row, fields: record });
  });
  return result;
}

function readPersons(path: string, text: string, errors: InputErrors): Map<string, Person> {
  const persons = new Map<string, Person>();
  for (const { row, fields } of readRows(path, text, PERSON_COLUMNS, errors)) {
    const problems: string[] = [];
    const id = fields.ID ?? '';
    if (id === '') {
      problems.push('ID is empty');
    } else if (persons.has(id)) {
      problems.push(`ID ${id} appears twice`);
    }
    const birthDate = isoBirthDate(fields.DOB ?? '');
    if (birthDate === null) {
      problems.push(`DOB "${fields.DOB ?? ''}" is not a date (MM/DD/YYYY or YYYY-MM-DD)`);
    }
    const sex = fields.SEX === '1' ? 'M' : fields.SEX === '2' ? 'F' : null;
    if (sex === null) {
      problems.push(`SEX "${fields.SEX ?? ''}" must be 1 (male) or 2 (female)`);
    }
    const orec = fields.OREC ?? '';
    if (orec !== '0' && orec !== '1' && orec !== '2' && orec !== '3') {
      problems.push(`OREC "${orec}" must be 0, 1, 2 or 3`);
    }
    const ltimcaid = zeroOrOne(fields.LTIMCAID ?? '');
    if (ltimcaid === null) {
      problems.push(`LTIMCAID "${fields.LTIMCAID ?? ''}" must be 0 or 1`);
    }
    const nemcaid = zeroOrOne(fields.NEMCAID ?? '');
    if (nemcaid === null) {
      problems.push(`NEMCAID "${fields.NEMCAID ?? ''}" must be 0 or 1`);
    }
    if (problems.length > 0 || birthDate === null || sex === null || ltimcaid === null || nemcaid === null) {
      errors.add(`${path}: row ${row}: ${problems.join('; ')}`);
      continue;
    }
    persons.set(id, { id, birthDate, sex, orec: orec as OrecCode, ltimcaid, nemcaid });
  }
  return persons;
}

const icd10Pattern = new RegExp(ICD10_CM_PATTERN);

function readDiagnoses(
  path: string,
  text: string,
  errors: InputErrors,
  persons: ReadonlyMap<string, Person>,
): Map<string, EligibleDiagnosis[]> {
  const byPerson = new Map<string, Map<string, EligibleDiagnosis>>();
  for (const { row, fields } of readRows(path, text, DIAGNOSIS_COLUMNS, errors)) {
    const id = fields.ID ?? '';
    const icd10 = (fields.ICD10 ?? '').replace('.', '').toUpperCase();
    if (id === '' || !icd10Pattern.test(icd10)) {
      const problems = [
        ...(id === '' ? ['ID is empty'] : []),
        ...(icd10Pattern.test(icd10) ? [] : [`ICD10 "${fields.ICD10 ?? ''}" is not an ICD-10-CM code`]),
      ];
      errors.add(`${path}: row ${row}: ${problems.join('; ')}`);
      continue;
    }
    if (!persons.has(id)) {
      // CMS's software merges diagnoses onto persons and drops the ones without a person; say so.
      process.stderr.write(`${path}: row ${row}: no person ${id} in the persons file; diagnosis ignored\n`);
      continue;
    }
    let codes = byPerson.get(id);
    if (codes === undefined) {
      codes = new Map();
      byPerson.set(id, codes);
    }
    codes.set(icd10, { icd10, evidence: [] });
  }
  return new Map([...byPerson].map(([id, codes]) => [id, [...codes.values()]]));
}

/** MM/DD/YYYY (CMS's DOB format) or YYYY-MM-DD → YYYY-MM-DD, or null when it is not a real date. */
function isoBirthDate(text: string): string | null {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = us !== null ? [us[3], us[1], us[2]] : iso !== null ? [iso[1], iso[2], iso[3]] : [];
  if (year === undefined || month === undefined || day === undefined) {
    return null;
  }
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day)
  ) {
    return null;
  }
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function zeroOrOne(text: string): boolean | null {
  return text === '1' ? true : text === '0' ? false : null;
}
