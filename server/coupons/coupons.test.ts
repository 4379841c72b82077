import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { couponRedemptions, coupons } from '@/db/schema';
import { createProduct } from '../catalog';
import { createCustomer } from '../customers';
import { createTestDatabase } from '../testing/database';
import { archiveCoupon, couponDefinition, createCoupon, getCoupon, getCouponByCode, listCoupons, redeemCoupon, type CouponCreateInput } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-06-01T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const dayMs = 24 * 60 * 60 * 1000;

let codeCounter = 0;
const uniqueCode = (prefix = 'C') => `${prefix}${++codeCounter}_${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

const makeCustomer = (currency = 'EUR') => createCustomer(handle.db, { name: 'Atelier Ferrand', email: 'billing@ferrand.example', currency, address: { country: 'FR' } });

const countRows = async () => ({
  coupons: (await handle.db.select().from(coupons)).length,
  redemptions: (await handle.db.select().from(couponRedemptions)).length,
});

const redemptionsOf = (couponId: string) => handle.db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, couponId));

describe('creating coupons', () => {
  it('stores a percentage as a canonical decimal string, whether it came as a number or a string', async () => {
    const fromNumber = await createCoupon(handle.db, { code: uniqueCode(), percentOff: 12.5, duration: 'once' }, now);
    expect(fromNumber).toMatchObject({ percentOff: '12.5', amountOffMinor: null, currency: null, duration: 'once', timesRedeemed: 0, active: true, createdAt: now });
    const fromString = await createCoupon(handle.db, { code: uniqueCode(), name: '  Spring  ', percentOff: '020.50', duration: 'forever' }, now);
    expect(fromString).toMatchObject({ percentOff: '20.5', name: 'Spring' });
    expect(couponDefinition(fromString)).toEqual({ percentOff: '20.5', amountOff: null, currency: null, duration: 'forever', durationInMonths: null });
  });

  it('stores an amount coupon with its currency, and a repeating one with its months', async () => {
    const row = await createCoupon(handle.db, { code: uniqueCode(), amountOff: '1500', currency: 'eur', duration: 'repeating', durationInMonths: 3 }, now);
    expect(row).toMatchObject({ percentOff: null, amountOffMinor: 1500n, currency: 'EUR', duration: 'repeating', durationInMonths: 3 });
    expect(couponDefinition(row)).toEqual({ percentOff: null, amountOff: 1500n, currency: 'EUR', duration: 'repeating', durationInMonths: 3 });
  });

  it('stores the expiry, the redemption limit and the products it is limited to', async () => {
    const first = await createProduct(handle.db, { name: 'Seats' }, now);
    const second = await createProduct(handle.db, { name: 'Storage' }, now);
    const expiresAt = later(30 * dayMs);
    const row = await createCoupon(
      handle.db,
      { code: uniqueCode(), percentOff: '10', duration: 'once', maxRedemptions: 7, expiresAt: expiresAt.toISOString(), appliesToProductIds: [first.id, second.id, first.id] },
      now,
    );
    const stored = await getCoupon(handle.db, row.id);
    expect(stored.expiresAt).toEqual(expiresAt);
    expect(stored.maxRedemptions).toBe(7);
    expect(stored.appliesToProductIds).toEqual([first.id, second.id]);
    const everyProduct = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once' }, now);
    expect(everyProduct).toMatchObject({ appliesToProductIds: [], expiresAt: null, maxRedemptions: null });
  });

  it('treats codes as unique whatever their case: a taken code is a CONFLICT on code', async () => {
    const code = uniqueCode('Summer');
    const row = await createCoupon(handle.db, { code: code.toLowerCase(), percentOff: '5', duration: 'once' }, now);
    expect(row.code).toBe(code.toLowerCase());
    const before = await countRows();
    await expect(createCoupon(handle.db, { code: code.toUpperCase(), amountOff: 100, currency: 'EUR', duration: 'once' }, now)).rejects.toMatchObject({
      code: 'CONFLICT',
      param: 'code',
    });
    expect(await countRows()).toEqual(before);
    expect((await getCouponByCode(handle.db, ` ${code.toUpperCase()} `)).id).toBe(row.id);
    await expect(getCouponByCode(handle.db, 'NO_SUCH_CODE')).rejects.toMatchObject({ code: 'NOT_FOUND', param: 'code' });
  });

  it('refuses a taken code inside a transaction without aborting the transaction', async () => {
    const code = uniqueCode();
    await createCoupon(handle.db, { code, percentOff: '5', duration: 'once' }, now);
    const survivor = uniqueCode();
    await handle.db.transaction(async (tx) => {
      await expect(createCoupon(tx, { code, percentOff: '5', duration: 'once' }, now)).rejects.toMatchObject({ code: 'CONFLICT' });
      await createCoupon(tx, { code: survivor, percentOff: '5', duration: 'once' }, now);
    });
    expect((await getCouponByCode(handle.db, survivor)).code).toBe(survivor);
  });

  const valid: CouponCreateInput = { code: 'VALID_CODE', percentOff: '10', duration: 'once' };
  it.each<[string, Partial<CouponCreateInput> & Record<string, unknown>, string, string?]>([
    ['a percentage above 100', { percentOff: '100.01' }, 'percentOff'],
    ['a percentage of 0', { percentOff: 0 }, 'percentOff'],
    ['a percentage that is not a decimal', { percentOff: '1e2' }, 'percentOff'],
    ['a percentage that is not finite', { percentOff: Number.POSITIVE_INFINITY }, 'percentOff'],
    ['both a percentage and an amount', { amountOff: 100, currency: 'EUR' }, 'percentOff'],
    ['neither a percentage nor an amount', { percentOff: null }, 'percentOff'],
    ['an unknown currency', { percentOff: null, amountOff: 100, currency: 'ABC' }, 'currency'],
    ['an amount without a currency', { percentOff: null, amountOff: 100 }, 'currency'],
    ['an amount beyond 2^53', { percentOff: null, amountOff: 2 ** 53, currency: 'EUR' }, 'amountOff'],
    ['an amount beyond 2^53 as a bigint', { percentOff: null, amountOff: 2n ** 64n, currency: 'EUR' }, 'amountOff'],
    ['a negative amount', { percentOff: null, amountOff: -5, currency: 'EUR' }, 'amountOff'],
    ['a fractional amount', { percentOff: null, amountOff: 10.5, currency: 'EUR' }, 'amountOff'],
    ['repeating without months', { duration: 'repeating' }, 'durationInMonths'],
    ['months on a once coupon', { durationInMonths: 3 }, 'durationInMonths'],
    ['an unknown duration', { duration: 'weekly' as never }, 'duration'],
    ['a code too short', { code: 'AB' }, 'code'],
    ['a code too long', { code: 'A'.repeat(41) }, 'code'],
    ['a code with a space', { code: 'SPRING SALE' }, 'code'],
    ['a code with an accent', { code: 'ÉTÉ2026' }, 'code'],
    ['a limit of 0 redemptions', { maxRedemptions: 0 }, 'maxRedemptions'],
    ['a fractional limit', { maxRedemptions: 2.5 }, 'maxRedemptions'],
    ['an expiry in the past', { expiresAt: new Date(now.getTime() - 1) }, 'expiresAt'],
    ['an expiry that is not a date', { expiresAt: 'next tuesday' }, 'expiresAt'],
    ['an unknown product', { appliesToProductIds: ['prod_nope'] }, 'appliesToProductIds[0]', 'NOT_FOUND'],
  ])('refuses %s, naming the field, and stores nothing', async (_label, change, param, code = 'VALIDATION_FAILED') => {
    const before = await countRows();
    await expect(createCoupon(handle.db, { ...valid, code: uniqueCode(), ...change } as CouponCreateInput, now)).rejects.toMatchObject({ code, param });
    expect(await countRows()).toEqual(before);
  });

  it('stores any valid percentage exactly as the pricing rules canonicalise it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10000 }), async (hundredths) => {
        const percentOff = (hundredths / 100).toFixed(2);
        const row = await createCoupon(handle.db, { code: uniqueCode('P'), percentOff, duration: 'forever' }, now);
        expect(Number(row.percentOff)).toBe(hundredths / 100);
        expect(row.percentOff).not.toMatch(/\.\d*0$|^0\d/);
      }),
      { numRuns: 25 },
    );
  });

  it('pages newest first and archives', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const code = uniqueCode('PAGE');
      codes.push(code);
      await createCoupon(handle.db, { code, percentOff: '1', duration: 'once' }, later(dayMs + i * 1000));
    }
    const first = await listCoupons(handle.db, { limit: 2 });
    expect(first.data.map((row) => row.code)).toEqual([codes[2], codes[1]]);
    const second = await listCoupons(handle.db, { limit: 1, cursor: first.nextCursor! });
    expect(second.data.map((row) => row.code)).toEqual([codes[0]]);

    const archived = await archiveCoupon(handle.db, first.data[0]!.id);
    expect(archived.active).toBe(false);
    expect((await listCoupons(handle.db, { active: false, limit: 100 })).data.map((row) => row.id)).toContain(archived.id);
    expect((await listCoupons(handle.db, { active: true, limit: 100 })).data.map((row) => row.id)).not.toContain(archived.id);
    await expect(archiveCoupon(handle.db, 'coupon_nope')).rejects.toMatchObject({ code: 'NOT_FOUND', param: 'id' });
    await expect(listCoupons(handle.db, { cursor: 'garbage' })).rejects.toMatchObject({ param: 'cursor' });
  });
});

describe('redeeming coupons', () => {
  it('counts the redemption and records who redeemed it, whatever the case of the code', async () => {
    const customer = await makeCustomer();
    const code = uniqueCode('WELCOME');
    const created = await createCoupon(handle.db, { code, percentOff: '10', duration: 'once', maxRedemptions: 2 }, now);
    const { coupon, redemption } = await redeemCoupon(handle.db, { code: code.toLowerCase(), customerId: customer.id, subscriptionId: 'sub_123', now: later(1000) });
    expect(coupon).toMatchObject({ id: created.id, timesRedeemed: 1 });
    expect(redemption).toMatchObject({ couponId: created.id, customerId: customer.id, subscriptionId: 'sub_123', redeemedAt: later(1000) });
    expect(redemption.id).toMatch(/^red_/);
    expect(await redemptionsOf(created.id)).toHaveLength(1);
  });

  it('refuses an unknown code or customer with NOT_FOUND', async () => {
    const customer = await makeCustomer();
    await expect(redeemCoupon(handle.db, { code: 'NO_SUCH_CODE', customerId: customer.id, now })).rejects.toMatchObject({ code: 'NOT_FOUND', param: 'couponCode' });
    const { code } = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once' }, now);
    await expect(redeemCoupon(handle.db, { code, customerId: 'cus_nope', now })).rejects.toMatchObject({ code: 'NOT_FOUND', param: 'customerId' });
  });

  it('refuses an expired coupon from the instant it expires, and counts nothing', async () => {
    const customer = await makeCustomer();
    const expiresAt = later(dayMs);
    const coupon = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once', expiresAt }, now);
    await redeemCoupon(handle.db, { code: coupon.code, customerId: customer.id, now: new Date(expiresAt.getTime() - 1) });
    const expired = redeemCoupon(handle.db, { code: coupon.code, customerId: customer.id, now: expiresAt });
    await expect(expired).rejects.toMatchObject({ code: 'COUPON_EXPIRED', param: 'couponCode', httpStatus: 422 });
    expect((await getCoupon(handle.db, coupon.id)).timesRedeemed).toBe(1);
    expect(await redemptionsOf(coupon.id)).toHaveLength(1);
  });

  it('refuses an archived coupon with CONFLICT', async () => {
    const customer = await makeCustomer();
    const coupon = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once' }, now);
    await archiveCoupon(handle.db, coupon.id);
    await expect(redeemCoupon(handle.db, { code: coupon.code, customerId: customer.id, now })).rejects.toMatchObject({ code: 'CONFLICT', param: 'couponCode' });
    expect(await redemptionsOf(coupon.id)).toHaveLength(0);
  });

  it('refuses once the limit is reached', async () => {
    const customer = await makeCustomer();
    const coupon = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once', maxRedemptions: 1 }, now);
    await redeemCoupon(handle.db, { code: coupon.code, customerId: customer.id, now });
    await expect(redeemCoupon(handle.db, { code: coupon.code, customerId: customer.id, now })).rejects.toMatchObject({
      code: 'COUPON_LIMIT_REACHED',
      param: 'couponCode',
      httpStatus: 422,
    });
    expect((await getCoupon(handle.db, coupon.id)).timesRedeemed).toBe(1);
  });

  it('refuses an amount coupon in another currency than the customer’s, without using a redemption', async () => {
    const customer = await makeCustomer('USD');
    const coupon = await createCoupon(handle.db, { code: uniqueCode(), amountOff: 500, currency: 'EUR', duration: 'once', maxRedemptions: 1 }, now);
    await expect(redeemCoupon(handle.db, { code: coupon.code, customerId: customer.id, now })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'couponCode' });
    expect((await getCoupon(handle.db, coupon.id)).timesRedeemed).toBe(0);
    // A percentage has no currency: it fits every account.
    const percent = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once' }, now);
    await expect(redeemCoupon(handle.db, { code: percent.code, customerId: customer.id, now })).resolves.toMatchObject({ coupon: { timesRedeemed: 1 } });
  });

  it('commits with the caller’s transaction and rolls back with it', async () => {
    const customer = await makeCustomer();
    const coupon = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once', maxRedemptions: 3 }, now);
    await expect(
      handle.db.transaction(async (tx) => {
        await redeemCoupon(tx, { code: coupon.code, customerId: customer.id, now });
        throw new Error('the subscription could not be created');
      }),
    ).rejects.toThrow('the subscription could not be created');
    expect((await getCoupon(handle.db, coupon.id)).timesRedeemed).toBe(0);
    expect(await redemptionsOf(coupon.id)).toHaveLength(0);

    // A refusal rolls back to its savepoint only: the caller's transaction goes on and commits.
    const spent = await createCoupon(handle.db, { code: uniqueCode(), percentOff: '10', duration: 'once', maxRedemptions: 1 }, now);
    await redeemCoupon(handle.db, { code: spent.code, customerId: customer.id, now });
    await handle.db.transaction(async (tx) => {
      await expect(redeemCoupon(tx, { code: spent.code, customerId: customer.id, now })).rejects.toMatchObject({ code: 'COUPON_LIMIT_REACHED' });
      await redeemCoupon(tx, { code: coupon.code, customerId: customer.id, now });
    });
    expect((await getCoupon(handle.db, coupon.id)).timesRedeemed).toBe(1);
  });

  it('lets exactly maxRedemptions of 30 simultaneous redemptions through', async () => {
    const customers = await Promise.all(Array.from({ length: 3 }, () => makeCustomer()));
    const coupon = await createCoupon(handle.db, { code: uniqueCode('RACE'), percentOff: '50', duration: 'once', maxRedemptions: 5 }, now);
    // Not wrapped in transactions here: on PGlite, whose one connection serialises transactions,
    // the calls' statements still interleave, so every call reads the coupon before any counts it
    // and only the conditional update can keep the limit.
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, index) => redeemCoupon(handle.db, { code: coupon.code, customerId: customers[index % 3]!.id, now })),
    );
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(fulfilled).toHaveLength(5);
    expect(refused.map((result) => (result.reason as { code?: string }).code)).toEqual(Array(25).fill('COUPON_LIMIT_REACHED'));
    expect((await getCoupon(handle.db, coupon.id)).timesRedeemed).toBe(5);
    expect(await redemptionsOf(coupon.id)).toHaveLength(5);
  });
});
