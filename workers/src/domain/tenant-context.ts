/**
 * What every member of a tenant is computed against: the tenant-wide facts (contracts, the participant list) and
 * what the engines derive from them once — the contracts in force, their terms, the organisation's own billing
 * entities and each claims contract's primary-care rules. Derived once per tenant-facts version and shared by
 * every member recomputed against it, so a member's result is a function of its own facts and this. Pure.
 */
import type { ContractEvent, ProviderEvent } from '@benchline/shared';
import type { AssignmentTables } from './attribution/index.js';
import { latestContracts } from './attribution/contracts.js';
import type { ServiceRules } from './attribution/services.js';
import { leakageRulesFor } from './finance/analytics.js';
import type { ContractTerms } from './finance/member-context.js';
import type { OwnEntities } from './finance/rollups.js';
import { ownEntitiesOf } from './finance/rollups.js';
import { latestProviderRecords } from './attribution/participants.js';

/** The tenant-wide facts as received: every contract version and provider record the fact index holds. */
export interface TenantFacts {
  contracts: readonly ContractEvent[];
  providers: readonly ProviderEvent[];
}

export interface TenantContext {
  /** The latest version of every contract. */
  contracts: readonly ContractEvent[];
  providers: readonly ProviderEvent[];
  terms: ReadonlyMap<string, ContractTerms>;
  own: OwnEntities;
  /** Primary-care service rules per claims-attributed contract, for leakage. */
  leakageRules: ReadonlyMap<string, ServiceRules>;
  /** The participant list's facilities, by CCN and NPI: a hospital stay elsewhere puts attribution at risk. */
  participantFacilities: { ccns: ReadonlySet<string>; npis: ReadonlySet<string> };
}

export interface TenantContextOptions {
  /** The performance year the live read models are for. */
  year: number;
  tables: AssignmentTables;
}

export function tenantContextOf(facts: TenantFacts, options: TenantContextOptions): TenantContext {
  const contracts = latestContracts(facts.contracts);
  const listDate = `${options.year}-01-01`;
  const leakageRules = new Map<string, ServiceRules>();
  for (const contract of contracts) {
    if (contract.attribution === 'mssp-claims') {
      leakageRules.set(
        contract.contractId,
        leakageRulesFor(contract, facts.providers, options.tables, options.year, listDate),
      );
    }
  }
  const own = ownEntitiesOf(contracts, facts.providers, listDate);
  return {
    contracts,
    providers: facts.providers,
    terms: new Map(contracts.map((c) => [c.contractId, c])),
    // The participant list of the year (as assignment reads it) decides which TINs' payments are own revenue.
    own,
    leakageRules,
    participantFacilities: { ccns: own.ccns, npis: participantFacilityNpis(facts.providers, listDate) },
  };
}

/** NPIs of participant records that name a facility (a CCN): an organisation's NPI, as ADT feeds send it. */
function participantFacilityNpis(providers: readonly ProviderEvent[], date: string): ReadonlySet<string> {
  return new Set(
    latestProviderRecords(providers)
      .filter(
        (p) =>
          p.participant &&
          p.ccn !== undefined &&
          p.effectiveFrom <= date &&
          (p.effectiveTo === undefined || date <= p.effectiveTo),
      )
      .map((p) => p.npi),
  );
}
