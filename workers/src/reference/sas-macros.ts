/**
 * Reads the model logic out of CMS's published SAS macros for the CMS-HCC model: hierarchy rules (`%SET0` in
 * V24H86H1 / V28115H1), the interaction variables of the main macro (diagnostic groups and their products), the
 * V28 "heart patch" that drops a lone CC, the age/sex diagnosis edits (V24I0ED2 / V28I0ED1) and each segment's
 * regression variable list. Pure text-in, data-out parsers; anything outside the small grammar they know stops
 * the parse, so a changed macro cannot be half-read.
 */

/** One `%SET0(CC=parent, HIER=%STR(children))` statement: when HCC `parent` is present, the children are zeroed. */
export interface SasHierarchyRule {
  readonly parent: number;
  readonly children: readonly number[];
}

/**
 * A variable the main macro derives from HCCs: a `group` is `MAX(HCCa, HCCb, …)` (or one HCC), a `product` is
 * `A*B` of groups, HCCs or the DISABL flag. Operands are `HCC<n>`, `DISABL` or the name of a group defined above.
 */
export interface SasInteractionVariable {
  readonly variable: string;
  readonly kind: 'group' | 'product';
  readonly operands: readonly string[];
}

/** `IF CC<cc> = 1 AND MAX(CC…) = 0 THEN CC<cc> = 0;` — the CC is dropped unless one of the others is present. */
export interface SasCcExclusion {
  readonly cc: number;
  readonly unlessAnyOf: readonly number[];
}

/**
 * One age/sex diagnosis edit of an edit macro, in the shape of the vendored edits table: it applies when the
 * beneficiary's sex matches (when given) and age ≥ ageMin / ≤ ageMax (when given); `override` assigns
 * `ccOverride` instead of the code's usual CCs, `invalid` assigns none.
 */
export interface SasDiagnosisEdit {
  readonly icd10: string;
  readonly editType: 'age' | 'sex';
  readonly sex: 'F' | 'M' | null;
  readonly ageMin: number | null;
  readonly ageMax: number | null;
  readonly action: 'invalid' | 'override';
  readonly ccOverride: number | null;
}

/** Block comments (`/* … *\/`) and macro comments (`%* … ;`) removed; statement comments (`* … ;`) are kept. */
export function stripSasComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/%\*[^;]*;/g, ' ');
}

export function parseSasHierarchies(text: string): SasHierarchyRule[] {
  const rules: SasHierarchyRule[] = [];
  const pattern = /%SET0\(\s*CC\s*=\s*(\d+)\s*,\s*HIER\s*=\s*%STR\(([^)]*)\)\s*\)/g;
  for (const match of stripSasComments(text).matchAll(pattern)) {
    const children = (match[2] ?? '')
      .split(/[\s,]+/)
      .filter((token) => token !== '')
      .map((token) => integer(token, 'hierarchy child'));
    rules.push({ parent: integer(match[1] ?? '', 'hierarchy parent'), children });
  }
  if (rules.length === 0) {
    throw new Error('No %SET0 hierarchy statements found');
  }
  return rules;
}

const INTERACTIONS_START = /%\*diagnostic categories;/i;
const INTERACTIONS_END = /END;\s*\*there are some diagnoses for a person;/i;

/**
 * The interaction section of a main macro (from `%*diagnostic categories;` to the end of the "there are some
 * diagnoses" block), in statement order. SAS names are case-insensitive (`HCC47*Cancer` uses group `CANCER`), so
 * operands are resolved to the group's spelling where it is defined.
 */
export function parseSasInteractions(text: string): SasInteractionVariable[] {
  const start = INTERACTIONS_START.exec(text);
  const end = INTERACTIONS_END.exec(text);
  if (start === null || end === null || end.index < start.index) {
    throw new Error('The interaction section of the main macro was not found');
  }
  const section = stripSasComments(text.slice(start.index, end.index));
  const groups = new Map<string, string>();
  const variables: SasInteractionVariable[] = [];
  for (const rawStatement of section.split(';')) {
    const statement = rawStatement.replace(/\s+/g, ' ').trim();
    if (statement === '') {
      continue;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*) ?= ?(.+)$/.exec(statement);
    if (assignment === null) {
      throw new Error(`Unexpected statement in the interaction section: "${statement}"`);
    }
    const [, variable = '', expression = ''] = assignment;
    const max = /^MAX\((.*)\)$/i.exec(expression);
    if (max !== null || /^HCC\d+$/i.test(expression)) {
      const operands = (max === null ? expression : (max[1] ?? '')).split(',').map((token) => hccName(token.trim()));
      variables.push({ variable, kind: 'group', operands });
      groups.set(variable.toUpperCase(), variable);
      continue;
    }
    const factors = expression.split('*').map((token) =>
      token
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .trim(),
    );
    if (factors.length !== 2) {
      throw new Error(`Unexpected interaction expression for ${variable}: "${expression}"`);
    }
    variables.push({ variable, kind: 'product', operands: factors.map((factor) => operandName(factor, groups)) });
  }
  return variables;
}

function hccName(token: string): string {
  const match = /^HCC(\d+)$/i.exec(token);
  if (match === null) {
    throw new Error(`Expected an HCC, found "${token}"`);
  }
  return `HCC${Number(match[1])}`;
}

function operandName(token: string, groups: ReadonlyMap<string, string>): string {
  if (/^HCC\d+$/i.test(token)) {
    return hccName(token);
  }
  if (token.toUpperCase() === 'DISABL') {
    return 'DISABL';
  }
  const group = groups.get(token.toUpperCase());
  if (group === undefined) {
    throw new Error(`Interaction operand "${token}" is neither an HCC, DISABL nor a group defined before it`);
  }
  return group;
}

export function parseSasCcExclusions(text: string): SasCcExclusion[] {
  const exclusions: SasCcExclusion[] = [];
  const pattern = /IF\s+CC(\d+)\s*=\s*1\s+AND\s+MAX\(([^)]*)\)\s*=\s*0\s+THEN\s+CC(\d+)\s*=\s*0\s*;/gi;
  for (const match of stripSasComments(text).matchAll(pattern)) {
    if (match[1] !== match[3]) {
      throw new Error(`A CC exclusion that tests CC${match[1] ?? ''} but drops CC${match[3] ?? ''}`);
    }
    const unlessAnyOf = (match[2] ?? '').split(',').map((token) => {
      const cc = /^\s*CC(\d+)\s*$/i.exec(token);
      if (cc === null) {
        throw new Error(`Expected a CC in the exclusion's MAX(), found "${token.trim()}"`);
      }
      return Number(cc[1]);
    });
    exclusions.push({ cc: integer(match[1] ?? '', 'excluded CC'), unlessAnyOf });
  }
  return exclusions;
}

/**
 * The mandatory edits of an edit macro (`IF <condition> THEN CC="<cc>";` chained with ELSE), before its optional
 * MCE block (`%IF &SEDITS = 1`), which needs CMS's MCE formats and is not modelled. One edit per code and
 * condition; an `(&AGE < a OR &AGE > b)` condition becomes two edits.
 */
export function parseSasDiagnosisEdits(text: string): SasDiagnosisEdit[] {
  const mceBlock = /%IF\s+&SEDITS\s*=\s*1/i.exec(text);
  const body = stripSasComments(mceBlock === null ? text : text.slice(0, mceBlock.index));
  const edits: SasDiagnosisEdit[] = [];
  const pattern = /\bIF\s+(.+?)\s+THEN\s+CC\s*=\s*"([^"]+)"\s*;/gis;
  for (const match of body.matchAll(pattern)) {
    const condition = (match[1] ?? '').replace(/\s+/g, ' ').trim();
    const result = match[2] ?? '';
    const action = result === '-1.0' ? 'invalid' : 'override';
    const ccOverride = action === 'override' ? integer(result, 'edit CC') : null;
    const codes = /&ICD10\s+IN\s*\(([^)]*)\)|&ICD10\s*=\s*"([^"]+)"/i.exec(condition);
    if (codes === null) {
      throw new Error(`An edit without diagnosis codes: "${condition}"`);
    }
    const icd10s =
      codes[1] === undefined ? [codes[2] ?? ''] : [...codes[1].matchAll(/"([^"]+)"/g)].map((code) => code[1] ?? '');
    const rest = condition
      .replace(codes[0], '')
      .replace(/\bAND\b/gi, ' ')
      .trim();
    for (const range of editRanges(rest)) {
      for (const icd10 of icd10s) {
        edits.push({ icd10, ...range, action, ccOverride });
      }
    }
  }
  if (edits.length === 0) {
    throw new Error('No diagnosis edits found');
  }
  return edits;
}

type EditRange = Pick<SasDiagnosisEdit, 'editType' | 'sex' | 'ageMin' | 'ageMax'>;

function editRanges(condition: string): EditRange[] {
  const sex = /^&SEX\s*=\s*"([12])"$/i.exec(condition);
  if (sex !== null) {
    return [{ editType: 'sex', sex: sex[1] === '1' ? 'M' : 'F', ageMin: null, ageMax: null }];
  }
  const either = /^\(\s*&AGE\s*<\s*(\d+)\s+OR\s+&AGE\s*>\s*(\d+)\s*\)$/i.exec(condition);
  if (either !== null) {
    return [
      { editType: 'age', sex: null, ageMin: null, ageMax: integer(either[1] ?? '', 'age') - 1 },
      { editType: 'age', sex: null, ageMin: integer(either[2] ?? '', 'age') + 1, ageMax: null },
    ];
  }
  const single = /^&AGE\s*(<=|>=|<|>)\s*(\d+)$/i.exec(condition);
  if (single !== null) {
    const bound = integer(single[2] ?? '', 'age');
    switch (single[1]) {
      case '<':
        return [{ editType: 'age', sex: null, ageMin: null, ageMax: bound - 1 }];
      case '<=':
        return [{ editType: 'age', sex: null, ageMin: null, ageMax: bound }];
      case '>':
        return [{ editType: 'age', sex: null, ageMin: bound + 1, ageMax: null }];
      default:
        return [{ editType: 'age', sex: null, ageMin: bound, ageMax: null }];
    }
  }
  throw new Error(`Unexpected edit condition: "${condition}"`);
}

/**
 * Expands a main macro's `%LET` lists and returns, for each `%&SCOREMAC(…, RLIST=&X, CPREF=P_)` call, the segment
 * prefix and its regression variables. Lists the macro takes from elsewhere (the payment HCC list) are passed in.
 */
export function parseSasRegressionVariables(
  text: string,
  externalLists: Readonly<Record<string, readonly string[]>>,
): Map<string, string[]> {
  const lists = new Map<string, string>();
  for (const [name, values] of Object.entries(externalLists)) {
    lists.set(name.toUpperCase(), values.join(' '));
  }
  const body = stripSasComments(text);
  for (const match of body.matchAll(/%LET\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^;]*);/gi)) {
    const value = (match[2] ?? '').replace(/^\s*%STR\(([\s\S]*)\)\s*$/i, '$1');
    lists.set((match[1] ?? '').toUpperCase(), value);
  }
  const expand = (value: string, depth: number): string[] => {
    if (depth > 10) {
      throw new Error('%LET lists refer to each other too deeply');
    }
    return value
      .split(/\s+/)
      .filter((token) => token !== '')
      .flatMap((token) => {
        if (!token.startsWith('&')) {
          return [token];
        }
        const referenced = lists.get(token.slice(1).toUpperCase());
        if (referenced === undefined) {
          throw new Error(`Undefined list ${token}`);
        }
        return expand(referenced, depth + 1);
      });
  };
  const segments = new Map<string, string[]>();
  const calls = /%&SCOREMAC\(\s*PVAR\s*=\s*\w+\s*,\s*RLIST\s*=\s*&(\w+)\s*,\s*CPREF\s*=\s*(\w+?)_\s*\)/gi;
  for (const match of body.matchAll(calls)) {
    segments.set(match[2] ?? '', expand(`&${match[1] ?? ''}`, 0));
  }
  return segments;
}

function integer(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new Error(`Expected a number for the ${what}, found "${text}"`);
  }
  return Number(text.trim());
}
