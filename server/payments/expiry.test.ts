import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiryState } from './methods';

describe('card expiry', () => {
  it('works through its expiry month, is "expiring soon" from the month before, expired after', () => {
    const card = { expMonth: 3, expYear: 2027 };
    expect(expiryState(card, new Date('2027-01-31T23:59:59Z'))).toBe('ok');
    expect(expiryState(card, new Date('2027-02-01T00:00:00Z'))).toBe('expires_soon');
    expect(expiryState(card, new Date('2027-03-31T23:59:59Z'))).toBe('expires_soon');
    expect(expiryState(card, new Date('2027-04-01T00:00:00Z'))).toBe('expired');
    expect(expiryState({ expMonth: 1, expYear: 2027 }, new Date('2026-12-15T00:00:00Z'))).toBe('expires_soon');
    expect(expiryState({ expMonth: null, expYear: null }, new Date('2099-01-01T00:00:00Z'))).toBe('ok');
  });

  it('only ever moves forward in time: ok → expires_soon → expired', () => {
    const order = { ok: 0, expires_soon: 1, expired: 2 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2020, max: 2040 }), fc.date({ min: new Date('2019-01-01'), max: new Date('2041-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 400 }), (expMonth, expYear, at, days) => {
        const later = new Date(at.getTime() + days * 86_400_000);
        expect(order[expiryState({ expMonth, expYear }, later)]).toBeGreaterThanOrEqual(order[expiryState({ expMonth, expYear }, at)]);
      }),
    );
  });
});
