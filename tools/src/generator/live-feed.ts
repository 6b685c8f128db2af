/**
 * The live feed: what a payer and an EHR would deliver after the generated ACO's as-of date, as a simulated clock
 * moves forward. Each call to `next(simulatedNow)` returns the events that became available since the previous
 * call — claims as they are paid (the run-out of services before the as-of date, then new services; now and then
 * an adjustment or cancel of an earlier claim), lab and EHR results, problem-list entries for new diagnoses, a
 * fresh roster record for members whose coverage changed at a month boundary, and the MA plan's monthly roster
 * rows. Contracts are part of the batch and never sent again. The clock is passed in, never read; the events are
 * exactly the ones the batch generator would emit with a later end month (for records and roster rows, the
 * latest one as of that month), so the two agree.
 */
import type { CanonicalEvent } from '@benchline/shared';
import { firstDayOfMonth, isoDate, monthOfDay, onOrAfterWeekday, parseIsoDate } from './calendar.js';
import { rosterOfMonth } from './contracts.js';
import type { SyntheticAco } from './generator.js';
import { statusOf } from './population.js';

export interface LiveFeedItem {
  /** The simulated date the event became available (YYYY-MM-DD). */
  readonly availableOn: string;
  readonly event: CanonicalEvent;
}

export interface LiveFeed {
  /** The ACO's as-of date: the feed yields what becomes available after it. */
  readonly startsAfter: string;
  /** The latest simulated date the feed can reach. */
  readonly until: string;
  /** The simulated date of the last `next` call (initially `startsAfter`). */
  readonly clock: string;
  /**
   * Advances the simulated clock to `simulatedNow` (YYYY-MM-DD, not before the current clock, not after `until`)
   * and returns the events that became available on the days in between — after the previous clock, up to and
   * including `simulatedNow` — oldest first. The first call also prepares the run-out of claims already in flight,
   * which costs about as much as generating the batch; each new simulated month costs about a month's generation.
   */
  next(simulatedNow: string): LiveFeedItem[];
}

interface PendingEvent {
  readonly day: number;
  readonly sortKey: string;
  readonly event: CanonicalEvent;
}

/** How far back claim episodes can still produce payments (lags, adjustments and cancels reach ~2 years). */
const RUN_OUT_MONTHS = 24;

const KIND_ORDER: Readonly<Record<CanonicalEvent['kind'], string>> = {
  contract: '0',
  provider: '1',
  member: '2',
  roster: '3',
  clinical: '4',
  claim: '5',
  worklist: '6',
  adt: '7',
};

export function createLiveFeed(aco: SyntheticAco): LiveFeed {
  const { world } = aco;
  const asOfDay = parseIsoDate(aco.window.asOf);
  const untilDay = parseIsoDate(aco.window.liveFeedUntil);
  const members = aco.options.members;
  const maContract = aco.contracts.find((c) => c.attribution === 'payer-roster');
  const pending = new Map<number, PendingEvent[]>();
  let clockDay = asOfDay;
  let generatedThrough: number | undefined;

  const keep = (day: number, event: CanonicalEvent): void => {
    if (day <= asOfDay || day > untilDay) {
      return;
    }
    const id =
      event.kind === 'claim'
        ? `${event.claimId}:${String(event.version).padStart(6, '0')}`
        : event.kind === 'clinical'
          ? event.clinicalId
          : event.kind === 'member' || event.kind === 'roster'
            ? event.memberId
            : event.kind === 'provider'
              ? event.npi
              : event.kind === 'worklist'
                ? event.actionId
                : event.kind === 'adt'
                  ? event.messageId
                  : event.contractId;
    const month = monthOfDay(day);
    const list = pending.get(month) ?? [];
    list.push({ day, sortKey: `${KIND_ORDER[event.kind]}${id}`, event });
    pending.set(month, list);
  };

  /** Events from the months up to the as-of date that arrive after it: claims run-out, next-day lab results, new diagnoses. */
  const prepareRunOut = (): void => {
    const from = Math.max(world.windowStartMonth, world.windowEndMonth - RUN_OUT_MONTHS + 1);
    for (let index = 0; index < members; index += 1) {
      const timeline = aco.timeline(index);
      for (const claim of timeline.claims(from, world.windowEndMonth)) {
        keep(claim.paidDay, claim.event);
      }
      for (const clinical of timeline.clinical(world.windowEndMonth, world.windowEndMonth)) {
        keep(clinical.availableDay, clinical.event);
      }
      for (const clinical of timeline.background()) {
        keep(clinical.availableDay, clinical.event);
      }
    }
    generatedThrough = world.windowEndMonth;
  };

  /** New care in a month, and roster updates for members whose coverage changed when the month began. */
  const generateMonth = (month: number): void => {
    const monthStart = firstDayOfMonth(month);
    for (let index = 0; index < members; index += 1) {
      const timeline = aco.timeline(index);
      for (const claim of timeline.claims(month, month)) {
        keep(claim.paidDay, claim.event);
      }
      for (const clinical of timeline.clinical(month, month)) {
        keep(clinical.availableDay, clinical.event);
      }
      const life = timeline.context.life;
      const now = statusOf(life, month);
      const before = statusOf(life, month - 1);
      const changed =
        now !== undefined &&
        before !== undefined &&
        (now.enrolled !== before.enrolled ||
          now.partB !== before.partB ||
          now.medicareAdvantage !== before.medicareAdvantage ||
          now.dualCode !== before.dualCode ||
          now.hospice !== before.hospice ||
          now.type !== before.type);
      if (changed) {
        // The monthly eligibility file lands on the first business day of the month.
        const day = onOrAfterWeekday(monthStart);
        const roster = timeline.memberEvent(day);
        if (roster !== undefined) {
          keep(day, roster);
        }
      }
      // The MA plan's monthly roster file, on the same day: the member's plan months through next month. The
      // contracts themselves were delivered with the batch and are never sent again.
      if (maContract !== undefined) {
        const planRow = rosterOfMonth(timeline, world, maContract, month);
        if (planRow !== undefined) {
          keep(planRow.day, planRow.event);
        }
      }
    }
    generatedThrough = month;
  };

  return {
    startsAfter: aco.window.asOf,
    until: aco.window.liveFeedUntil,
    get clock() {
      return isoDate(clockDay);
    },
    next(simulatedNow: string): LiveFeedItem[] {
      const nowDay = parseIsoDate(simulatedNow);
      if (nowDay < clockDay) {
        throw new RangeError(
          `The live feed's clock only moves forward (at ${isoDate(clockDay)}, asked for ${simulatedNow})`,
        );
      }
      if (nowDay > untilDay) {
        throw new RangeError(`The live feed runs until ${aco.window.liveFeedUntil} (asked for ${simulatedNow})`);
      }
      if (generatedThrough === undefined) {
        prepareRunOut();
      }
      const nowMonth = monthOfDay(nowDay);
      for (let month = (generatedThrough ?? world.windowEndMonth) + 1; month <= nowMonth; month += 1) {
        generateMonth(month);
      }
      const due: PendingEvent[] = [];
      for (const [month, list] of pending) {
        if (month > nowMonth) {
          continue;
        }
        const remaining = list.filter((item) => {
          if (item.day > clockDay && item.day <= nowDay) {
            due.push(item);
            return false;
          }
          return item.day > nowDay;
        });
        if (remaining.length === 0) {
          pending.delete(month);
        } else {
          pending.set(month, remaining);
        }
      }
      clockDay = nowDay;
      due.sort((a, b) => a.day - b.day || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
      return due.map((item) => ({ availableOn: isoDate(item.day), event: item.event }));
    },
  };
}
