import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertPeriodBounds, billingIntervals, currentPeriod, maxPeriodsBetween, periodStartFor, periodsBetween, type BillingPeriod } from '.';

const utc = (iso: string) => new Date(iso);
const shown = (period: BillingPeriod) => ({ start: period.start.toISOString(), end: period.end.toISOString(), index: period.index });
const refused = (param: string) => expect.objectContaining({ code: 'VALIDATION_FAILED', param });

const anchor31 = utc('2028-01-31T10:00:00Z');

describe('currentPeriod', () => {
  it('finds the period containing an instant, start inclusive and end exclusive', () => {
    expect(shown(currentPeriod(anchor31, 'month', 1, anchor31))).toEqual({ start: '2028-01-31T10:00:00.000Z', end: '2028-02-29T10:00:00.000Z', index: 0 });
    expect(shown(currentPeriod(anchor31, 'month', 1, utc('2028-02-29T09:59:59.999Z')))).toEqual({
      start: '2028-01-31T10:00:00.000Z',
      end: '2028-02-29T10:00:00.000Z',
      index: 0,
    });
    expect(shown(currentPeriod(anchor31, 'month', 1, utc('2028-02-29T10:00:00Z')))).toEqual({
      start: '2028-02-29T10:00:00.000Z',
      end: '2028-03-31T10:00:00.000Z',
      index: 1,
    });
  });

  it('handles an instant earlier in its month than the anchor day', () => {
    expect(shown(currentPeriod(anchor31, 'month', 1, utc('2028-03-05T00:00:00Z')))).toEqual({
      start: '2028-02-29T10:00:00.000Z',
      end: '2028-03-31T10:00:00.000Z',
      index: 1,
    });
    expect(shown(currentPeriod(utc('2024-02-29T00:00:00Z'), 'year', 1, utc('2026-02-27T23:00:00Z')))).toEqual({
      start: '2025-02-28T00:00:00.000Z',
      end: '2026-02-28T00:00:00.000Z',
      index: 1,
    });
  });

  it('finds far periods of weekly cycles directly', () => {
    const period = currentPeriod(utc('2000-01-03T00:00:00Z'), 'week', 2, utc('2100-01-01T00:00:00Z'));
    expect(period.start.getTime()).toBeLessThanOrEqual(utc('2100-01-01T00:00:00Z').getTime());
    expect(period.end.getTime()).toBeGreaterThan(utc('2100-01-01T00:00:00Z').getTime());
    expect(period.start.getTime()).toBe(periodStartFor(utc('2000-01-03T00:00:00Z'), 'week', 2, period.index).getTime());
  });

  it('refuses an instant before the anchor', () => {
    expect(() => currentPeriod(anchor31, 'month', 1, utc('2028-01-31T09:59:59.999Z'))).toThrow(refused('at'));
    expect(() => currentPeriod(anchor31, 'month', 0, anchor31)).toThrow(refused('intervalCount'));
  });
});

describe('periodsBetween', () => {
  it('lists the periods that start after from and up to and including to', () => {
    const due = periodsBetween(anchor31, 'month', 1, utc('2028-02-01T00:00:00Z'), utc('2028-05-31T10:00:00Z'));
    expect(due.map(shown)).toEqual([
      { start: '2028-02-29T10:00:00.000Z', end: '2028-03-31T10:00:00.000Z', index: 1 },
      { start: '2028-03-31T10:00:00.000Z', end: '2028-04-30T10:00:00.000Z', index: 2 },
      { start: '2028-04-30T10:00:00.000Z', end: '2028-05-31T10:00:00.000Z', index: 3 },
      { start: '2028-05-31T10:00:00.000Z', end: '2028-06-30T10:00:00.000Z', index: 4 },
    ]);
  });

  it('does not list a boundary exactly at from, which the previous advance handled', () => {
    expect(periodsBetween(anchor31, 'month', 1, utc('2028-02-29T10:00:00Z'), utc('2028-03-31T09:00:00Z'))).toEqual([]);
    expect(periodsBetween(anchor31, 'month', 1, utc('2028-03-01T00:00:00Z'), utc('2028-03-01T00:00:00Z'))).toEqual([]);
  });

  it('lists the opening period when the anchor falls in the window', () => {
    const due = periodsBetween(anchor31, 'month', 1, utc('2028-01-01T00:00:00Z'), utc('2028-02-29T10:00:00Z'));
    expect(due.map((period) => period.index)).toEqual([0, 1]);
    expect(periodsBetween(anchor31, 'month', 1, utc('2027-01-01T00:00:00Z'), utc('2027-06-01T00:00:00Z'))).toEqual([]);
  });

  it('refuses a window that runs backwards or would list too many periods', () => {
    expect(() => periodsBetween(anchor31, 'month', 1, utc('2028-03-01T00:00:00Z'), utc('2028-02-01T00:00:00Z'))).toThrow(refused('to'));
    expect(() => periodsBetween(anchor31, 'day', 1, anchor31, new Date(anchor31.getTime() + (maxPeriodsBetween + 1) * 86_400_000))).toThrow(
      refused('to'),
    );
    expect(periodsBetween(anchor31, 'day', 1, anchor31, new Date(anchor31.getTime() + maxPeriodsBetween * 86_400_000))).toHaveLength(maxPeriodsBetween);
  });
});

describe('assertPeriodBounds', () => {
  it('refuses a period that ends before, or when, it starts', () => {
    expect(() => assertPeriodBounds(utc('2028-02-01T00:00:00Z'), utc('2028-01-01T00:00:00Z'))).toThrow(refused('periodEnd'));
    expect(() => assertPeriodBounds(utc('2028-02-01T00:00:00Z'), utc('2028-02-01T00:00:00Z'))).toThrow(refused('periodEnd'));
    expect(() => assertPeriodBounds(utc('2028-02-01T00:00:00Z'), utc('2028-02-01T00:00:00Z'))).toThrow(/must be after periodStart/);
    expect(() => assertPeriodBounds(new Date(Number.NaN), utc('2028-02-01T00:00:00Z'))).toThrow(refused('periodStart'));
    expect(() => assertPeriodBounds(utc('2028-01-01T00:00:00Z'), utc('2028-02-01T00:00:00Z'))).not.toThrow();
  });
});

const anyAnchor = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59.999Z'), noInvalidDate: true });
const anyInterval = fc.constantFrom(...billingIntervals);
const anyCount = fc.integer({ min: 1, max: 24 });
/** An offset after the anchor of up to ~30 years, in milliseconds. */
const anyOffsetMs = fc.integer({ min: 0, max: 30 * 366 * 86_400_000 });

describe('properties', () => {
  it('currentPeriod contains the instant, and its end opens the next period', () => {
    fc.assert(
      fc.property(anyAnchor, anyInterval, anyCount, anyOffsetMs, (anchor, interval, count, offsetMs) => {
        const at = new Date(anchor.getTime() + offsetMs);
        const period = currentPeriod(anchor, interval, count, at);
        expect(period.start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(period.end.getTime()).toBeGreaterThan(at.getTime());
        expect(period.start.getTime()).toBe(periodStartFor(anchor, interval, count, period.index).getTime());
        const next = currentPeriod(anchor, interval, count, period.end);
        expect(next.index).toBe(period.index + 1);
        expect(next.start.getTime()).toBe(period.end.getTime());
      }),
    );
  });

  it('consecutive periods tile time: no gap, no overlap', () => {
    fc.assert(
      fc.property(anyAnchor, anyInterval, anyCount, fc.integer({ min: 0, max: 400 }), (anchor, interval, count, firstIndex) => {
        const from = periodStartFor(anchor, interval, count, firstIndex);
        const periods = [currentPeriod(anchor, interval, count, from)];
        for (let step = 0; step < 12; step += 1) periods.push(currentPeriod(anchor, interval, count, (periods.at(-1) as BillingPeriod).end));
        periods.forEach((period, position) => {
          expect(period.index).toBe(firstIndex + position);
          expect(period.end.getTime()).toBeGreaterThan(period.start.getTime());
          const next = periods[position + 1];
          if (next) {
            expect(next.start.getTime()).toBe(period.end.getTime());
          }
        });
      }),
    );
  });

  it('successive clock advances list every renewal exactly once, and agree with currentPeriod', () => {
    fc.assert(
      fc.property(
        anyAnchor,
        anyInterval,
        anyCount,
        fc.array(fc.integer({ min: 0, max: 5 * 366 * 86_400_000 }), { minLength: 1, maxLength: 6 }),
        (anchor, interval, count, offsetsMs) => {
          const instants = [anchor.getTime() - 1, ...offsetsMs.map((offset) => anchor.getTime() + offset).sort((a, b) => a - b)].map((ms) => new Date(ms));
          const listed: number[] = [];
          for (let step = 1; step < instants.length; step += 1) {
            listed.push(...periodsBetween(anchor, interval, count, instants[step - 1] as Date, instants[step] as Date).map((period) => period.index));
          }
          const last = currentPeriod(anchor, interval, count, instants.at(-1) as Date);
          expect(listed).toEqual(Array.from({ length: last.index + 1 }, (_, index) => index));
        },
      ),
    );
  });
});
