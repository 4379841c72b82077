import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addInterval, billingIntervals, daysInMonth, periodEndFor, periodStartFor, type BillingInterval } from '.';

const utc = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();
const starts = (anchor: Date, interval: BillingInterval, intervalCount: number, count: number) =>
  Array.from({ length: count }, (_, index) => iso(periodStartFor(anchor, interval, intervalCount, index)));

const refused = (param: string) => expect.objectContaining({ code: 'VALIDATION_FAILED', param });

describe('monthly anchors at the end of the month', () => {
  it('an anchor on 31 Jan bills on the last day of short months and returns to the 31st', () => {
    expect(starts(utc('2028-01-31T00:00:00Z'), 'month', 1, 14).map((value) => value.slice(0, 10))).toEqual([
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
      '2028-05-31',
      '2028-06-30',
      '2028-07-31',
      '2028-08-31',
      '2028-09-30',
      '2028-10-31',
      '2028-11-30',
      '2028-12-31',
      '2029-01-31',
      '2029-02-28',
    ]);
  });

  it('anchors on the 29th and 30th clamp in February only', () => {
    expect(starts(utc('2027-01-30T00:00:00Z'), 'month', 1, 4).map((value) => value.slice(0, 10))).toEqual([
      '2027-01-30',
      '2027-02-28',
      '2027-03-30',
      '2027-04-30',
    ]);
    expect(starts(utc('2027-12-29T00:00:00Z'), 'month', 1, 4).map((value) => value.slice(0, 10))).toEqual([
      '2027-12-29',
      '2028-01-29',
      '2028-02-29',
      '2028-03-29',
    ]);
  });

  it('chaining clamped dates would drift to the 28th; the anchor day restores the 31st', () => {
    const february = addInterval(utc('2027-01-31T00:00:00Z'), 'month', 1);
    expect(iso(february)).toBe('2027-02-28T00:00:00.000Z');
    expect(iso(addInterval(february, 'month', 1))).toBe('2027-03-28T00:00:00.000Z');
    expect(iso(addInterval(february, 'month', 1, 31))).toBe('2027-03-31T00:00:00.000Z');
  });

  it('quarterly and multi-month cycles count from the anchor too', () => {
    expect(starts(utc('2027-08-31T06:00:00Z'), 'month', 3, 5)).toEqual([
      '2027-08-31T06:00:00.000Z',
      '2027-11-30T06:00:00.000Z',
      '2028-02-29T06:00:00.000Z',
      '2028-05-31T06:00:00.000Z',
      '2028-08-31T06:00:00.000Z',
    ]);
  });

  it('crosses year ends in both directions of the month count', () => {
    expect(iso(addInterval(utc('2027-11-30T00:00:00Z'), 'month', 3))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(addInterval(utc('2027-12-31T00:00:00Z'), 'month', 14))).toBe('2029-02-28T00:00:00.000Z');
  });
});

describe('yearly anchors', () => {
  it('29 Feb bills on 28 Feb in common years and on 29 Feb in leap years', () => {
    expect(starts(utc('2024-02-29T08:15:00Z'), 'year', 1, 6)).toEqual([
      '2024-02-29T08:15:00.000Z',
      '2025-02-28T08:15:00.000Z',
      '2026-02-28T08:15:00.000Z',
      '2027-02-28T08:15:00.000Z',
      '2028-02-29T08:15:00.000Z',
      '2029-02-28T08:15:00.000Z',
    ]);
  });

  it('follows the Gregorian rule for centuries', () => {
    expect(iso(periodStartFor(utc('2096-02-29T00:00:00Z'), 'year', 4, 1))).toBe('2100-02-28T00:00:00.000Z');
    expect(iso(periodStartFor(utc('2096-02-29T00:00:00Z'), 'year', 4, 2))).toBe('2104-02-29T00:00:00.000Z');
    expect(iso(addInterval(utc('1996-02-29T00:00:00Z'), 'year', 4))).toBe('2000-02-29T00:00:00.000Z');
    expect(daysInMonth(1900, 1)).toBe(28);
    expect(daysInMonth(2000, 1)).toBe(29);
  });

  it('a clamped 28 Feb returns to the 29th with the anchor day', () => {
    expect(iso(addInterval(utc('2031-02-28T00:00:00Z'), 'year', 1, 29))).toBe('2032-02-29T00:00:00.000Z');
  });
});

describe('daily and weekly cycles', () => {
  it('steps N whole days or weeks, keeping the time of day', () => {
    const anchor = utc('2028-01-05T09:30:15.250Z');
    expect(starts(anchor, 'week', 2, 3)).toEqual(['2028-01-05T09:30:15.250Z', '2028-01-19T09:30:15.250Z', '2028-02-02T09:30:15.250Z']);
    expect(starts(anchor, 'day', 10, 3)).toEqual(['2028-01-05T09:30:15.250Z', '2028-01-15T09:30:15.250Z', '2028-01-25T09:30:15.250Z']);
    expect(iso(addInterval(utc('2028-02-28T23:00:00Z'), 'day', 1))).toBe('2028-02-29T23:00:00.000Z');
    expect(iso(addInterval(utc('2027-12-27T00:00:00Z'), 'week', 1))).toBe('2028-01-03T00:00:00.000Z');
  });

  it('ignores an anchor day, which only means something for months and years', () => {
    expect(iso(addInterval(utc('2028-01-05T00:00:00Z'), 'day', 1, 31))).toBe('2028-01-06T00:00:00.000Z');
  });
});

describe('time of day', () => {
  it('is the anchor’s, to the millisecond, on every boundary', () => {
    expect(iso(addInterval(utc('2028-01-31T23:59:59.999Z'), 'month', 1))).toBe('2028-02-29T23:59:59.999Z');
    expect(iso(periodEndFor(utc('2024-02-29T00:00:00.001Z'), 'year', 1, 0))).toBe('2025-02-28T00:00:00.001Z');
  });

  it('works for years below 100, which Date.UTC would misread', () => {
    expect(iso(addInterval(new Date('0099-12-15T10:00:00Z'), 'month', 1))).toBe('0100-01-15T10:00:00.000Z');
  });
});

describe('refusals', () => {
  it.each([[0], [-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses a count of %s', (count) => {
    expect(() => addInterval(utc('2028-01-01T00:00:00Z'), 'month', count)).toThrow(refused('count'));
  });

  it('refuses a fractional or zero interval count and a negative period index', () => {
    expect(() => periodEndFor(utc('2028-01-01T00:00:00Z'), 'month', 0, 0)).toThrow(refused('intervalCount'));
    expect(() => periodEndFor(utc('2028-01-01T00:00:00Z'), 'month', 2.5, 0)).toThrow(refused('intervalCount'));
    expect(() => periodStartFor(utc('2028-01-01T00:00:00Z'), 'month', 1, -1)).toThrow(refused('periodIndex'));
    expect(() => periodStartFor(utc('2028-01-01T00:00:00Z'), 'month', 1, 0.5)).toThrow(refused('periodIndex'));
  });

  it('refuses an unknown interval, an invalid date, an impossible anchor day and a date out of range', () => {
    expect(() => addInterval(utc('2028-01-01T00:00:00Z'), 'fortnight' as BillingInterval, 1)).toThrow(refused('interval'));
    expect(() => addInterval(new Date('nonsense'), 'day', 1)).toThrow(refused('start'));
    expect(() => periodStartFor(new Date(Number.NaN), 'day', 1, 0)).toThrow(refused('anchor'));
    expect(() => addInterval(utc('2028-01-01T00:00:00Z'), 'month', 1, 32)).toThrow(refused('anchorDay'));
    expect(() => addInterval(utc('2028-01-01T00:00:00Z'), 'month', 1, 0)).toThrow(refused('anchorDay'));
    expect(() => addInterval(utc('2028-01-01T00:00:00Z'), 'year', 300_000)).toThrow(refused('count'));
    expect(() => periodStartFor(utc('2028-01-01T00:00:00Z'), 'day', 1, 200_000_000)).toThrow(refused('periodIndex'));
  });
});

const anyAnchor = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59.999Z'), noInvalidDate: true });
const anyInterval = fc.constantFrom(...billingIntervals);
const anyCount = fc.integer({ min: 1, max: 36 });

describe('properties', () => {
  it('a month or year boundary is on the anchor day clamped to the month length, at the anchor’s time', () => {
    fc.assert(
      fc.property(anyAnchor, fc.constantFrom<BillingInterval>('month', 'year'), anyCount, fc.integer({ min: 0, max: 200 }), (anchor, interval, count, index) => {
        const boundary = periodStartFor(anchor, interval, count, index);
        const expectedDay = Math.min(anchor.getUTCDate(), daysInMonth(boundary.getUTCFullYear(), boundary.getUTCMonth()));
        const months = (boundary.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + boundary.getUTCMonth() - anchor.getUTCMonth();
        expect(months).toBe(index * count * (interval === 'year' ? 12 : 1));
        expect(boundary.getUTCDate()).toBe(expectedDay);
        expect(boundary.getTime() % 86_400_000).toBe(anchor.getTime() % 86_400_000);
      }),
    );
  });

  it('each period ends where the next starts, strictly later than it began', () => {
    fc.assert(
      fc.property(anyAnchor, anyInterval, anyCount, fc.integer({ min: 0, max: 500 }), (anchor, interval, count, index) => {
        const end = periodEndFor(anchor, interval, count, index);
        expect(end.getTime()).toBe(periodStartFor(anchor, interval, count, index + 1).getTime());
        expect(end.getTime()).toBeGreaterThan(periodStartFor(anchor, interval, count, index).getTime());
      }),
    );
  });

  it('addInterval from the anchor equals the boundary computed by index', () => {
    fc.assert(
      fc.property(anyAnchor, anyInterval, anyCount, fc.integer({ min: 1, max: 100 }), (anchor, interval, count, index) => {
        expect(addInterval(anchor, interval, count * index).getTime()).toBe(periodStartFor(anchor, interval, count, index).getTime());
      }),
    );
  });
});
