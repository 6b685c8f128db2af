/** Words for the worklist's codes, one place for every screen. */
import type {
  CloseReason,
  ExcludeReason,
  OutreachBarrier,
  OutreachChannel,
  OutreachOutcome,
  WorklistStatus,
} from '@benchline/shared';

export const STATUS_LABELS: Record<WorklistStatus, string> = {
  new: 'New',
  attempted: 'Attempted',
  scheduled: 'Scheduled',
  closed: 'Closed',
  excluded: 'Excluded',
};

export const CHANNEL_LABELS: Record<OutreachChannel, string> = {
  phone: 'Phone call',
  portal: 'Patient portal message',
  letter: 'Letter',
  'in-person': 'In person',
};

export const OUTCOME_LABELS: Record<OutreachOutcome, string> = {
  reached: 'Reached the patient',
  voicemail: 'Left a voicemail',
  'no-answer': 'No answer',
  'wrong-number': 'Wrong number',
  refused: 'Patient refused',
  scheduled: 'Visit scheduled',
};

export const BARRIER_LABELS: Record<OutreachBarrier, string> = {
  transportation: 'Transportation',
  cost: 'Cost',
  language: 'Language',
  'health-literacy': 'Health literacy',
  caregiver: 'Caregiver needed',
  declined: 'Declined',
  other: 'Other',
};

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  'completed-elsewhere': 'Completed elsewhere',
  'documentation-submitted': 'Documentation submitted',
  scheduled: 'Scheduled',
  other: 'Other (explain in the note)',
};

export const EXCLUDE_REASON_LABELS: Record<ExcludeReason, string> = {
  hospice: 'Hospice',
  deceased: 'Deceased',
  moved: 'Moved away',
  'declined-permanently': 'Declined permanently',
  'not-clinically-appropriate': 'Not clinically appropriate',
  other: 'Other (explain in the note)',
};
