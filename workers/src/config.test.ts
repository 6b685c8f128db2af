import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.js';

describe('loadWorkerConfig', () => {
  it('works every queue unless told which, and refuses a queue that does not exist', () => {
    expect(loadWorkerConfig({}).queues).toBeUndefined();
    expect(loadWorkerConfig({ BENCHLINE_WORKER_QUEUES: 'apply-events, finance-view' }).queues).toEqual([
      'apply-events',
      'finance-view',
    ]);
    expect(() => loadWorkerConfig({ BENCHLINE_WORKER_QUEUES: 'apply-events,nope' })).toThrow('/queues/1');
    expect(() => loadWorkerConfig({ BENCHLINE_WORKER_QUEUES: 'apply-events,apply-events' })).toThrow('/queues');
  });

  it('sizes the stored-event cache from BENCHLINE_EVENT_CACHE_ENTRIES (0 turns it off), and refuses a bad one', () => {
    expect(loadWorkerConfig({}).eventCacheEntries).toBeUndefined();
    expect(loadWorkerConfig({ BENCHLINE_EVENT_CACHE_ENTRIES: '0' }).eventCacheEntries).toBe(0);
    expect(loadWorkerConfig({ BENCHLINE_EVENT_CACHE_ENTRIES: '200000' }).eventCacheEntries).toBe(200_000);
    expect(() => loadWorkerConfig({ BENCHLINE_EVENT_CACHE_ENTRIES: '-1' })).toThrow('/eventCacheEntries');
  });

  it('reads the business calendar transitional care counts in, and refuses a bad one', () => {
    expect(loadWorkerConfig({}).calendar).toEqual({
      weekendDays: [0, 6],
      federalHolidays: true,
      extraHolidays: [],
      workedHolidays: [],
    });
    expect(
      loadWorkerConfig({
        BENCHLINE_WEEKEND_DAYS: '5, 6',
        BENCHLINE_FEDERAL_HOLIDAYS: 'false',
        BENCHLINE_EXTRA_HOLIDAYS: '2026-11-27,2026-12-24',
        BENCHLINE_WORKED_HOLIDAYS: '2026-10-12',
      }).calendar,
    ).toEqual({
      weekendDays: [5, 6],
      federalHolidays: false,
      extraHolidays: ['2026-11-27', '2026-12-24'],
      workedHolidays: ['2026-10-12'],
    });
    expect(() => loadWorkerConfig({ BENCHLINE_WEEKEND_DAYS: '7' })).toThrow('/calendar/weekendDays/0');
    expect(() => loadWorkerConfig({ BENCHLINE_EXTRA_HOLIDAYS: '2026-13-01' })).toThrow('/calendar/extraHolidays/0');
  });

  it('looks back two years for recapture unless told one, and refuses any other', () => {
    expect(loadWorkerConfig({}).recaptureLookbackYears).toBe(2);
    expect(loadWorkerConfig({ BENCHLINE_RECAPTURE_LOOKBACK_YEARS: '1' }).recaptureLookbackYears).toBe(1);
    expect(() => loadWorkerConfig({ BENCHLINE_RECAPTURE_LOOKBACK_YEARS: '3' })).toThrow('/recaptureLookbackYears');
    expect(() => loadWorkerConfig({ BENCHLINE_RECAPTURE_LOOKBACK_YEARS: 'two' })).toThrow('/recaptureLookbackYears');
  });

  it('takes a niceness for an engines-only process, 0 to 19', () => {
    expect(loadWorkerConfig({}).nice).toBeUndefined();
    expect(loadWorkerConfig({ BENCHLINE_WORKER_NICE: '10' }).nice).toBe(10);
    expect(() => loadWorkerConfig({ BENCHLINE_WORKER_NICE: '-5' })).toThrow('/nice');
  });
});
