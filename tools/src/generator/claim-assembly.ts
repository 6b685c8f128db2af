/**
 * Turns a claim draft (what was done, by whom, for how much) into the versions a payer feed delivers: the
 * original with a paid date that lags the service (§3: never before day 14, mostly 2–6 weeks, a 1–2% tail past six
 * months, institutional slower than professional), and now and then a later adjustment with changed amounts or a
 * cancel (sometimes followed by a rebilled claim under a new id). Every version carries its own paid date; callers
 * emit only the versions paid by their as-of date. Money is rounded to cents once, here.
 */
import type { ClaimEvent, ClaimLine, ClaimType } from '@benchline/shared';
import { isoDate, onOrAfterWeekday } from './calendar.js';
import type { ClaimLagShape, GeneratorProfile } from './profile.js';
import { labelHash, Random } from './random.js';

export interface LineDraft {
  readonly hcpcs?: string;
  readonly modifiers?: readonly string[];
  readonly revenueCode?: string;
  readonly renderingNpi?: string;
  readonly renderingSpecialty?: string;
  readonly placeOfService?: string;
  readonly units: number;
  readonly allowed: number;
  readonly paid: number;
  readonly fromDay: number;
  readonly throughDay: number;
}

export type LagKind = 'institutional' | 'homeHealthAndHospice' | 'outpatient' | 'professional';

export interface ClaimDraft {
  readonly claimId: string;
  readonly claimType: ClaimType;
  readonly memberId: string;
  readonly billingTin?: string;
  readonly billingNpi?: string;
  readonly facilityCcn?: string;
  readonly typeOfBill?: string;
  readonly diagnoses: readonly string[];
  readonly lines: readonly LineDraft[];
  readonly lagKind: LagKind;
}

/** A claim version and the day it was paid (the day it becomes visible to the ACO). */
export interface DatedClaim {
  readonly paidDay: number;
  readonly event: ClaimEvent;
}

const LAG_STREAM = labelHash('claim-lag');

/** Days from the end of service to payment: the statutory floor plus a body and two tails (see ClaimLagShape). */
export function drawPaidLagDays(random: Random, shape: ClaimLagShape, minimumDays: number): number {
  const roll = random.float();
  if (roll < shape.lateTailShare) {
    return random.int(181, 330);
  }
  if (roll < shape.lateTailShare + shape.midTailShare) {
    return random.int(60, 180);
  }
  // The body is capped below the mid tail so the tails keep their stated shares.
  return minimumDays + Math.min(150, Math.round(random.lognormalMedian(shape.medianExtraDays, shape.sigma)));
}

export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** All versions of a claim, in version order, each with its paid day. Deterministic in the claim id. */
export function assembleClaimVersions(draft: ClaimDraft, profile: GeneratorProfile, seed: number): DatedClaim[] {
  if (draft.lines.length === 0) {
    return [];
  }
  const random = Random.of(seed, LAG_STREAM, labelHash(draft.claimId));
  const fromDay = Math.min(...draft.lines.map((l) => l.fromDay));
  const throughDay = Math.max(...draft.lines.map((l) => l.throughDay));
  const lag = drawPaidLagDays(random, profile.claimsLag[draft.lagKind], profile.claimsLag.minimumDays);
  const paidDay = onOrAfterWeekday(throughDay + lag);
  const versions: DatedClaim[] = [
    { paidDay, event: toEvent(draft, draft.claimId, 1, 'original', draft.lines, fromDay, throughDay, paidDay) },
  ];

  const adjustments = profile.adjustments;
  const roll = random.float();
  const laterDay = (after: number): number => onOrAfterWeekday(after + random.int(20, 120));
  if (roll < adjustments.cancelRate) {
    const cancelDay = laterDay(paidDay);
    const zeroed = draft.lines.map((line) => ({ ...line, allowed: 0, paid: 0 }));
    versions.push({
      paidDay: cancelDay,
      event: toEvent(draft, draft.claimId, 2, 'cancel', zeroed, fromDay, throughDay, cancelDay),
    });
    if (random.chance(adjustments.rebillShareOfCancels)) {
      const rebillDay = onOrAfterWeekday(cancelDay + random.int(7, 45));
      const factor = random.uniform(0.9, 1.05);
      const rebilled = draft.lines.map((line) => scaleLine(line, factor));
      const rebillId = `${draft.claimId}R`;
      versions.push({
        paidDay: rebillDay,
        event: toEvent(draft, rebillId, 1, 'original', rebilled, fromDay, throughDay, rebillDay),
      });
    }
  } else if (roll < adjustments.cancelRate + adjustments.adjustmentRate) {
    // An adjustment re-prices one line (a corrected units count, a late modifier, a medical-review change).
    let current = draft.lines;
    let version = 1;
    let day = paidDay;
    const count = random.chance(adjustments.secondAdjustmentShare) ? 2 : 1;
    for (let k = 0; k < count; k += 1) {
      const target = random.int(0, current.length - 1);
      const factor = random.chance(0.6) ? random.uniform(0.7, 0.97) : random.uniform(1.03, 1.25);
      current = current.map((line, i) => (i === target ? scaleLine(line, factor) : line));
      version += 1;
      day = laterDay(day);
      versions.push({
        paidDay: day,
        event: toEvent(draft, draft.claimId, version, 'adjustment', current, fromDay, throughDay, day),
      });
    }
  }
  return versions;
}

function scaleLine(line: LineDraft, factor: number): LineDraft {
  return { ...line, allowed: cents(line.allowed * factor), paid: cents(line.paid * factor) };
}

function toEvent(
  draft: ClaimDraft,
  claimId: string,
  version: number,
  adjustment: ClaimEvent['adjustment'],
  lines: readonly LineDraft[],
  fromDay: number,
  throughDay: number,
  paidDay: number,
): ClaimEvent {
  let paidCents = 0;
  const eventLines = lines.map((line, i): ClaimLine => {
    const allowed = cents(line.allowed);
    const paid = cents(Math.min(line.paid, line.allowed));
    paidCents += Math.round(paid * 100);
    return {
      lineNumber: i + 1,
      ...(line.hcpcs === undefined ? {} : { hcpcs: line.hcpcs }),
      ...(line.modifiers === undefined || line.modifiers.length === 0 ? {} : { modifiers: [...line.modifiers] }),
      ...(line.revenueCode === undefined ? {} : { revenueCode: line.revenueCode }),
      ...(line.renderingNpi === undefined ? {} : { renderingNpi: line.renderingNpi }),
      ...(line.renderingSpecialty === undefined ? {} : { renderingSpecialty: line.renderingSpecialty }),
      ...(line.placeOfService === undefined ? {} : { placeOfService: line.placeOfService }),
      units: line.units,
      allowedAmount: allowed,
      paidAmount: paid,
      fromDate: isoDate(line.fromDay),
      throughDate: isoDate(line.throughDay),
    };
  });
  return {
    kind: 'claim',
    claimId,
    version,
    adjustment,
    claimType: draft.claimType,
    memberId: draft.memberId,
    fromDate: isoDate(fromDay),
    throughDate: isoDate(throughDay),
    paidDate: isoDate(paidDay),
    ...(draft.billingTin === undefined ? {} : { billingTin: draft.billingTin }),
    ...(draft.billingNpi === undefined ? {} : { billingNpi: draft.billingNpi }),
    ...(draft.facilityCcn === undefined ? {} : { facilityCcn: draft.facilityCcn }),
    ...(draft.typeOfBill === undefined ? {} : { typeOfBill: draft.typeOfBill }),
    diagnoses: [...new Set(draft.diagnoses)].slice(0, 25),
    lines: eventLines,
    paidAmount: paidCents / 100,
    source: 'generator',
  };
}
