import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction, multiply, parseDecimal, roundHalfAwayFromZero } from '../money';
import { applyDiscount, couponAppliesToInvoice, couponEndsAt, validateCoupon, type CouponInput, type DiscountableLine } from './discounts';
import { refusal } from './test-helpers';

const tenPercent = validateCoupon({ percentOff: '10', duration: 'forever' });
const usdOff = (amountOff: number) => validateCoupon({ amountOff, currency: 'USD', duration: 'once' });

describe('validateCoupon', () => {
  it('normalises percentage and amount coupons', () => {
    expect(validateCoupon({ percentOff: '12.50', duration: 'repeating', durationInMonths: 3 })).toEqual({
      percentOff: '12.5',
      amountOff: null,
      currency: null,
      duration: 'repeating',
      durationInMonths: 3,
    });
    expect(validateCoupon({ amountOff: '500', currency: 'eur', duration: 'once', percentOff: null })).toEqual({
      percentOff: null,
      amountOff: 500n,
      currency: 'EUR',
      duration: 'once',
      durationInMonths: null,
    });
    expect(validateCoupon({ percentOff: '100', duration: 'forever' }).percentOff).toBe('100');
    expect(validateCoupon({ percentOff: '0.01', duration: 'forever' }).percentOff).toBe('0.01');
  });

  it.each<[string, CouponInput, string]>([
    ['a discount above 100 %', { percentOff: '101', duration: 'once' }, 'percentOff'],
    ['a discount just above 100 %', { percentOff: '100.01', duration: 'once' }, 'percentOff'],
    ['a discount of 0 %', { percentOff: '0', duration: 'once' }, 'percentOff'],
    ['a negative discount', { percentOff: '-5', duration: 'once' }, 'percentOff'],
    ['a percentage that is not a decimal', { percentOff: 'ten', duration: 'once' }, 'percentOff'],
    ['a percentage sent as a number', { percentOff: 10 as never, duration: 'once' }, 'percentOff'],
    ['both a percentage and an amount', { percentOff: '10', amountOff: 500, currency: 'USD', duration: 'once' }, 'percentOff'],
    ['neither a percentage nor an amount', { duration: 'once' }, 'percentOff'],
    ['a currency on a percentage coupon', { percentOff: '10', currency: 'USD', duration: 'once' }, 'currency'],
    ['an amount of 0', { amountOff: 0, currency: 'USD', duration: 'once' }, 'amountOff'],
    ['a negative amount', { amountOff: -100, currency: 'USD', duration: 'once' }, 'amountOff'],
    ['a fractional amount', { amountOff: 1.5, currency: 'USD', duration: 'once' }, 'amountOff'],
    ['an amount beyond 2^53 − 1', { amountOff: 2n ** 53n, currency: 'USD', duration: 'once' }, 'amountOff'],
    ['an amount without a currency', { amountOff: 500, duration: 'once' }, 'currency'],
    ['an amount in an unknown currency', { amountOff: 500, currency: 'XYZ', duration: 'once' }, 'currency'],
    ['an unknown duration', { percentOff: '10', duration: 'weekly' as never }, 'duration'],
    ['a repeating coupon without durationInMonths', { percentOff: '10', duration: 'repeating' }, 'durationInMonths'],
    ['a repeating coupon for 0 months', { percentOff: '10', duration: 'repeating', durationInMonths: 0 }, 'durationInMonths'],
    ['a fractional durationInMonths', { percentOff: '10', duration: 'repeating', durationInMonths: 1.5 }, 'durationInMonths'],
    ['durationInMonths above ten years', { percentOff: '10', duration: 'repeating', durationInMonths: 121 }, 'durationInMonths'],
    ['durationInMonths on a once coupon', { percentOff: '10', duration: 'once', durationInMonths: 3 }, 'durationInMonths'],
    ['durationInMonths on a forever coupon', { percentOff: '10', duration: 'forever', durationInMonths: 3 }, 'durationInMonths'],
  ])('refuses %s', (_case, input, param) => {
    expect(() => validateCoupon(input)).toThrow(refusal(param));
  });
});

describe('applyDiscount', () => {
  const lines: DiscountableLine[] = [
    { id: 'line_a', amountMinor: 1000n, eligible: true },
    { id: 'line_b', amountMinor: 2000n, eligible: false },
    { id: 'line_c', amountMinor: 333n, eligible: true },
  ];

  it('takes a percentage of the eligible subtotal, rounded once, and spreads it by largest remainder', () => {
    // 10 % of 1,333 = 133.3 → 133; shares 99.77… and 33.22…: the spare unit goes to the larger remainder.
    expect(applyDiscount(lines, tenPercent, 'USD')).toEqual(
      new Map([
        ['line_a', 100n],
        ['line_b', 0n],
        ['line_c', 33n],
      ]),
    );
  });

  it('caps a fixed amount at the eligible subtotal, so a total never goes negative', () => {
    expect(applyDiscount(lines, usdOff(5000), 'USD')).toEqual(
      new Map([
        ['line_a', 1000n],
        ['line_b', 0n],
        ['line_c', 333n],
      ]),
    );
  });

  it('breaks ties by id, so line order does not matter', () => {
    const equal: DiscountableLine[] = ['line_c', 'line_a', 'line_b'].map((id) => ({ id, amountMinor: 100n, eligible: true }));
    const expected = new Map([
      ['line_a', 34n],
      ['line_b', 33n],
      ['line_c', 33n],
    ]);
    expect(applyDiscount(equal, usdOff(100), 'USD')).toEqual(expected);
    expect(applyDiscount([...equal].reverse(), usdOff(100), 'USD')).toEqual(expected);
  });

  it('discounts nothing when no line is eligible, and ignores negative ineligible lines', () => {
    const credits: DiscountableLine[] = [{ id: 'credit', amountMinor: -500n, eligible: false }];
    expect(applyDiscount(credits, tenPercent, 'USD')).toEqual(new Map([['credit', 0n]]));
    expect(applyDiscount([], tenPercent, 'USD')).toEqual(new Map());
  });

  it('takes a percentage coupon on any currency', () => {
    expect(applyDiscount([{ id: 'x', amountMinor: 1005n, eligible: true }], validateCoupon({ percentOff: '50', duration: 'once' }), 'JPY').get('x')).toBe(503n);
  });

  it('refuses an amount coupon in another currency than the invoice', () => {
    expect(() => applyDiscount(lines, usdOff(100), 'EUR')).toThrow(refusal('currency'));
  });

  it('refuses an unknown invoice currency, a repeated line id, and a negative eligible line', () => {
    expect(() => applyDiscount(lines, tenPercent, 'XYZ')).toThrow(refusal('invoiceCurrency'));
    expect(() => applyDiscount([lines[0]!, lines[0]!], tenPercent, 'USD')).toThrow(refusal('lines[1].id'));
    expect(() => applyDiscount([{ id: 'credit', amountMinor: -1n, eligible: true }], tenPercent, 'USD')).toThrow(refusal('lines[0].amountMinor'));
  });

  const line = fc.record({ amountMinor: fc.bigInt({ min: 0n, max: 10n ** 9n }), eligible: fc.boolean() });
  const lineList = fc.array(line, { maxLength: 12 }).map((list) => list.map((each, index): DiscountableLine => ({ id: `line_${index}`, ...each })));
  const coupon = fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((hundredths) => validateCoupon({ percentOff: (hundredths / 100).toFixed(2), duration: 'forever' })),
    fc.integer({ min: 1, max: 2_000_000_000 }).map((amountOff) => usdOff(amountOff)),
  );

  it('allocations always add up to the invoice discount exactly and never exceed a line', () => {
    fc.assert(
      fc.property(lineList, coupon, (list, chosen) => {
        const discounts = applyDiscount(list, chosen, 'USD');
        const eligibleSubtotal = list.filter((each) => each.eligible).reduce((total, each) => total + each.amountMinor, 0n);
        const invoiceDiscount =
          chosen.percentOff !== null
            ? roundHalfAwayFromZero(multiply(fraction(eligibleSubtotal), multiply(parseDecimal(chosen.percentOff), fraction(1n, 100n))))
            : chosen.amountOff < eligibleSubtotal
              ? chosen.amountOff
              : eligibleSubtotal;
        expect([...discounts.values()].reduce((total, each) => total + each, 0n)).toBe(invoiceDiscount);
        for (const each of list) {
          const discount = discounts.get(each.id)!;
          expect(discount).toBeGreaterThanOrEqual(0n);
          expect(discount).toBeLessThanOrEqual(each.eligible ? each.amountMinor : 0n);
        }
      }),
    );
  });

  it('allocations do not depend on line order', () => {
    fc.assert(
      fc.property(
        lineList.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        coupon,
        ([list, shuffled], chosen) => {
          expect(applyDiscount(shuffled, chosen, 'USD')).toEqual(applyDiscount(list, chosen, 'USD'));
        },
      ),
    );
  });
});

describe('couponAppliesToInvoice', () => {
  const redeemedAt = new Date('2030-01-31T10:00:00Z');
  const applies = (input: CouponInput, invoiceAt: string, timesApplied = 0) =>
    couponAppliesToInvoice(validateCoupon(input), { redeemedAt, invoiceAt: new Date(invoiceAt), timesApplied });

  it('once: the first invoice only', () => {
    expect(applies({ percentOff: '10', duration: 'once' }, '2030-01-31T10:00:00Z')).toBe(true);
    expect(applies({ percentOff: '10', duration: 'once' }, '2030-02-28T10:00:00Z', 1)).toBe(false);
  });

  it('forever: every invoice from redemption on', () => {
    expect(applies({ percentOff: '10', duration: 'forever' }, '2040-01-01T00:00:00Z', 120)).toBe(true);
  });

  it('never an invoice created before redemption', () => {
    expect(applies({ percentOff: '10', duration: 'forever' }, '2030-01-31T09:59:59Z')).toBe(false);
    expect(applies({ percentOff: '10', duration: 'once' }, '2030-01-01T00:00:00Z')).toBe(false);
  });

  it('repeating: invoices created within N calendar months, a month-end redemption ending at the target month’s end', () => {
    const threeMonths: CouponInput = { percentOff: '10', duration: 'repeating', durationInMonths: 3 };
    expect(couponEndsAt(validateCoupon(threeMonths), redeemedAt)).toEqual(new Date('2030-04-30T10:00:00Z'));
    expect(applies(threeMonths, '2030-04-30T09:59:59.999Z', 3)).toBe(true);
    expect(applies(threeMonths, '2030-04-30T10:00:00Z', 3)).toBe(false);
    const oneMonth = validateCoupon({ percentOff: '10', duration: 'repeating', durationInMonths: 1 });
    expect(couponEndsAt(oneMonth, new Date('2032-01-31T00:00:00Z'))).toEqual(new Date('2032-02-29T00:00:00Z'));
    expect(couponEndsAt(oneMonth, new Date('2030-12-15T08:30:00Z'))).toEqual(new Date('2031-01-15T08:30:00Z'));
    expect(couponEndsAt(tenPercent, redeemedAt)).toBeNull();
  });

  it('repeating on a yearly plan: only the invoices inside the window', () => {
    const coupon = validateCoupon({ percentOff: '10', duration: 'repeating', durationInMonths: 3 });
    const start = new Date('2030-01-01T00:00:00Z');
    expect(couponAppliesToInvoice(coupon, { redeemedAt: start, invoiceAt: start, timesApplied: 0 })).toBe(true);
    expect(couponAppliesToInvoice(coupon, { redeemedAt: start, invoiceAt: new Date('2031-01-01T00:00:00Z'), timesApplied: 1 })).toBe(false);
  });

  it('refuses invalid dates and counts', () => {
    expect(() => couponAppliesToInvoice(tenPercent, { redeemedAt, invoiceAt: new Date('nope'), timesApplied: 0 })).toThrow(refusal('invoiceAt'));
    expect(() => couponAppliesToInvoice(tenPercent, { redeemedAt: new Date('nope'), invoiceAt: redeemedAt, timesApplied: 0 })).toThrow(refusal('redeemedAt'));
    expect(() => couponAppliesToInvoice(tenPercent, { redeemedAt, invoiceAt: redeemedAt, timesApplied: -1 })).toThrow(refusal('timesApplied'));
  });
});
