import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReferenceText } from '../../reference/reference-files.js';
import { ageOn } from '../member-profile.js';
import { ageAsOf, ageSexCell, demographicsFor, demographicVariables, newEnrolleeCell } from './demographics.js';
import type { OrecCode, Sex } from './types.js';

describe('age on 1 February of the payment year', () => {
  it('counts a birthday on 1 February and not one on 2 February', () => {
    expect(demographicsFor('1954-02-01', 'F', '0', 2026).age).toBe(72);
    expect(demographicsFor('1954-01-31', 'F', '0', 2026).age).toBe(72);
    expect(demographicsFor('1954-02-02', 'F', '0', 2026).age).toBe(71);
    expect(demographicsFor('1956-02-29', 'M', '0', 2026).age).toBe(69);
    // Born after the reference date: CMS floors age at 0.
    expect(ageAsOf('2026-03-01', '2026-02-01')).toBe(0);
  });

  it("is CMS's month-count formula, equal to whole years on any 1 February", () => {
    const isoDay = fc
      .record({
        y: fc.integer({ min: 1900, max: 2023 }),
        m: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 28 }),
      })
      .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(isoDay, fc.integer({ min: 2024, max: 2030 }), (birthDate, year) => {
        expect(ageAsOf(birthDate, `${year}-02-01`)).toBe(ageOn(birthDate, `${year}-02-01`));
      }),
    );
  });
});

describe('DISABL and ORIGDS (AGESEXV2)', () => {
  it('is disabled under 65 unless entitled by age, and originally disabled only with OREC 1 at 65+', () => {
    const flags = (birthDate: string, orec: OrecCode) => {
      const { disabled, originallyDisabled } = demographicsFor(birthDate, 'F', orec, 2026);
      return [disabled, originallyDisabled];
    };
    expect(flags('1970-01-01', '1')).toEqual([true, false]);
    expect(flags('1970-01-01', '2')).toEqual([true, false]);
    expect(flags('1970-01-01', '0')).toEqual([false, false]);
    expect(flags('1950-01-01', '1')).toEqual([false, true]);
    // OREC 3 (disability and ESRD) is not "originally disabled" in CMS's definition.
    expect(flags('1950-01-01', '3')).toEqual([false, false]);
    expect(flags('1950-01-01', '0')).toEqual([false, false]);
  });

  it('turns them into the variables each segment reads', () => {
    expect(
      demographicVariables(demographicsFor('1954-04-01', 'F', '1', 2026), { institutional: false, newEnrollee: false }),
    ).toEqual(['F70_74', 'ORIGDS', 'OriginallyDisabled_Female', 'NMCAID_ORIGDIS_NEF70_74']);
    expect(
      demographicVariables(demographicsFor('1975-01-01', 'M', '1', 2026), { institutional: true, newEnrollee: true }),
    ).toEqual(['M45_54', 'LTIMCAID', 'MCAID_NORIGDIS_NEM45_54']);
  });
});

/**
 * Evaluates AGESEXV2's `WHEN(<condition>) <var> = <index>;` statements the way SAS does (first match wins) and
 * returns the cell name of the array the index points into.
 */
function cellsFromSas(arrayName: string, indexVariable: string): (age: number, sex: Sex, orec: OrecCode) => string {
  const sas = readReferenceText('cms-hcc/sas/AGESEXV2.TXT');
  const array = new RegExp(`ARRAY\\s+${arrayName}\\(\\d+\\)([^;]*);`).exec(sas);
  const names = (array?.[1] ?? '').split(/\s+/).filter((name) => name !== '');
  const whens = [...sas.matchAll(new RegExp(`WHEN\\((.*?)\\)\\s*${indexVariable}\\s*=\\s*(\\d+);`, 'g'))].map((m) => ({
    terms: (m[1] ?? '').split(/\s+&\s+/).map((term) => term.trim()),
    index: Number(m[2]),
  }));
  expect(names.length).toBeGreaterThan(20);
  expect(whens.length).toBe(names.length + (arrayName === 'NECELL' ? 4 : 0));
  const holds = (term: string, age: number, sex: Sex, orec: OrecCode): boolean => {
    let match = /^&SEX='(\d)'$/.exec(term);
    if (match !== null) {
      return match[1] === (sex === 'M' ? '1' : '2');
    }
    match = /^(\d+)(<=|<)\s*&AGEF\s*<=\s*(\d+)$/.exec(term);
    if (match !== null) {
      const low = Number(match[1]);
      return (match[2] === '<=' ? age >= low : age > low) && age <= Number(match[3]);
    }
    match = /^&AGEF\s*(>|=)\s*(\d+)$/.exec(term);
    if (match !== null) {
      return match[1] === '>' ? age > Number(match[2]) : age === Number(match[2]);
    }
    match = /^&OREC\s*(NE|=)\s*'(\d)'$/.exec(term);
    if (match !== null) {
      return match[1] === '=' ? orec === match[2] : orec !== match[2];
    }
    throw new Error(`Unexpected AGESEXV2 condition "${term}"`);
  };
  return (age, sex, orec) => {
    const when = whens.find((w) => w.terms.every((term) => holds(term, age, sex, orec)));
    return names[(when?.index ?? 0) - 1] ?? 'none';
  };
}

describe('age/sex cells, checked against every WHEN of the vendored AGESEXV2', () => {
  it('matches the 24 community/institutional cells and the 32 new-enrollee cells at every age', () => {
    const cell = cellsFromSas('CELL', '_AGESEX');
    const neCell = cellsFromSas('NECELL', 'NE_AGESEX');
    for (const sex of ['F', 'M'] as const) {
      for (const orec of ['0', '1', '2', '3'] as const) {
        for (let age = 0; age <= 110; age += 1) {
          expect(ageSexCell(age, sex), `${sex} ${age}`).toBe(cell(age, sex, orec));
          expect(newEnrolleeCell(age, sex, orec), `${sex} ${age} OREC ${orec}`).toBe(neCell(age, sex, orec));
        }
      }
    }
    expect(newEnrolleeCell(64, 'F', '0')).toBe('NEF65');
    expect(newEnrolleeCell(64, 'F', '1')).toBe('NEF60_64');
  });
});
