/** What a worklist dialog is asked to do: the action, the patient, and the choices it offers. */
export type ActionType = 'outreach' | 'close' | 'exclude' | 'reopen' | 'assign';

export interface ActionRequest {
  type: ActionType;
  memberId: string;
  /** The gap it is about; for outreach, preselected (and null means about the patient in general). */
  gapId: string | null;
  /** The patient's gaps, for outreach to pick from. */
  gaps: readonly { gapId: string; title: string }[];
  /** People to assign the patient to. */
  assignees: readonly { userId: string; name: string }[];
  currentCoordinator: string | null;
}

export const ACTION_TITLES: Record<ActionType, string> = {
  outreach: 'Log an outreach attempt',
  close: 'Close the gap',
  exclude: 'Exclude the gap',
  reopen: 'Reopen the gap',
  assign: 'Assign the patient',
};

/** What the screen says once the action is recorded. */
export const ACTION_DONE: Record<ActionType, string> = {
  outreach: 'Outreach attempt logged',
  close: 'Gap closed',
  exclude: 'Gap excluded',
  reopen: 'Gap reopened',
  assign: 'Patient assigned',
};
