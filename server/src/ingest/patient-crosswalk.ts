/**
 * The FHIR patient crosswalk: which member (MBI) a FHIR Patient logical id stands for, per tenant. Bulk-data
 * exports deliver Patient, Coverage and ExplanationOfBenefit as separate files whose claims point at
 * `Patient/<id>`; the crosswalk learnt from the Patient file resolves them. Also: finding the Patient ids a
 * FHIR document references, so a batch needs one lookup.
 */
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export interface PatientCrosswalkStore {
  lookup(tenantId: string, patientIds: readonly string[]): Promise<Map<string, string>>;
  save(tenantId: string, entries: readonly { patientId: string; memberId: string }[]): Promise<void>;
}

export function createPatientCrosswalkStore(redis: Redis, keys: KeySpace): PatientCrosswalkStore {
  return {
    async lookup(tenantId, patientIds) {
      const found = new Map<string, string>();
      if (patientIds.length === 0) {
        return found;
      }
      const memberIds = await redis.hmget(keys.fhirPatients(tenantId), ...patientIds);
      patientIds.forEach((id, i) => {
        const memberId = memberIds[i];
        if (memberId !== null && memberId !== undefined) {
          found.set(id, memberId);
        }
      });
      return found;
    },
    async save(tenantId, entries) {
      if (entries.length > 0) {
        await redis.hset(
          keys.fhirPatients(tenantId),
          Object.fromEntries(entries.map((e) => [e.patientId, e.memberId])),
        );
      }
    },
  };
}

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/;

/**
 * Every Patient logical id referenced (`"reference": "Patient/<id>"`, absolute or versioned) anywhere in a value.
 * Walks with a list, not recursion: a hostile document nested 10,000 levels deep must not overflow the stack.
 */
export function referencedPatientIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      for (const item of node as unknown[]) {
        if (item !== null && typeof item === 'object') {
          pending.push(item);
        }
      }
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) {
        if (key === 'reference' && typeof item === 'string') {
          const id = PATIENT_REFERENCE.exec(item)?.[1];
          if (id !== undefined) {
            into.add(id);
          }
        } else if (item !== null && typeof item === 'object') {
          pending.push(item);
        }
      }
    }
  }
  return into;
}
