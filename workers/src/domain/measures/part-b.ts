/**
 * Medicare Part B claims quality-data codes (QPP single source 2025, vendored in workers/reference/quality): a
 * clinician reports performance met / not met / exclusion / exception on a claim of the measurement period. An
 * option matches when all its codes are on one claim; a code listed with a modifier (3017F-8P) needs it, one
 * listed without must not carry a CPT II not-performed modifier.
 */
import { NOT_PERFORMED_MODIFIERS } from './claims-proxies.js';
import { once, type MeasureContext } from './context.js';
import { toInterval, within } from './intervals.js';
import { evidenceOf, type Fact } from './patient-record.js';
import type { PartBOptionType, PartBQualityCode } from './terminology.js';
import { exists, type Finding } from './tri.js';

export interface PartBMatch {
  readonly option: PartBQualityCode;
  /** One line per code of the option. */
  readonly lines: readonly Fact[];
  readonly date: string;
}

function lineMatches(line: Fact, code: string, modifiers: readonly string[]): boolean {
  if (line.kind !== 'claim-line' || line.code !== code) {
    return false;
  }
  if (modifiers.length > 0) {
    return modifiers.every((modifier) => line.modifiers.includes(modifier));
  }
  return !line.modifiers.some((modifier) => NOT_PERFORMED_MODIFIERS.includes(modifier));
}

/** The claim lines dated in the measurement period, grouped by claim (in record order), and the codes among them. */
interface LinesInPeriod {
  readonly byClaim: ReadonlyMap<string, readonly Fact[]>;
  readonly codes: ReadonlySet<string>;
}

function claimLinesInPeriod(ctx: MeasureContext): LinesInPeriod {
  const byClaim = new Map<string, Fact[]>();
  const codes = new Set<string>();
  for (const line of ctx.record.facts) {
    if (line.kind === 'claim-line' && within(toInterval(line).start, ctx.mp)) {
      const claimId = line.claimId ?? line.id;
      const claimLines = byClaim.get(claimId);
      if (claimLines === undefined) {
        byClaim.set(claimId, [line]);
      } else {
        claimLines.push(line);
      }
      codes.add(line.code);
    }
  }
  return { byClaim, codes };
}

/** The options of a type reported on claims dated in the measurement period. */
export function partBMatches(ctx: MeasureContext, qualityId: string, optionType: PartBOptionType): PartBMatch[] {
  // Grouped once per context: every measure asks for several option types.
  const { byClaim, codes } = once(ctx, claimLinesInPeriod);
  const matches: PartBMatch[] = [];
  for (const option of ctx.terminology.partB(qualityId)) {
    // An option matches only when each of its codes is on some line (most patients report no quality codes).
    if (option.optionType !== optionType || !option.codes.every(({ code }) => codes.has(code))) {
      continue;
    }
    for (const claimLines of byClaim.values()) {
      const found = option.codes.map(({ code, modifiers }) => claimLines.find((l) => lineMatches(l, code, modifiers)));
      if (found.every((line): line is Fact => line !== undefined) && found.length > 0) {
        matches.push({ option, lines: found, date: found[0]?.start ?? ctx.period.start });
      }
    }
  }
  return matches;
}

/** A finding from the Part B options of a type (e.g. exclusion codes → "Denominator Exclusions"). */
export function partBFinding(
  ctx: MeasureContext,
  qualityId: string,
  optionType: PartBOptionType,
  role: string,
): Finding {
  return exists(
    partBMatches(ctx, qualityId, optionType).flatMap((match) => match.lines.map((l) => evidenceOf(l, role))),
  );
}
