import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction, type Fraction } from '../money';
import { refusal } from './test-helpers';
import { invoiceTotals, lineTotals, type TaxableLine } from './totals';

const twentyPercent = fraction(1n, 5n);
const line = (amountMinor: bigint, taxRate: Fraction | null, taxBehavior: 'exclusive' | 'inclusive' = 'exclusive', discountMinor = 0n): TaxableLine => ({
  amountMinor,
  discountMinor,
  taxRate,
  taxBehavior,
});

describe('lineTotals', () => {
  it('adds exclusive tax on the discounted amount, rounded once', () => {
    expect(lineTotals(line(999n, twentyPercent))).toEqual({ taxableMinor: 999n, netMinor: 999n, taxMinor: 200n, totalMinor: 1199n }); // 199.8 → 200
    expect(lineTotals(line(1000n, twentyPercent, 'exclusive', 100n))).toEqual({ taxableMinor: 900n, netMinor: 900n, taxMinor: 180n, totalMinor: 1080n });
  });

  it('takes inclusive tax out of the amount: tax = taxable × rate / (1 + rate)', () => {
    expect(lineTotals(line(1200n, twentyPercent, 'inclusive'))).toEqual({ taxableMinor: 1200n, netMinor: 1000n, taxMinor: 200n, totalMinor: 1200n });
    expect(lineTotals(line(999n, twentyPercent, 'inclusive'))).toEqual({ taxableMinor: 999n, netMinor: 832n, taxMinor: 167n, totalMinor: 999n }); // 166.5 → 167
  });

  it('charges no tax on an untaxed line or at 0 %', () => {
    expect(lineTotals(line(500n, null))).toEqual({ taxableMinor: 500n, netMinor: 500n, taxMinor: 0n, totalMinor: 500n });
    expect(lineTotals(line(500n, fraction(0n), 'inclusive')).taxMinor).toBe(0n);
  });

  it('taxes a credit line symmetrically', () => {
    expect(lineTotals(line(-999n, twentyPercent))).toEqual({ taxableMinor: -999n, netMinor: -999n, taxMinor: -200n, totalMinor: -1199n });
  });

  it.each<[string, TaxableLine, string]>([
    ['a discount above the amount', line(100n, twentyPercent, 'exclusive', 101n), 'line.discountMinor'],
    ['a negative discount', line(100n, twentyPercent, 'exclusive', -1n), 'line.discountMinor'],
    ['a discount on a credit line', line(-100n, twentyPercent, 'exclusive', 10n), 'line.discountMinor'],
    ['a negative tax rate', line(100n, fraction(-1n, 5n)), 'line.taxRate'],
    ['an unknown tax behaviour', line(100n, twentyPercent, 'included' as never), 'line.taxBehavior'],
    ['an amount beyond 2^53 − 1', line(2n ** 53n, null), 'line.amountMinor'],
  ])('refuses %s', (_case, input, param) => {
    expect(() => lineTotals(input)).toThrow(refusal(param));
  });
});

describe('invoiceTotals', () => {
  it('sums line figures and groups tax by rate', () => {
    const totals = invoiceTotals([
      line(1000n, twentyPercent, 'exclusive', 100n),
      line(1200n, { numerator: 20n, denominator: 100n }, 'inclusive'), // 20 % written unreduced: same group
      line(500n, null),
      line(999n, fraction(11n, 200n)), // 5.5 % of 999 = 54.945 → 55
    ]);
    expect(totals).toMatchObject({ subtotalMinor: 3699n, discountTotalMinor: 100n, taxTotalMinor: 435n, totalMinor: 3834n });
    expect(totals.lines.map((each) => each.totalMinor)).toEqual([1080n, 1200n, 500n, 1054n]);
    expect(totals.taxByRate).toEqual([
      { rate: null, netMinor: 500n, taxMinor: 0n },
      { rate: fraction(11n, 200n), netMinor: 999n, taxMinor: 55n },
      { rate: twentyPercent, netMinor: 1900n, taxMinor: 380n },
    ]);
  });

  it('follows the documented rule: tax per line, summed, never recomputed on the subtotal', () => {
    // Each 3-cent line carries 0.6 → 1 cent; taxing the 9-cent subtotal would give 1.8 → 2.
    const totals = invoiceTotals([line(3n, twentyPercent), line(3n, twentyPercent), line(3n, twentyPercent)]);
    expect(totals.taxTotalMinor).toBe(3n);
    expect(totals.totalMinor).toBe(12n);
  });

  it('has all-zero totals for no lines', () => {
    expect(invoiceTotals([])).toEqual({ lines: [], subtotalMinor: 0n, discountTotalMinor: 0n, taxTotalMinor: 0n, totalMinor: 0n, taxByRate: [] });
  });

  it('names the offending line', () => {
    expect(() => invoiceTotals([line(100n, null), line(100n, null, 'exclusive', 200n)])).toThrow(refusal('lines[1].discountMinor'));
  });

  const rates = fc.constantFrom<Fraction | null>(null, fraction(0n), twentyPercent, fraction(11n, 200n), fraction(7n, 100n), fraction(1n, 3n));
  const anyLine = fc
    .record({
      amountMinor: fc.bigInt({ min: -(10n ** 6n), max: 10n ** 9n }),
      discountPerMille: fc.bigInt({ min: 0n, max: 1000n }),
      taxRate: rates,
      taxBehavior: fc.constantFrom('exclusive' as const, 'inclusive' as const),
    })
    .map(({ amountMinor, discountPerMille, taxRate, taxBehavior }) => line(amountMinor, taxRate, taxBehavior, amountMinor > 0n ? (amountMinor * discountPerMille) / 1000n : 0n));
  const sumOf = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);

  it('the invoice is always the sum of its lines', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 15 }), (lines) => {
        const totals = invoiceTotals(lines);
        expect(totals.subtotalMinor).toBe(sumOf(lines.map((each) => each.amountMinor)));
        expect(totals.discountTotalMinor).toBe(sumOf(lines.map((each) => each.discountMinor)));
        expect(totals.taxTotalMinor).toBe(sumOf(totals.lines.map((each) => each.taxMinor)));
        expect(totals.totalMinor).toBe(sumOf(totals.lines.map((each) => each.totalMinor)));
        const exclusiveTax = sumOf(totals.lines.filter((_, index) => lines[index]!.taxBehavior === 'exclusive').map((each) => each.taxMinor));
        expect(totals.totalMinor).toBe(totals.subtotalMinor - totals.discountTotalMinor + exclusiveTax);
        expect(sumOf(totals.taxByRate.map((group) => group.taxMinor))).toBe(totals.taxTotalMinor);
        expect(sumOf(totals.taxByRate.map((group) => group.netMinor))).toBe(sumOf(totals.lines.map((each) => each.netMinor)));
      }),
    );
  });

  it('the totals do not depend on the order of the lines', () => {
    fc.assert(
      fc.property(
        fc.array(anyLine, { maxLength: 15 }).chain((lines) => fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length }))),
        ([lines, shuffled]) => {
          const { lines: _inOrder, ...original } = invoiceTotals(lines);
          const { lines: _shuffledOrder, ...reordered } = invoiceTotals(shuffled);
          expect(reordered).toEqual(original);
        },
      ),
    );
  });

  it('every line satisfies net + tax = taxable (inclusive) or net + tax = total (both)', () => {
    fc.assert(
      fc.property(anyLine, (each) => {
        const result = lineTotals(each);
        expect(result.netMinor + result.taxMinor).toBe(result.totalMinor);
        if (each.taxBehavior === 'inclusive') expect(result.netMinor + result.taxMinor).toBe(result.taxableMinor);
      }),
    );
  });
});
