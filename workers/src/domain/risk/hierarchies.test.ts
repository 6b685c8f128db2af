import { describe, expect, it } from 'vitest';
import { tables } from './__fixtures__/members.js';
import { applyHierarchies } from './hierarchies.js';
import { prepareModel } from './prepared-model.js';

const v28 = prepareModel(tables, 'V28');
const v24 = prepareModel(tables, 'V24');
const hccsOf = (ccs: number[], model = v28): number[] => [...applyHierarchies(ccs, model).hccs].sort((a, b) => a - b);

describe('hierarchies', () => {
  it('keeps only HCC224 for acute-on-chronic systolic (I5023, CC224) with chronic systolic (I5022, CC226) in V28', () => {
    const outcome = applyHierarchies([226, 224], v28);
    expect([...outcome.hccs]).toEqual([224]);
    expect(outcome.superseded).toEqual(new Map([[226, 224]]));
    // V24 has one heart failure HCC, 85.
    expect(hccsOf([85], v24)).toEqual([85]);
  });

  it('drops the diabetes without complications HCC when a complication is coded (reference §3.5)', () => {
    expect(hccsOf([38, 37, 226])).toEqual([37, 226]);
    expect(hccsOf([19, 18, 85], v24)).toEqual([18, 85]);
    // The whole chain: diabetes 35 > 36 > 37 > 38, cancer 17 > … > 23, kidney 326 > … > 329.
    expect(hccsOf([35, 36, 37, 38, 17, 23, 326, 329])).toEqual([17, 35, 326]);
  });

  it('applies rules in CMS order to what earlier rules left (a removed parent removes nothing)', () => {
    // Liver 1: 62 removes 63; Liver 2 (63 removes 202) then no longer fires, so 202 stays — as in the SAS.
    expect(hccsOf([62, 63, 202])).toEqual([62, 202]);
    expect(hccsOf([63, 202])).toEqual([63]);
  });

  it("drops CC223 when it is the only heart failure CC (V28's heart patch), before the hierarchies", () => {
    const alone = applyHierarchies([223, 280], v28);
    expect([...alone.hccs]).toEqual([280]);
    expect(alone.excluded).toEqual([223]);
    const withChronicHf = applyHierarchies([223, 226], v28);
    expect([...withChronicHf.hccs]).toEqual([223]);
    expect(withChronicHf.excluded).toEqual([]);
    expect(withChronicHf.superseded).toEqual(new Map([[226, 223]]));
  });

  it('ignores CCs that are not payment HCCs of the model', () => {
    expect(hccsOf([38, 9999, 85])).toEqual([38]);
  });
});
