// The one rounding rule of the reports, and the month grid every monthly series is cut on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthPoints } from './filter';
import { basisPoints, divRound, tenthsOfDay } from './numbers';

describe('divRound', () => {
  it('rounds halves away from zero', () => {
    expect([divRound(5n, 2n), divRound(-5n, 2n), divRound(7n, 3n), divRound(8n, 3n), divRound(-8n, 3n)]).toEqual([3n, -3n, 2n, 3n, -3n]);
  });

  it('is never more than half a unit from the exact quotient', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const q = divRound(n, d);
        // |n − q·d| ≤ d/2, i.e. |2n − 2qd| ≤ d
        const gap = 2n * n - 2n * q * d;
        expect(gap <= d && gap >= -d).toBe(true);
      }),
    );
  });
});

describe('ratios and days', () => {
  it('gives basis points and tenths of a day, null without a denominator', () => {
    expect(basisPoints(2, 3)).toBe(6667);
    expect(basisPoints(1n, 0n)).toBeNull();
    expect(tenthsOfDay(86_400n * 3n + 43_200n)).toBe(35);
    expect(tenthsOfDay(1n, 0)).toBeNull();
  });
});

describe('monthPoints', () => {
  it('steps by calendar month from the start and ends on the end', () => {
    expect(monthPoints({ from: new Date('2026-01-31T00:00:00Z'), to: new Date('2026-03-15T00:00:00Z') }).map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-01-31', '2026-02-28', '2026-03-15']);
    expect(monthPoints({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') })).toHaveLength(4);
  });

  it('is strictly increasing, starts at from and ends at to', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 800 * 86_400_000 }), (from, span) => {
        const to = new Date(from.getTime() + span);
        const points = monthPoints({ from, to });
        expect(points[0]).toEqual(from);
        expect(points.at(-1)).toEqual(to);
        for (let i = 1; i < points.length; i++) expect(points[i]!.getTime()).toBeGreaterThan(points[i - 1]!.getTime());
      }),
    );
  });
});
