/**
 * Which fact an event is, in the per-member (or tenant-wide) fact index the live pipeline keeps: its slot (one per
 * claim, clinical event, member record, roster row, provider, contract, worklist action, ADT notification) and an
 * ordinal that orders its versions.
 * A version replaces the slot only when its ordinal is higher, so any arrival order and any number of duplicates
 * end with the same index. Pure.
 */
import type { CanonicalEvent } from '@benchline/shared';

export interface FactSlot {
  /** The member the fact belongs to; null for tenant-wide facts (providers, contracts). */
  memberId: string | null;
  field: string;
  /** Compared as strings: zero-padded versions, ISO dates. */
  ordinal: string;
}

const padded = (version: number): string => String(version).padStart(10, '0');

export function factSlotOf(event: CanonicalEvent): FactSlot {
  switch (event.kind) {
    case 'claim':
      return { memberId: event.memberId, field: `c:${event.claimId}`, ordinal: padded(event.version) };
    case 'clinical':
      return { memberId: event.memberId, field: `k:${event.clinicalId}`, ordinal: padded(event.version) };
    case 'member':
      // Every record is kept: records merge field by field, so an older record can still supply a field.
      return { memberId: event.memberId, field: `m:${event.recordId ?? 'roster'}|${event.asOf}`, ordinal: '0' };
    case 'roster':
      return { memberId: event.memberId, field: `r:${event.contractId}`, ordinal: event.asOf };
    case 'provider':
      return { memberId: null, field: `p:${event.npi}|${event.tin}`, ordinal: event.asOf };
    case 'contract':
      return { memberId: null, field: `t:${event.contractId}`, ordinal: padded(event.version) };
    case 'worklist':
      // Every action is history of its own, never replaced: the worklist state is derived from all of them.
      return { memberId: event.memberId, field: `w:${event.actionId}`, ordinal: '0' };
    case 'adt':
      // Likewise every ADT notification: a stay's state is derived from all of them (domain/adt.ts).
      return { memberId: event.memberId, field: `a:${event.sender}|${event.messageId}`, ordinal: '0' };
  }
}
