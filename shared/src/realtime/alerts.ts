/**
 * A care-transition alert: a hospital told us one of the tenant's patients was admitted, came to the ED or went
 * home, and the patient's coordinator should know now, not at the next look at the queue. Raised by the engines'
 * worker when such a row first opens on the queue, sent by the gateway to the screens of the patient's coordinator
 * (to everyone working the queue when nobody is assigned). The queue row itself is the durable record: an alert a
 * screen missed while offline is still on the queue when it comes back.
 */

export const CARE_ALERT_TYPES = ['admission', 'ed-visit', 'discharge'] as const;
export type CareAlertType = (typeof CARE_ALERT_TYPES)[number];

export interface CareAlert {
  /** The queue row's gap id: one alert per row, however often it is recomputed. */
  alertId: string;
  memberId: string;
  type: CareAlertType;
  /** "Admitted to General Hospital since 2026-11-26". */
  title: string;
  /** What is due by when ("contact the patient by 2026-11-30 (2 business days) …"). */
  detail: string;
  dueDate: string | null;
  /** Whom the patient is assigned to; null when nobody is (the alert then goes to everyone on the queue). */
  coordinator: string | null;
  /** An inpatient admission within 30 days of a discharge. */
  readmission: boolean;
  /** When the worker raised it (RFC 3339). */
  raisedAt: string;
}

/** What the workers publish on the alert channel: one tenant's alerts from one recompute. */
export interface CareAlertMessage {
  tenantId: string;
  alerts: CareAlert[];
}

/** The room of one signed-in user's screens (every tab, every device). Tenant ids contain no colon. */
export function userRoom(tenantId: string, userId: string): string {
  return `t:${tenantId}:u:${userId}`;
}
