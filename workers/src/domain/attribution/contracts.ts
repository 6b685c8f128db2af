/**
 * Attribution for every contract in effect on a date: MSSP-style claims assignment for `mssp-claims` contracts
 * (the performance year is the calendar year of the date, 42 CFR 425.20) and the payer's roster for
 * `payer-roster` contracts. Each claims contract sees the tenant's other claims contracts that list their TINs
 * as competing ACOs, on top of the other ACOs the caller names.
 */
import type { ClaimEvent, ContractEvent, ProviderEvent, RosterEvent } from '@benchline/shared';
import type { MemberProfile } from '../member-profile.js';
import { assignBeneficiaries, assignmentConfig } from './assignment.js';
import { attributeRoster, latestRosterRows } from './roster.js';
import type { AssignmentMethod, AssignmentTables, AssignmentWindows, AttributionResult } from './types.js';

export interface ContractAttributionInput {
  /** Every contract version received; the highest version of each contract is read. */
  readonly contracts: Iterable<ContractEvent>;
  readonly rosters: Iterable<RosterEvent>;
  readonly members: readonly MemberProfile[];
  readonly claims: Iterable<ClaimEvent>;
  readonly providers: Iterable<ProviderEvent>;
}

export interface ContractAttributionOptions {
  /** The evaluation date: its calendar year is the performance year, its month the roster month. */
  readonly asOf: string;
  readonly tables: AssignmentTables;
  /** Windows of a claims contract's year; default `defaultAssignmentWindows`. */
  readonly windowsFor?: (performanceYear: number, method: AssignmentMethod) => AssignmentWindows;
  /**
   * Methodology when the contract's year does not name one. Default `retrospective` (preliminary prospective
   * with retrospective reconciliation, whose final window is the year itself).
   */
  readonly defaultMethod?: AssignmentMethod;
  /** Participant TINs of ACOs outside the tenant (TIN → the ids of the ACOs that list it); default none. */
  readonly otherAcoTins?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly etaHospitalCcns?: ReadonlySet<string>;
  readonly otherInitiativeMembers?: ReadonlySet<string>;
}

/** The highest version of each contract (the first of equal versions, as ingest keeps it). */
export function latestContracts(contracts: Iterable<ContractEvent>): ContractEvent[] {
  const latest = new Map<string, ContractEvent>();
  for (const contract of contracts) {
    const seen = latest.get(contract.contractId);
    if (seen === undefined || contract.version > seen.version) {
      latest.set(contract.contractId, contract);
    }
  }
  return [...latest.values()].sort((a, b) => (a.contractId < b.contractId ? -1 : 1));
}

function inEffectOn(contract: ContractEvent, date: string): boolean {
  return contract.effectiveFrom <= date && (contract.effectiveTo === undefined || date <= contract.effectiveTo);
}

/**
 * Every attribution answer on `asOf`, one per member and contract in effect, ordered by member then contract.
 * Claims contracts answer for every member profile (with the reason when not assigned); roster contracts for
 * every member their roster has listed.
 */
export function attributeContracts(
  input: ContractAttributionInput,
  options: ContractAttributionOptions,
): AttributionResult[] {
  const performanceYear = Number(options.asOf.slice(0, 4));
  const contracts = latestContracts(input.contracts).filter((c) => inEffectOn(c, options.asOf));
  const claimContracts = contracts.filter((c) => c.attribution === 'mssp-claims');
  const claims = [...input.claims];
  // The caller's array as is, so assignment's per-list indexes are reused across members.
  const providers = Array.isArray(input.providers) ? input.providers : [...input.providers];
  const rosterRows = latestRosterRows(input.rosters);
  const results: AttributionResult[] = [];
  for (const contract of contracts) {
    if (contract.attribution === 'payer-roster') {
      results.push(...attributeRoster(contract, rosterRows.get(contract.contractId) ?? new Map(), options.asOf));
      continue;
    }
    // The tenant's other claims contracts compete as other ACOs when they list their TINs. A TIN keeps every ACO
    // that lists it (never the last one read), so a TIN in two ACOs is seen as such (42 CFR 425.400(a)(2)(iii)).
    const otherAcoTins = new Map<string, Set<string>>();
    const list = (tin: string, acoId: string): void => {
      const acos = otherAcoTins.get(tin) ?? new Set<string>();
      acos.add(acoId);
      otherAcoTins.set(tin, acos);
    };
    for (const [tin, acoIds] of options.otherAcoTins ?? []) {
      for (const acoId of acoIds) {
        list(tin, acoId);
      }
    }
    for (const other of claimContracts) {
      if (other.contractId !== contract.contractId) {
        for (const tin of other.participantTins ?? []) {
          list(tin, other.contractId);
        }
      }
    }
    const method =
      contract.years.find((y) => y.year === performanceYear)?.assignment ?? options.defaultMethod ?? 'retrospective';
    const config = assignmentConfig({
      performanceYear,
      method,
      tables: options.tables,
      ...(options.windowsFor === undefined ? {} : { windows: options.windowsFor(performanceYear, method) }),
      otherAcoTins,
      ...(options.etaHospitalCcns === undefined ? {} : { etaHospitalCcns: options.etaHospitalCcns }),
      ...(options.otherInitiativeMembers === undefined
        ? {}
        : { otherInitiativeMembers: options.otherInitiativeMembers }),
    });
    const aco = {
      acoId: contract.contractId,
      ...(contract.participantTins === undefined ? {} : { participantTins: contract.participantTins }),
    };
    results.push(...assignBeneficiaries({ aco, members: input.members, claims, providers }, config));
  }
  return results.sort(
    (a, b) =>
      (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0) ||
      (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0),
  );
}
