import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { V24_DIAGNOSIS_EDITS, V24_INTERACTION_VARIABLES } from './cms-hcc-v24-transcription.js';
import { parseSasDiagnosisEdits, parseSasInteractions } from './sas-macros.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`./__fixtures__/cms-hcc-v24/${name}`, import.meta.url), 'utf8');

describe('the V24 transcription', () => {
  it("matches every group and interaction of CMS's V24 main macro, in order", () => {
    expect(V24_INTERACTION_VARIABLES).toEqual(parseSasInteractions(fixture('V2422P2M.TXT')));
  });

  it("matches every mandatory edit of CMS's V24 edit macro", () => {
    const transcribed = V24_DIAGNOSIS_EDITS.map(({ description: _description, ...edit }) => edit);
    expect(transcribed).toEqual(parseSasDiagnosisEdits(fixture('V24I0ED2.TXT')));
    expect(V24_DIAGNOSIS_EDITS.every((edit) => edit.description.endsWith('(V24I0ED2)'))).toBe(true);
  });
});
