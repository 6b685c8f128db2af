/**
 * The ACO participant list as assignment reads it: which billing TINs (and which facility CCNs, linked to a
 * participant TIN) are this ACO's, which clinicians are its ACO professionals, which TINs belong to other ACOs,
 * which TINs sit in more than one ACO, and each practitioner's Medicare specialty from the provider records.
 * Built once per run from provider events.
 */
import type { ProviderEvent } from '@benchline/shared';
import type { AcoDefinition } from './types.js';

export interface ParticipantList {
  readonly acoId: string;
  readonly tins: ReadonlySet<string>;
  /** Facility CCN (FQHC, RHC, CAH Method II, ETA hospital) → the participant TIN it is linked to (425.402(f)). */
  readonly ccns: ReadonlyMap<string, string>;
  /** TINs on exactly one other ACO's list and not on this one's (TIN → that ACO's id). */
  readonly otherAcoTins: ReadonlyMap<string, string>;
  /**
   * TINs on more than one ACO's list — this ACO's and another's, or two other ACOs' — whose services count for
   * nobody (42 CFR 425.400(a)(2)(iii), reference §2.4).
   */
  readonly multiAcoTins: ReadonlySet<string>;
  /**
   * The ACO professionals (42 CFR 425.20): each individual practitioner NPI billing through a participant TIN on the
   * list date (→ those TINs). With the contract's own TIN list, every such practitioner; otherwise those whose record
   * is on the participant list. A voluntary alignment counts for the ACO only when it names one (425.402(e)).
   */
  readonly professionals: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Each NPI–TIN pair's latest provider record (by `asOf`; on the same date the later arrival wins, as member
 * records do).
 */
export function latestProviderRecords(providers: Iterable<ProviderEvent>): ProviderEvent[] {
  const latest = new Map<string, ProviderEvent>();
  for (const provider of providers) {
    const key = `${provider.npi}|${provider.tin}`;
    const seen = latest.get(key);
    if (seen === undefined || provider.asOf >= seen.asOf) {
      latest.set(key, provider);
    }
  }
  return [...latest.values()];
}

function inEffectOn(provider: ProviderEvent, date: string): boolean {
  return provider.effectiveFrom <= date && (provider.effectiveTo === undefined || date <= provider.effectiveTo);
}

/**
 * The participant list in effect on `listDate`. CMS applies the performance year's list to every service in the
 * assignment windows, including the months before the year (42 CFR 425.400(a)(1), 425.402(b)), so membership is
 * decided on one date, not per service date. A contract's own TIN list wins over the provider records' flags;
 * CCNs always come from provider records, since contracts list TINs only.
 */
export function resolveParticipantList(
  aco: AcoDefinition,
  latestProviders: readonly ProviderEvent[],
  listDate: string,
  otherAcoTins: ReadonlyMap<string, ReadonlySet<string>>,
): ParticipantList {
  const participants = latestProviders.filter((p) => p.participant && inEffectOn(p, listDate));
  const tins = new Set(aco.participantTins ?? participants.map((p) => p.tin));
  const ccns = new Map<string, string>();
  for (const provider of participants) {
    if (provider.ccn !== undefined && tins.has(provider.tin) && !ccns.has(provider.ccn)) {
      ccns.set(provider.ccn, provider.tin);
    }
  }
  const multiAcoTins = new Set<string>();
  const others = new Map<string, string>();
  for (const [tin, acoIds] of otherAcoTins) {
    // The caller may list this ACO among the others: it is not a competitor of itself.
    const elsewhere = [...acoIds].filter((id) => id !== aco.acoId);
    const [only] = elsewhere;
    if (only === undefined) {
      continue;
    }
    // On this ACO's list and another's, or on two other ACOs' lists: the TIN is in more than one ACO.
    if (tins.has(tin) || elsewhere.length > 1) {
      multiAcoTins.add(tin);
    } else {
      others.set(tin, only);
    }
  }
  const professionals = new Map<string, Set<string>>();
  for (const provider of latestProviders) {
    const listed = aco.participantTins !== undefined || provider.participant;
    if (provider.entity !== 'individual' || !listed || !tins.has(provider.tin) || !inEffectOn(provider, listDate)) {
      continue;
    }
    const billing = professionals.get(provider.npi) ?? new Set<string>();
    billing.add(provider.tin);
    professionals.set(provider.npi, billing);
  }
  return { acoId: aco.acoId, tins, ccns, otherAcoTins: others, multiAcoTins, professionals };
}

/**
 * Each NPI's Medicare specialty from its provider records, for claim lines that do not carry one. When an NPI
 * has records under several TINs, the latest record wins (ties: the lowest TIN, so the answer does not depend on
 * arrival order).
 */
export function specialtiesByNpi(latestProviders: readonly ProviderEvent[]): Map<string, string> {
  const chosen = new Map<string, ProviderEvent>();
  for (const provider of latestProviders) {
    const seen = chosen.get(provider.npi);
    if (seen === undefined || provider.asOf > seen.asOf || (provider.asOf === seen.asOf && provider.tin < seen.tin)) {
      chosen.set(provider.npi, provider);
    }
  }
  return new Map([...chosen].map(([npi, provider]) => [npi, provider.specialtyCode]));
}
