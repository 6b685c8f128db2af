import { Type, type Static } from 'typebox';

/**
 * A tenant (one ACO or practice organisation). Lower-case letters, digits and dashes only, so it can sit inside
 * a Redis hash tag and a Socket.IO room name without escaping.
 */
const TENANT_PATTERN = '^[a-z0-9][a-z0-9-]{0,31}$';
export const TenantId = Type.String({ pattern: TENANT_PATTERN, description: 'Tenant id' });
export type TenantId = Static<typeof TenantId>;

const TENANT_RE = new RegExp(TENANT_PATTERN);
export function isTenantId(value: unknown): value is TenantId {
  return typeof value === 'string' && TENANT_RE.test(value);
}
