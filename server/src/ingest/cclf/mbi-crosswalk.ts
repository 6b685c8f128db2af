/**
 * The MBI crosswalk (CCLF9, Information Packet v38 §2.4.2, §3.1, §5.1.1): a beneficiary's MBI can change, every
 * file of a delivery names them by their current MBI, and CCLF9 lists, for each beneficiary whose MBI changed, the
 * current MBI and every previous one with the dates it was in use. Benchline follows the packet's "most recent MBI":
 * every CCLF event names the beneficiary by their current MBI, and history stored under a previous MBI is moved to
 * the current one (mbi-history.ts).
 *
 * Each MBI of a chain has an epoch — its place in the chain, oldest 0, the current MBI last — which claim versions
 * carry (claim-identity.ts): a claim re-delivered under a new MBI is then a new version (the old one, stored for the
 * old MBI, stays a duplicate-free event), and its move fits between them. The tenant's crosswalk is kept in Redis
 * (mbi-crosswalk-store.ts) and merged with each delivery's CCLF9 in delivery order: a chain only grows, so the longer
 * of two chains for an MBI is the later one. Held in memory: one entry per MBI of a beneficiary whose MBI changed —
 * a small fraction of any ACO's beneficiaries. Pure.
 */
import { MAX_MBI_EPOCH } from './claim-identity.js';
import type { CclfIssue } from './record-reader.js';
import { RecordReader } from './record-reader.js';
import type { DeliveredLayout } from './summary.js';

/** What the crosswalk knows of one MBI. */
export interface MbiLink {
  mbi: string;
  /** The beneficiary's current MBI (the MBI itself when it is the current one). */
  current: string;
  /** The chain's oldest MBI: a beneficiary identity that never changes. */
  root: string;
  /** This MBI's place in the chain (0 for the oldest). */
  epoch: number;
  /** MBIs in the chain, the current one included. */
  chainLength: number;
}

export interface ResolvedMember {
  memberId: string;
  /** The current MBI's epoch: claim versions for the beneficiary carry it. */
  epoch: number;
  root: string;
}

/** One CCLF9 row, checked. */
export interface CrosswalkRow {
  line: number;
  current: string;
  previous: string;
  effective?: string;
  obsolete?: string;
}

export type CrosswalkRowResult =
  | { status: 'accepted'; row: CrosswalkRow }
  | { status: 'not-mapped'; line: number; reason: string }
  | { status: 'rejected'; line: number; issues: CclfIssue[] };

/**
 * A CCLF9 record: HICN_MBI_XREF_IND M (an MBI pair) is used; H (a legacy HICN pair — blank since January 2020, and
 * all BCDA's synthetic rows) is read and left out, as HICNs name no canonical member.
 */
export function readCrosswalkRow(
  layout: DeliveredLayout,
  file: string,
  line: number,
  text: string,
): CrosswalkRowResult {
  const record = new RecordReader(layout, file, line, text);
  const indicator = record.oneOf('HICN_MBI_XREF_IND', ['M', 'H'], true);
  const current = record.required('CRNT_NUM');
  const previous = record.required('PRVS_NUM');
  const effective = record.date('PRVS_ID_EFCTV_DT', false);
  const obsolete = record.date('PRVS_ID_OBSLT_DT', false);
  if (current !== undefined && current === previous) {
    record.issue('PRVS_NUM', 'mismatch', 'is the same identifier as CRNT_NUM');
  }
  if (!record.ok || current === undefined || previous === undefined) {
    return { status: 'rejected', line, issues: record.issues };
  }
  if (indicator === 'H') {
    return { status: 'not-mapped', line, reason: 'a HICN cross-reference (legacy identifiers name no member)' };
  }
  return {
    status: 'accepted',
    row: {
      line,
      current,
      previous,
      ...(effective === undefined ? {} : { effective }),
      ...(obsolete === undefined ? {} : { obsolete }),
    },
  };
}

export class MbiCrosswalk {
  private readonly links: Map<string, MbiLink>;
  private readonly known: ReadonlyMap<string, MbiLink>;

  /** `known`: the tenant's crosswalk before this delivery. */
  constructor(known: ReadonlyMap<string, MbiLink> = new Map()) {
    this.known = known;
    this.links = new Map(known);
  }

  /**
   * Adds a delivery's chains. Returns the rows refused: a previous MBI listed for two current MBIs, and chains longer
   * than claim versions can carry (8 MBIs).
   */
  addRows(rows: readonly CrosswalkRow[], file: string): CclfIssue[] {
    const issues: CclfIssue[] = [];
    const currentOf = new Map<string, CrosswalkRow>();
    const conflicted = new Set<string>();
    for (const row of rows) {
      const earlier = currentOf.get(row.previous);
      if (earlier !== undefined && earlier.current !== row.current) {
        conflicted.add(row.previous);
      }
      currentOf.set(row.previous, row);
    }
    const usable = rows.filter((row) => {
      if (conflicted.has(row.previous)) {
        issues.push({
          file,
          line: row.line,
          field: 'PRVS_NUM',
          reason: 'conflict',
          message: 'the same previous MBI is listed for two different current MBIs',
        });
        return false;
      }
      return true;
    });
    // A row may name as current an MBI another row lists as previous: follow to the end of the chain.
    const nextOf = new Map(usable.map((row) => [row.previous, row.current]));
    const finalCurrent = (mbi: string): string => {
      let at = mbi;
      for (let step = 0; step <= MAX_MBI_EPOCH + 1; step += 1) {
        const next = nextOf.get(at);
        if (next === undefined) {
          return at;
        }
        at = next;
      }
      return at;
    };
    const chains = new Map<string, CrosswalkRow[]>();
    for (const row of usable) {
      const current = finalCurrent(row.current);
      chains.set(current, [...(chains.get(current) ?? []), row]);
    }
    for (const [current, chainRows] of chains) {
      const previous = [...chainRows].sort(
        (a, b) =>
          (a.effective ?? '').localeCompare(b.effective ?? '') ||
          (a.obsolete ?? '').localeCompare(b.obsolete ?? '') ||
          a.previous.localeCompare(b.previous),
      );
      const mbis = [...new Set([...previous.map((row) => row.previous), current])];
      if (mbis.length - 1 > MAX_MBI_EPOCH) {
        for (const row of chainRows) {
          issues.push({
            file,
            line: row.line,
            field: 'CRNT_NUM',
            reason: 'out-of-range',
            message: `the beneficiary has more than ${MAX_MBI_EPOCH} previous MBIs`,
          });
        }
        continue;
      }
      const knownLength = Math.max(...mbis.map((mbi) => this.known.get(mbi)?.chainLength ?? 0));
      if (knownLength > mbis.length) {
        continue; // an older delivery's shorter chain: what the tenant already knows is later
      }
      const root = mbis[0] as string;
      mbis.forEach((mbi, epoch) => {
        this.links.set(mbi, { mbi, current, root, epoch, chainLength: mbis.length });
      });
    }
    return issues;
  }

  resolve(mbi: string): ResolvedMember {
    const link = this.links.get(mbi);
    if (link === undefined) {
      return { memberId: mbi, epoch: 0, root: mbi };
    }
    return { memberId: link.current, epoch: link.chainLength - 1, root: link.root };
  }

  /** Entries new or changed since the tenant's crosswalk (to save once the delivery is imported). */
  changes(): MbiLink[] {
    return [...this.links.values()].filter((link) => {
      const before = this.known.get(link.mbi);
      return (
        before === undefined ||
        before.current !== link.current ||
        before.epoch !== link.epoch ||
        before.chainLength !== link.chainLength ||
        before.root !== link.root
      );
    });
  }

  /** Previous MBIs whose current MBI this delivery set or changed: their stored history must move. */
  moved(): MbiLink[] {
    return this.changes().filter((link) => link.mbi !== link.current);
  }
}

/** The crosswalk's form in Redis: one hash field per MBI. */
export function encodeLink(link: MbiLink): string {
  return [link.current, link.root, link.epoch, link.chainLength].join('|');
}

export function decodeLink(mbi: string, encoded: string): MbiLink | undefined {
  const [current, root, epoch, chainLength] = encoded.split('|');
  if (current === undefined || root === undefined || epoch === undefined || chainLength === undefined) {
    return undefined;
  }
  return { mbi, current, root, epoch: Number(epoch), chainLength: Number(chainLength) };
}
