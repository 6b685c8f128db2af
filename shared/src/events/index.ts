import { Type, type Static } from 'typebox';
import { ClaimEvent } from './claim.js';
import { ClinicalEvent } from './clinical.js';
import { MemberEvent } from './member.js';
import { ProviderEvent } from './provider.js';

export * from './claim.js';
export * from './clinical.js';
export * from './common.js';
export * from './member.js';
export * from './provider.js';

/** Every canonical event, discriminated by `kind`. */
export const CanonicalEvent = Type.Union([ClaimEvent, MemberEvent, ProviderEvent, ClinicalEvent]);
export type CanonicalEvent = Static<typeof CanonicalEvent>;
export type EventKind = CanonicalEvent['kind'];
