import { Type, type Static } from 'typebox';
import { AdtEvent } from './adt.js';
import { ClaimEvent } from './claim.js';
import { ClinicalEvent } from './clinical.js';
import { ContractEvent } from './contract.js';
import { MemberEvent } from './member.js';
import { ProviderEvent } from './provider.js';
import { RosterEvent } from './roster.js';
import { WorklistEvent } from './worklist.js';

export * from './adt.js';
export * from './claim.js';
export * from './clinical.js';
export * from './common.js';
export * from './contract.js';
export * from './member.js';
export * from './provider.js';
export * from './roster.js';
export * from './worklist.js';

/** Every canonical event, discriminated by `kind`. */
export const CanonicalEvent = Type.Union([
  ClaimEvent,
  MemberEvent,
  ProviderEvent,
  ClinicalEvent,
  ContractEvent,
  RosterEvent,
  WorklistEvent,
  AdtEvent,
]);
export type CanonicalEvent = Static<typeof CanonicalEvent>;
export type EventKind = CanonicalEvent['kind'];

/** Each kind's schema, for validating an event once its kind is known (precise errors, no union noise). */
export const EVENT_SCHEMAS = {
  claim: ClaimEvent,
  member: MemberEvent,
  provider: ProviderEvent,
  clinical: ClinicalEvent,
  contract: ContractEvent,
  roster: RosterEvent,
  worklist: WorklistEvent,
  adt: AdtEvent,
} as const;
export const EVENT_KINDS = Object.keys(EVENT_SCHEMAS) as EventKind[];
