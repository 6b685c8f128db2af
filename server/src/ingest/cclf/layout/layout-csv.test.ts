import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CCLF_LAYOUT } from './cclf-layout.js';
import { CCLF_FILE_TYPES, parseLayoutCsv, renderLayoutModule } from './layout-csv.js';

const csv = readFileSync(new URL('./cclf-layout.csv', import.meta.url), 'utf8');

describe('the vendored CCLF layout', () => {
  it('holds the 286 fields of CCLF1–9, A and B with the v38 record lengths', () => {
    const layout = parseLayoutCsv(csv);
    expect(CCLF_FILE_TYPES.reduce((sum, type) => sum + layout[type].length, 0)).toBe(286);
    expect(Object.fromEntries(CCLF_FILE_TYPES.map((type) => [type, layout[type].at(-1)!.end]))).toEqual({
      CCLF1: 437,
      CCLF2: 199,
      CCLF3: 114,
      CCLF4: 112,
      CCLF5: 388,
      CCLF6: 247,
      CCLF7: 195,
      CCLF8: 549,
      CCLF9: 55,
      CCLFA: 324,
      CCLFB: 128,
    });
    expect(layout.CCLF1.find((f) => f.name === 'CLM_PMT_AMT')).toMatchObject({
      start: 82,
      end: 98,
      format: '-9(13).99',
    });
  });

  it('is what the typed module says, field for field', () => {
    expect(parseLayoutCsv(csv)).toEqual(JSON.parse(JSON.stringify(CCLF_LAYOUT)));
  });

  it('refuses a table whose positions leave a gap, disagree with the length, or were not checked against v38', () => {
    const lines = csv.split('\n');
    const at = lines.findIndex((line) => line.startsWith('CCLF1,2,'));
    const edited = (replacement: string): string =>
      [...lines.slice(0, at), replacement, ...lines.slice(at + 1)].join('\n');
    expect(() => parseLayoutCsv(edited('CCLF1,2,PRVDR_OSCAR_NUM,Provider OSCAR-Number,15,20,6,X(06),True'))).toThrow(
      /starts at 15, not right after 13/,
    );
    expect(() => parseLayoutCsv(edited('CCLF1,2,PRVDR_OSCAR_NUM,Provider OSCAR-Number,14,19,7,X(06),True'))).toThrow(
      /says length 7/,
    );
    expect(() => parseLayoutCsv(edited('CCLF1,2,PRVDR_OSCAR_NUM,Provider OSCAR-Number,14,19,6,X(06),False'))).toThrow(
      /not marked as checked/,
    );
  });

  it('renders a module that declares every file', () => {
    const module = renderLayoutModule(csv);
    for (const type of CCLF_FILE_TYPES) {
      expect(module).toContain(`${type}: [`);
    }
    expect(module).toContain('satisfies Record<CclfFileType, readonly CclfFieldLayout[]>');
  });
});
