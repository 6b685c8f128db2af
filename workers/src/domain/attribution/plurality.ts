/**
 * The plurality comparison of MSSP assignment (42 CFR 425.402(b)): primary care dollars summed per competitor
 * and ranked, whether this ACO has strictly more than every other ACO and every single non-ACO TIN, and the
 * practitioner inside the winning entity a coordinator should treat as the patient's home. Pure arithmetic on
 * integer cents.
 */
import type { PrimaryCareService } from './services.js';
import type { AttributedHome, CompetitorKind, CompetitorRef, CompetitorTotal, PrimaryCareVisit } from './types.js';

const KIND_ORDER: Record<CompetitorKind, number> = { 'this-aco': 0, 'other-aco': 1, tin: 2, ccn: 3 };

export function competitorKey(ref: CompetitorRef): string {
  return `${ref.kind}:${ref.id}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRefs(a: CompetitorRef, b: CompetitorRef): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.id, b.id);
}

/** Dollars per competitor, most first; equal dollars keep a fixed order (this ACO, other ACOs, TINs, CCNs, by id). */
export function rankCompetitors(services: readonly PrimaryCareService[]): CompetitorTotal[] {
  const totals = new Map<string, CompetitorTotal>();
  for (const service of services) {
    const key = competitorKey(service.competitor);
    const seen = totals.get(key);
    totals.set(key, {
      kind: service.competitor.kind,
      id: service.competitor.id,
      primaryCareCents: (seen?.primaryCareCents ?? 0) + service.cents,
      services: (seen?.services ?? 0) + 1,
      lastServiceDate: seen === undefined || service.date > seen.lastServiceDate ? service.date : seen.lastServiceDate,
    });
  }
  return [...totals.values()].sort((a, b) => b.primaryCareCents - a.primaryCareCents || compareRefs(a, b));
}

export type PluralityOutcome =
  | { readonly kind: 'won' }
  | { readonly kind: 'lost' }
  /** This ACO shares the top amount; the regulation names no tie-break (reference §2.4, VERIFY SLAAM). */
  | { readonly kind: 'tie'; readonly tiedWith: readonly CompetitorRef[] };

/** Plurality, not majority: this ACO wins with strictly more dollars than each other competitor alone. */
export function pluralityOutcome(ranked: readonly CompetitorTotal[]): PluralityOutcome {
  const ours = ranked.find((c) => c.kind === 'this-aco')?.primaryCareCents ?? 0;
  const bestOther = Math.max(0, ...ranked.filter((c) => c.kind !== 'this-aco').map((c) => c.primaryCareCents));
  if (ours > bestOther) {
    return { kind: 'won' };
  }
  if (ours > 0 && ours === bestOther) {
    const tiedWith = ranked
      .filter((c) => c.primaryCareCents === ours)
      .map((c): CompetitorRef => ({ kind: c.kind, id: c.id }));
    return { kind: 'tie', tiedWith };
  }
  return { kind: 'lost' };
}

interface Tally {
  cents: number;
  lastDate: string;
}

function add(tallies: Map<string, Tally>, key: string, service: PrimaryCareService): void {
  const seen = tallies.get(key);
  tallies.set(key, {
    cents: (seen?.cents ?? 0) + service.cents,
    lastDate: seen === undefined || service.date > seen.lastDate ? service.date : seen.lastDate,
  });
}

/** The key with the most dollars; ties go to the most recent service, then to the lowest key. */
function best(tallies: Map<string, Tally>): string | undefined {
  const ranked = [...tallies].sort(
    ([keyA, a], [keyB, b]) => b.cents - a.cents || compareText(b.lastDate, a.lastDate) || compareText(keyA, keyB),
  );
  return ranked[0]?.[0];
}

/**
 * The home practitioner inside the attributing entity, from the services that decided: the NPI with the most
 * primary care dollars (ties: the most recent visit, then the lowest NPI), billing under the TIN (and facility
 * CCN) where that NPI has the most dollars by the same rule. Lines without a rendering NPI are used only when no
 * line has one. CMS assigns to the ACO, not to a clinician: this is a worklist convenience, not a CMS rule.
 */
export function homeWithin(services: readonly PrimaryCareService[]): AttributedHome | null {
  if (services.length === 0) {
    return null;
  }
  const withNpi = services.filter((s) => s.npi !== null);
  const pool = withNpi.length > 0 ? withNpi : services;
  const byNpi = new Map<string, Tally>();
  for (const service of pool) {
    add(byNpi, service.npi ?? '', service);
  }
  const npi = best(byNpi) ?? '';
  const byBilling = new Map<string, Tally>();
  for (const service of pool.filter((s) => (s.npi ?? '') === npi)) {
    add(byBilling, `${service.tin ?? ''}|${service.ccn ?? ''}`, service);
  }
  const [tin = '', ccn = ''] = (best(byBilling) ?? '|').split('|');
  return { npi: npi === '' ? null : npi, tin: tin === '' ? null : tin, ccn: ccn === '' ? null : ccn };
}

/** Orders services latest first; on the same date the most dollars, then competitor order, then NPI. */
function compareRecency(a: PrimaryCareService, b: PrimaryCareService): number {
  return (
    compareText(b.date, a.date) ||
    b.cents - a.cents ||
    compareRefs(a.competitor, b.competitor) ||
    compareText(a.npi ?? '', b.npi ?? '')
  );
}

/** The latest service, or null when there is none. */
export function lastVisitOf(services: readonly PrimaryCareService[]): PrimaryCareVisit | null {
  const latest = services.reduce<PrimaryCareService | undefined>(
    (chosen, service) => (chosen === undefined || compareRecency(service, chosen) < 0 ? service : chosen),
    undefined,
  );
  return latest === undefined
    ? null
    : { date: latest.date, competitor: { kind: latest.competitor.kind, id: latest.competitor.id }, npi: latest.npi };
}
