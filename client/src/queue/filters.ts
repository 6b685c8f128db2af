/**
 * The queue screen's filters and orderings, as pure functions of the live rows: which rows a filter keeps, how the
 * due dates bucket, how filters round-trip through the URL query (so a filtered queue can be bookmarked, shared and
 * survives a reload), and the choices each filter offers.
 */
import type { GapQueueRow, WorklistStatus } from '@benchline/shared';
import { compareGapRows, UNASSIGNED, WORKLIST_STATUSES } from '@benchline/shared';

export const DUE_BUCKETS = ['overdue', 'this-month', 'later', 'none'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];
export const DUE_BUCKET_LABELS: Record<DueBucket, string> = {
  overdue: 'Overdue',
  'this-month': 'Due this month',
  later: 'Due later',
  none: 'No due date',
};

export const QUEUE_SORTS = ['priority', 'due', 'last-outreach'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_SORT_LABELS: Record<QueueSort, string> = {
  priority: 'Priority',
  due: 'Due date, soonest first',
  'last-outreach': 'Longest since outreach',
};

export interface QueueFilters {
  kind: string | null;
  /** The measure (CMS130 …), AWV or HCC. */
  subject: string | null;
  tin: string | null;
  npi: string | null;
  /** A user id, or UNASSIGNED (`-`) for patients nobody is assigned. */
  coordinator: string | null;
  status: WorklistStatus | null;
  due: DueBucket | null;
  /** Free text: a member id, or words of the gap's title. */
  q: string | null;
  sort: QueueSort;
}

export const NO_FILTERS: QueueFilters = Object.freeze({
  kind: null,
  subject: null,
  tin: null,
  npi: null,
  coordinator: null,
  status: null,
  due: null,
  q: null,
  sort: 'priority',
});

const FILTER_KEYS = ['kind', 'subject', 'tin', 'npi', 'coordinator', 'status', 'due', 'q'] as const;

/** Today as the coordinator's calendar has it (YYYY-MM-DD, local time): "overdue" is about their day. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Overdue before today; this month through the month's end; later after it; none without a due date. */
export function dueBucket(dueDate: string | null, today: string): DueBucket {
  if (dueDate === null) {
    return 'none';
  }
  if (dueDate < today) {
    return 'overdue';
  }
  return dueDate.slice(0, 7) === today.slice(0, 7) ? 'this-month' : 'later';
}

const single = (value: unknown): string | null => {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim().slice(0, 200) : null;
};
const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | null => {
  const text = single(value);
  return text !== null && (allowed as readonly string[]).includes(text) ? (text as T) : null;
};

/** Filters from a route's query; unknown values are dropped, never trusted. */
export function parseQueueFilters(query: Readonly<Record<string, unknown>>): QueueFilters {
  return {
    kind: single(query.kind),
    subject: single(query.subject),
    tin: single(query.tin),
    npi: single(query.npi),
    coordinator: single(query.coordinator),
    status: oneOf(query.status, WORKLIST_STATUSES),
    due: oneOf(query.due, DUE_BUCKETS),
    q: single(query.q),
    sort: oneOf(query.sort, QUEUE_SORTS) ?? 'priority',
  };
}

/** The query for a set of filters: only what is set, so the default queue has a clean URL. */
export function queueFiltersToQuery(filters: QueueFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== null && value !== '') {
      query[key] = value;
    }
  }
  if (filters.sort !== 'priority') {
    query.sort = filters.sort;
  }
  return query;
}

export function activeFilterCount(filters: QueueFilters): number {
  return FILTER_KEYS.filter((key) => filters[key] !== null).length;
}

export function rowMatches(row: GapQueueRow, filters: QueueFilters, today: string): boolean {
  if (filters.kind !== null && row.kind !== filters.kind) {
    return false;
  }
  if (filters.subject !== null && row.subject !== filters.subject) {
    return false;
  }
  if (filters.tin !== null && row.tin !== filters.tin) {
    return false;
  }
  if (filters.npi !== null && row.npi !== filters.npi) {
    return false;
  }
  if (filters.coordinator !== null) {
    const wanted = filters.coordinator === UNASSIGNED ? null : filters.coordinator;
    if (row.coordinator !== wanted) {
      return false;
    }
  }
  if (filters.status !== null && row.status !== filters.status) {
    return false;
  }
  if (filters.due !== null && dueBucket(row.dueDate, today) !== filters.due) {
    return false;
  }
  if (filters.q !== null) {
    const needle = filters.q.toLowerCase();
    const haystack = `${row.memberId} ${row.title} ${row.subject} ${subjectLabel(row.kind, row.subject)}`.toLowerCase();
    if (!haystack.includes(needle)) {
      return false;
    }
  }
  return true;
}

/** Orderings; every one ends in the queue's own order, so ties never shuffle between updates. */
export function compareQueueRows(sort: QueueSort): (a: GapQueueRow, b: GapQueueRow) => number {
  switch (sort) {
    case 'priority':
      return compareGapRows;
    case 'due':
      return (a, b) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || compareGapRows(a, b);
    case 'last-outreach':
      // Never contacted first, then the longest ago.
      return (a, b) => (a.lastOutreachAt ?? '').localeCompare(b.lastOutreachAt ?? '') || compareGapRows(a, b);
  }
}

/** The rows the screen lists: filtered, then ordered. */
export function selectQueueRows(rows: readonly GapQueueRow[], filters: QueueFilters, today: string): GapQueueRow[] {
  const kept = rows.filter((row) => rowMatches(row, filters, today));
  return filters.sort === 'priority' ? kept : kept.sort(compareQueueRows(filters.sort));
}

export interface FilterChoice {
  value: string;
  label: string;
}

export interface QueueFilterChoices {
  kinds: FilterChoice[];
  subjects: FilterChoice[];
  tins: FilterChoice[];
  npis: FilterChoice[];
  coordinators: FilterChoice[];
}

const KIND_LABELS: Record<string, string> = {
  measure: 'Quality measure',
  'annual-wellness-visit': 'Annual wellness visit',
  'hcc-recapture': 'HCC recapture',
  'care-transition': 'Care transition',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Care-transition rows' subjects, which are codes, in words. */
const TRANSITION_SUBJECTS: Record<string, string> = {
  ADMIT: 'Hospital admission',
  ED: 'ED visit follow-up',
  TCM: 'Transitional care (TCM)',
};

/** A row's subject as a reader says it: care-transition codes in words; measure ids, AWV and HCCs as they are. */
export function subjectLabel(kind: string, subject: string): string {
  return kind === 'care-transition' ? (TRANSITION_SUBJECTS[subject] ?? subject) : subject;
}

/**
 * What each filter can pick, from the rows themselves (plus the values currently chosen, so a filter that matches
 * nothing any more still shows what it is set to). `names` turns user ids into people's names where known.
 */
export function queueFilterChoices(
  rows: readonly GapQueueRow[],
  chosen: QueueFilters,
  names: ReadonlyMap<string, string> = new Map(),
): QueueFilterChoices {
  const kinds = new Set<string>();
  const subjects = new Map<string, string>();
  const tins = new Set<string>();
  const npis = new Set<string>();
  const coordinators = new Set<string>();
  for (const row of rows) {
    kinds.add(row.kind);
    if (!subjects.has(row.subject)) {
      // A care-transition row's title names one stay; its subject (ADMIT, ED, TCM) is the kind of transition.
      subjects.set(
        row.subject,
        row.kind === 'measure'
          ? `${row.subject} — ${row.title}`
          : row.kind === 'care-transition'
            ? subjectLabel(row.kind, row.subject)
            : row.title,
      );
    }
    if (row.tin !== null) {
      tins.add(row.tin);
    }
    if (row.npi !== null) {
      npis.add(row.npi);
    }
    if (row.coordinator !== null) {
      coordinators.add(row.coordinator);
    }
  }
  const withChosen = (set: Set<string>, value: string | null) => (value === null ? set : set.add(value));
  const sorted = (values: Iterable<string>) => [...values].sort((a, b) => a.localeCompare(b));
  const plain = (values: Iterable<string>) => sorted(values).map((value) => ({ value, label: value }));
  if (chosen.subject !== null && !subjects.has(chosen.subject)) {
    subjects.set(chosen.subject, chosen.subject);
  }
  if (chosen.coordinator === UNASSIGNED) {
    chosen = { ...chosen, coordinator: null };
  }
  return {
    kinds: sorted(withChosen(kinds, chosen.kind)).map((value) => ({ value, label: kindLabel(value) })),
    subjects: [...subjects].sort(([a], [b]) => a.localeCompare(b)).map(([value, label]) => ({ value, label })),
    tins: plain(withChosen(tins, chosen.tin)),
    npis: plain(withChosen(npis, chosen.npi)),
    coordinators: [
      { value: UNASSIGNED, label: 'Unassigned' },
      ...sorted(withChosen(coordinators, chosen.coordinator)).map((value) => ({
        value,
        label: names.get(value) ?? value,
      })),
    ],
  };
}
