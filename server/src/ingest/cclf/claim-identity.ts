/**
 * How CMS's debit/credit claim records become canonical claim versions, deterministically from the record alone,
 * so the same record delivered again (run-out, a re-sent month, an overlapping history) is the same event — a
 * duplicate — and never a new claim.
 *
 * Claim id (the family of related records, Information Packet v38 §5.1): Part A records of one claim share the
 * original's claim control number — an adjustment or cancel carries it as CLM_ORG_CNTL_NUM, the original as its own
 * CLM_CNTL_NUM; Part B physician and DME records of one claim share CLM_CNTL_NUM (the packet's natural key with the
 * MBI; the MBI is left out so a beneficiary's MBI change does not split a claim). Layouts from before the control
 * numbers were added fall back to the Part A natural key (billing CCN, from and through dates) with the
 * beneficiary's first MBI; Part D events to theirs (§5.1.2). Control numbers are used as they are when they fit a
 * canonical id, so a claim keeps the id CMS gave it; a natural key is hashed.
 *
 * Version: records of one claim are ordered by when CMS processed them (CLM_EFCTV_DT, the NCH weekly processing
 * date), then, on the same day, cancel before original before adjustment — a cancel always refers to an earlier
 * record, and §5.2's examples have cancels processed with the adjustment or the re-billed original that follows
 * them — then by CUR_CLM_UNIQ_ID's last three digits, so two records of one day and one type still get distinct
 * versions. The low four bits hold the MBI epoch (see mbi-crosswalk.ts): a record for a beneficiary whose MBI has
 * changed is a new version of the claim, and moving history to the current MBI fits a cancel under the old MBI in
 * between. Effective dates must fall in 2000–2099 (CCLF began in 2012); the largest version is 1,753,200,000,
 * inside the canonical limit of 2³¹ − 1.
 *
 * The canonical claim keeps one current version per claim. CMS notes (§5.2.1) a family can end with more than one
 * "final action" record, and a cancel processed after the adjustment that replaced what it cancels; such a family
 * reads as its latest record until CMS sends the next one.
 */
import { createHash } from 'node:crypto';
import type { AdjustmentType } from '@benchline/shared';

const EPOCH_DAY = Date.UTC(2000, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2099, 11, 31) / 86_400_000;
const ADJUSTMENT_RANK: Record<AdjustmentType, number> = { cancel: 0, original: 1, adjustment: 2 };
/** Versions per (day, type, tie-break): 8 MBI epochs, each with a slot for the record and one for its move-cancel. */
export const EPOCH_SLOTS = 16;
export const MAX_MBI_EPOCH = EPOCH_SLOTS / 2 - 1;

/** CLM_ADJSMT_TYPE_CD (§4.4): 0 original, 1 cancellation, 2 adjustment. CMS writes it in two characters. */
export function adjustmentOf(code: string): AdjustmentType | undefined {
  switch (code.trim().replace(/^0(?=[0-9])/, '')) {
    case '0':
      return 'original';
    case '1':
      return 'cancel';
    case '2':
      return 'adjustment';
    default:
      return undefined;
  }
}

/** The CLM_ADJSMT_TYPE_CD of an adjustment type, for writing CCLF files. */
export const ADJUSTMENT_CODES: Record<AdjustmentType, string> = { original: '0', cancel: '1', adjustment: '2' };

/** True when the effective date can carry a version (2000-01-01 … 2099-12-31). */
export function versionableDate(isoDate: string): boolean {
  const day = Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
  return day >= EPOCH_DAY && day <= LAST_DAY;
}

/** The version of one CMS claim record for a beneficiary at MBI epoch `epoch` (0 until their MBI changes). */
export function claimVersion(
  effectiveDate: string,
  adjustment: AdjustmentType,
  uniqueId: string,
  epoch: number,
): number {
  const day = Date.parse(`${effectiveDate}T00:00:00Z`) / 86_400_000 - EPOCH_DAY;
  const tieBreak = Number(uniqueId.slice(-3)) || 0;
  return 1 + ((day * 3 + ADJUSTMENT_RANK[adjustment]) * 1000 + tieBreak) * EPOCH_SLOTS + 2 * epoch;
}

/** The version a record has at another MBI epoch (for moving history to a new MBI). */
export function versionAtEpoch(version: number, epoch: number): number {
  return version - ((version - 1) % EPOCH_SLOTS) + 2 * epoch;
}

/** The version that cancels a record under the MBI it was stored for, just above it and below any later epoch. */
export function moveCancelVersion(version: number): number {
  return version - ((version - 1) % EPOCH_SLOTS) + (((version - 1) % EPOCH_SLOTS) | 1);
}

/** True for a version this module gave a move-cancel (odd slot). */
export function isMoveCancel(version: number): boolean {
  return ((version - 1) % EPOCH_SLOTS) % 2 === 1;
}

const CANONICAL_ID = /^[A-Za-z0-9._:/#-]{1,64}$/;

/** A control number as a claim id, when it fits one (letters, digits, . _ : / # -, at most 64). */
export function controlNumberId(controlNumber: string): string | undefined {
  return CANONICAL_ID.test(controlNumber) ? controlNumber : undefined;
}

/** A natural key as a claim id: `cclf-<kind>-` and a hash of its parts (a key is long and holds PHI). */
export function naturalKeyId(kind: 'a' | 'd', parts: readonly string[]): string {
  return `cclf-${kind}-${createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 32)}`;
}
