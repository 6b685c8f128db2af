import { describe, expect, it } from 'vitest';
import {
  parseSasCcExclusions,
  parseSasDiagnosisEdits,
  parseSasHierarchies,
  parseSasInteractions,
  parseSasRegressionVariables,
  stripSasComments,
} from './sas-macros.js';

describe('parseSasHierarchies', () => {
  it('reads %SET0 statements in order, across line breaks, ignoring the macro definition and comments', () => {
    const text = [
      ' %MACRO SET0( CC=, HIER= );',
      ' /*Heart 1 */      %SET0(CC=221   , HIER=%STR(',
      '222, 223 ));',
      ' /*Heart 2 */      %SET0(CC=222   , HIER=%STR(223',
      '));',
      ' /* %SET0(CC=1, HIER=%STR(2)); commented out */',
    ].join('\r\n');
    expect(parseSasHierarchies(text)).toEqual([
      { parent: 221, children: [222, 223] },
      { parent: 222, children: [223] },
    ]);
  });

  it('refuses a text without hierarchy statements', () => {
    expect(() => parseSasHierarchies('%MACRO X; %MEND X;')).toThrow(/No %SET0/);
  });
});

describe('parseSasInteractions', () => {
  const section = (body: string): string =>
    `IF X THEN DO;\n %*diagnostic categories;\n${body}\n END; *there are some diagnoses for a person;\n`;

  it('reads groups and products, resolving operands case-insensitively and dropping parentheses', () => {
    const text = section(
      [
        'CANCER = MAX(HCC8, HCC9);',
        'CHF = HCC85;',
        '%*community models interactions ;',
        'HCC47_gCancer = HCC47*Cancer;',
        'PRESSURE_ULCER = MAX(HCC157, HCC158); /*11/20/2018*/;',
        'ART_OPENINGS_PRESS_ULCER = (HCC188)*PRESSURE_ULCER;',
        'DISABLED_HCC85 = DISABL*(HCC85);',
      ].join('\n'),
    );
    expect(parseSasInteractions(text)).toEqual([
      { variable: 'CANCER', kind: 'group', operands: ['HCC8', 'HCC9'] },
      { variable: 'CHF', kind: 'group', operands: ['HCC85'] },
      { variable: 'HCC47_gCancer', kind: 'product', operands: ['HCC47', 'CANCER'] },
      { variable: 'PRESSURE_ULCER', kind: 'group', operands: ['HCC157', 'HCC158'] },
      { variable: 'ART_OPENINGS_PRESS_ULCER', kind: 'product', operands: ['HCC188', 'PRESSURE_ULCER'] },
      { variable: 'DISABLED_HCC85', kind: 'product', operands: ['DISABL', 'HCC85'] },
    ]);
  });

  it('stops on an operand that is not defined, or on a statement it does not understand', () => {
    expect(() => parseSasInteractions(section('A_B = A*B;'))).toThrow(/"A"/);
    expect(() => parseSasInteractions(section('X = SUM(HCC1, HCC2);'))).toThrow(/Unexpected interaction expression/);
    expect(() => parseSasInteractions(section('X = MAX(HCC1, FOO);'))).toThrow(/Expected an HCC, found "FOO"/);
    expect(() => parseSasInteractions('no section here')).toThrow(/not found/);
  });
});

describe('parseSasCcExclusions', () => {
  it("reads V28's heart patch", () => {
    const text = ' IF CC223 = 1 AND MAX(CC221, CC222, CC224, CC225, CC226) = 0   \r\n   THEN CC223 = 0;';
    expect(parseSasCcExclusions(text)).toEqual([{ cc: 223, unlessAnyOf: [221, 222, 224, 225, 226] }]);
    expect(() => parseSasCcExclusions('IF CC1 = 1 AND MAX(CC2) = 0 THEN CC3 = 0;')).toThrow(/drops CC3/);
  });
});

describe('parseSasDiagnosisEdits', () => {
  it('reads sex, upper-age, lower-age and either-side edits, and leaves the MCE block alone', () => {
    const text = [
      ' %* reset of CCs that is based on beneficiary age or sex;',
      '   IF &SEX="2" AND &ICD10 IN ("D66", "D67")  THEN CC="112"; ',
      '   ELSE',
      '   IF &AGE < 18 AND &ICD10 IN ("J410",',
      '                               "J411") ',
      '                                             THEN CC="-1.0";',
      '   ELSE IF &AGE >= 2 AND &ICD10 IN ("P040") THEN CC="-1.0";',
      '   ELSE IF (&AGE < 6 OR &AGE > 18) AND &ICD10 = "F3481" THEN CC="-1.0";',
      '  %IF &SEDITS = 1 %THEN %DO;',
      '     IF _TSEX NE "-1"  & _TSEX NE &SEX THEN CC="-1.0";',
      '  %END;',
    ].join('\n');
    const invalid = { action: 'invalid', ccOverride: null } as const;
    expect(parseSasDiagnosisEdits(text)).toEqual([
      { icd10: 'D66', editType: 'sex', sex: 'F', ageMin: null, ageMax: null, action: 'override', ccOverride: 112 },
      { icd10: 'D67', editType: 'sex', sex: 'F', ageMin: null, ageMax: null, action: 'override', ccOverride: 112 },
      { icd10: 'J410', editType: 'age', sex: null, ageMin: null, ageMax: 17, ...invalid },
      { icd10: 'J411', editType: 'age', sex: null, ageMin: null, ageMax: 17, ...invalid },
      { icd10: 'P040', editType: 'age', sex: null, ageMin: 2, ageMax: null, ...invalid },
      { icd10: 'F3481', editType: 'age', sex: null, ageMin: null, ageMax: 5, ...invalid },
      { icd10: 'F3481', editType: 'age', sex: null, ageMin: 19, ageMax: null, ...invalid },
    ]);
  });

  it('stops on a condition it does not understand', () => {
    expect(() => parseSasDiagnosisEdits('IF &AGE ~ 3 AND &ICD10 = "X1" THEN CC="1";')).toThrow(/edit condition/);
  });
});

describe('parseSasRegressionVariables', () => {
  it("expands each scoring call's %LET list, including lists supplied from outside", () => {
    const text = [
      ' %LET AGESEXVA= F65_69',
      '                M65_69;',
      ' %LET ADDZ=%STR(',
      '  D1 D10P',
      '  );',
      ' %LET HCClist=&HCCV28_list115;',
      ' %*a comment; %LET COMM_REGA= %STR(&AGESEXVA &HCClist &ADDZ);',
      '     %&SCOREMAC(PVAR=SCORE_COMMUNITY_NA,  RLIST=&COMM_REGA, CPREF=CNA_);',
    ].join('\n');
    expect(parseSasRegressionVariables(text, { HCCV28_list115: ['HCC1', 'HCC2'] })).toEqual(
      new Map([['CNA', ['F65_69', 'M65_69', 'HCC1', 'HCC2', 'D1', 'D10P']]]),
    );
    expect(() =>
      parseSasRegressionVariables('%&SCOREMAC(PVAR=S, RLIST=&NOPE, CPREF=X_);', { HCCV28_list115: [] }),
    ).toThrow(/Undefined list &NOPE/);
  });

  it('strips block and macro comments but keeps code', () => {
    expect(stripSasComments('A=1; /* x; */ %* y; B=2;')).toBe('A=1;     B=2;');
  });
});
