/**
 * Who may do what: the one table of roles per live view and per socket command, read by the gateway to authorise
 * every room join and command, and by the authorisation-matrix test. Typed as total records, so a new view or
 * command without a rule does not compile.
 */
import type { ClientToServerEvents } from '../realtime/events.js';
import type { Role } from '../realtime/commands.js';
import type { ViewId } from '../views/index.js';

/** People who sign in; `wall` is a display device, not a person. */
export const USER_ROLES = ['coordinator', 'quality', 'leader', 'admin'] as const satisfies readonly Role[];
export type UserRole = (typeof USER_ROLES)[number];

const PEOPLE: readonly Role[] = USER_ROLES;
/** Those who work the queue: coordinators, their quality leads (supervisors) and admins. */
const CARE_TEAM: readonly Role[] = ['coordinator', 'quality', 'admin'];
/** Supervisors of the care team. */
const SUPERVISORS: readonly Role[] = ['quality', 'admin'];

/**
 * Views: the wall device receives the aggregate views only (its payloads are projected on the server with small
 * cells suppressed); the queue and who holds whom are patient-level, for the care team and leaders.
 */
export const VIEW_ROLES: { readonly [V in ViewId]: readonly Role[] } = {
  spend: PEOPLE,
  rollups: PEOPLE,
  finance: PEOPLE,
  gaps: PEOPLE,
  leases: PEOPLE,
  presence: PEOPLE,
  freshness: [...PEOPLE, 'wall'],
  wall: [...PEOPLE, 'wall'],
};

/** Socket commands: anything not in this table is refused. */
export const COMMAND_ROLES: { readonly [E in keyof ClientToServerEvents]: readonly Role[] } = {
  'view:subscribe': [...PEOPLE, 'wall'],
  'view:unsubscribe': [...PEOPLE, 'wall'],
  'session:heartbeat': PEOPLE,
  'presence:update': PEOPLE,
  'lease:claim': CARE_TEAM,
  'lease:release': CARE_TEAM,
  'lease:reassign': SUPERVISORS,
  'patient:panel': PEOPLE,
  'export:record': PEOPLE,
  'worklist:record': CARE_TEAM,
};

/** The views a wall device may subscribe to. */
export const WALL_VIEWS: readonly ViewId[] = (Object.keys(VIEW_ROLES) as ViewId[]).filter((view) =>
  VIEW_ROLES[view].includes('wall'),
);

export function canSubscribe(role: Role, viewId: ViewId): boolean {
  return VIEW_ROLES[viewId].includes(role);
}

export function canSend(role: Role, event: string): boolean {
  return Object.hasOwn(COMMAND_ROLES, event) && COMMAND_ROLES[event as keyof ClientToServerEvents].includes(role);
}

/** Who may take a patient from one coordinator and give it to another: care-team supervisors. */
export function canReassign(role: Role): boolean {
  return SUPERVISORS.includes(role);
}
