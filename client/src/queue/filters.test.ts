import { UNASSIGNED } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  dueBucket,
  localDay,
  NO_FILTERS,
  parseQueueFilters,
  queueFilterChoices,
  queueFiltersToQuery,
  selectQueueRows,
  subjectLabel,
} from './filters.js';
import { aRow } from './row-fixture.js';

const TODAY = '2026-11-27';

describe('dueBucket', () => {
  it('puts due dates before today as overdue, in the rest of this month as this month, else later', () => {
    expect(dueBucket('2026-11-26', TODAY)).toBe('overdue');
    expect(dueBucket('2026-11-27', TODAY)).toBe('this-month');
    expect(dueBucket('2026-11-30', TODAY)).toBe('this-month');
    expect(dueBucket('2026-12-01', TODAY)).toBe('later');
    expect(dueBucket(null, TODAY)).toBe('none');
  });
  it('takes today from the local calendar', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('the URL query', () => {
  it('round-trips every filter and drops what is not set', () => {
    const filters = {
      ...NO_FILTERS,
      kind: 'measure',
      coordinator: UNASSIGNED,
      status: 'attempted' as const,
      due: 'overdue' as const,
      sort: 'due' as const,
    };
    const query = queueFiltersToQuery(filters);
    expect(query).toEqual({ kind: 'measure', coordinator: '-', status: 'attempted', due: 'overdue', sort: 'due' });
    expect(parseQueueFilters(query)).toEqual(filters);
    expect(queueFiltersToQuery(NO_FILTERS)).toEqual({});
    expect(activeFilterCount(filters)).toBe(4);
  });
  it('ignores values that are not allowed, and takes the first of repeated ones', () => {
    expect(
      parseQueueFilters({ status: 'done', due: 'someday', sort: 'random', tin: ['111', '222'], npi: ' ' }),
    ).toEqual({ ...NO_FILTERS, tin: '111' });
  });
});

describe('selectQueueRows', () => {
  const rows = [
    aRow({ memberId: 'A', subject: 'CMS130', priority: 9, coordinator: 'ana', dueDate: '2026-11-01' }),
    aRow({ memberId: 'B', subject: 'AWV', kind: 'annual-wellness-visit', priority: 8, dueDate: '2026-12-31' }),
    aRow({
      memberId: 'C',
      subject: 'CMS125',
      priority: -91,
      status: 'attempted',
      coordinator: 'ben',
      dueDate: '2026-11-29',
      lastOutreachAt: '2026-11-20T10:00:00Z',
      tin: '999999999',
    }),
    aRow({ memberId: 'D', subject: 'CMS2', priority: 5, dueDate: null, lastOutreachAt: '2026-10-01T10:00:00Z' }),
  ];
  const pick = (filters: Partial<typeof NO_FILTERS>) =>
    selectQueueRows(rows, { ...NO_FILTERS, ...filters }, TODAY).map((row) => row.memberId);

  it('keeps the queue order and every row without filters', () => {
    expect(pick({})).toEqual(['A', 'B', 'C', 'D']);
  });
  it('filters by each field, together', () => {
    expect(pick({ kind: 'measure' })).toEqual(['A', 'C', 'D']);
    expect(pick({ subject: 'CMS125' })).toEqual(['C']);
    expect(pick({ tin: '999999999' })).toEqual(['C']);
    expect(pick({ status: 'new', kind: 'measure' })).toEqual(['A', 'D']);
    expect(pick({ q: 'b' })).toEqual(['B']);
  });
  it('reads the unassigned coordinator as nobody', () => {
    expect(pick({ coordinator: UNASSIGNED })).toEqual(['B', 'D']);
    expect(pick({ coordinator: 'ben' })).toEqual(['C']);
  });
  it('filters by due bucket', () => {
    expect(pick({ due: 'overdue' })).toEqual(['A']);
    expect(pick({ due: 'this-month' })).toEqual(['C']);
    expect(pick({ due: 'later' })).toEqual(['B']);
    expect(pick({ due: 'none' })).toEqual(['D']);
  });
  it('sorts by due date (none last) and by longest since outreach (never first)', () => {
    expect(pick({ sort: 'due' })).toEqual(['A', 'C', 'B', 'D']);
    expect(pick({ sort: 'last-outreach' })).toEqual(['A', 'B', 'D', 'C']);
  });
  it('offers the values the rows have, with names for coordinators and unassigned first', () => {
    const choices = queueFilterChoices(rows, { ...NO_FILTERS, tin: '000000000' }, new Map([['ana', 'Ana Ruiz']]));
    expect(choices.kinds.map((c) => c.value)).toEqual(['annual-wellness-visit', 'measure']);
    expect(choices.tins.map((c) => c.value)).toEqual(['000000000', '123456789', '999999999']);
    expect(choices.coordinators).toEqual([
      { value: '-', label: 'Unassigned' },
      { value: 'ana', label: 'Ana Ruiz' },
      { value: 'ben', label: 'ben' },
    ]);
    expect(choices.subjects.find((c) => c.value === 'CMS130')?.label).toBe('CMS130 — Colorectal Cancer Screening');
  });
});

describe('care-transition rows', () => {
  const tcm = aRow({
    memberId: 'T',
    kind: 'care-transition',
    subject: 'TCM',
    title: 'Transitional care after discharge from General Hospital on 2026-11-26',
  });
  const admit = aRow({
    memberId: 'U',
    kind: 'care-transition',
    subject: 'ADMIT',
    title: 'Admitted to General Hospital since 2026-11-26',
  });

  it('say their subject in words, and leave other subjects as they are', () => {
    expect(subjectLabel('care-transition', 'TCM')).toBe('Transitional care (TCM)');
    expect(subjectLabel('care-transition', 'ADMIT')).toBe('Hospital admission');
    expect(subjectLabel('care-transition', 'ED')).toBe('ED visit follow-up');
    expect(subjectLabel('care-transition', 'OTHER')).toBe('OTHER');
    expect(subjectLabel('measure', 'CMS130')).toBe('CMS130');
    expect(subjectLabel('hcc-recapture', 'V28 HCC 37')).toBe('V28 HCC 37');
  });

  it('are offered as a filter by their subject in words, not by one stay’s title', () => {
    const choices = queueFilterChoices([tcm, admit, aRow()], NO_FILTERS);
    expect(choices.kinds.find((c) => c.value === 'care-transition')?.label).toBe('Care transition');
    expect(choices.subjects.find((c) => c.value === 'TCM')?.label).toBe('Transitional care (TCM)');
    expect(choices.subjects.find((c) => c.value === 'ADMIT')?.label).toBe('Hospital admission');
  });

  it('are found by searching the words as well as the code', () => {
    const pick = (q: string) => selectQueueRows([tcm, admit], { ...NO_FILTERS, q }, TODAY).map((r) => r.memberId);
    expect(pick('transitional care')).toEqual(['T']);
    expect(pick('tcm')).toEqual(['T']);
    expect(pick('hospital admission')).toEqual(['U']);
  });
});
