// /v1/coupons: discounts a subscription redeems by code. The pricing rules (server/pricing/discounts.ts)
// check the terms; redemption limits and expiry are enforced when a subscription redeems one.
import { z } from 'zod';
import { createCoupon, getCoupon, listCoupons, type CouponRow } from '../../coupons';
import { couponDurations } from '../../pricing/discounts';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf, pageQuery, queryBoolean } from '../validation';

const couponInput = z.strictObject({
  code: z.string().meta({ description: '3 to 40 characters from A–Z, a–z, 0–9, "_" and "-"; unique whatever its case.' }),
  name: z.string().nullish(),
  percentOff: z
    .union([z.number(), z.string()])
    .nullish()
    .meta({ description: 'A percentage above 0 and at most 100 (`12.5`, or the decimal string `"12.5"`). Give either percentOff or amountOff with currency.' }),
  amountOff: z.int().nullish().meta({ description: 'An amount off each invoice, in minor units of `currency`.' }),
  currency: z.string().nullish().meta({ description: 'ISO 4217 code, any case; with amountOff only.' }),
  duration: z.enum(couponDurations).meta({ description: '`once` (the first invoice), `repeating` (durationInMonths months) or `forever`.' }),
  durationInMonths: z.int().nullish().meta({ description: 'With duration repeating only.' }),
  maxRedemptions: z.int().nullish().meta({ description: 'How many times the coupon can be redeemed in all; no limit unless given.' }),
  expiresAt: z.iso.datetime({ offset: true }).nullish().meta({ description: 'After this time it can no longer be redeemed; must be in the future.' }),
  appliesToProductIds: z.array(z.string()).nullish().meta({ description: 'Only lines of these products are discounted; every product unless given.' }),
});

export const Coupon = resource(
  'Coupon',
  'A discount, redeemed by its code when subscribing.',
  z.object({
    id: z.string(),
    code: z.string(),
    name: z.string().nullable(),
    percentOff: z.number().optional().meta({ description: 'Percentage off; absent for an amount coupon.' }),
    amountOff: z.int().optional().meta({ description: 'Minor units of `currency` off; absent for a percentage coupon.' }),
    currency: z.string().optional(),
    duration: z.enum(couponDurations),
    durationInMonths: z.int().optional(),
    maxRedemptions: z.int().optional(),
    timesRedeemed: z.int(),
    expiresAt: isoDateTime().optional(),
    appliesToProductIds: z.array(z.string()).meta({ description: 'Empty: every product.' }),
    active: z.boolean(),
    createdAt: isoDateTime(),
  }),
);

function presentCoupon(row: CouponRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    // Stored as an exact decimal string of at most 12 decimals; as a JSON number it reads back the same.
    percentOff: row.percentOff === null ? undefined : Number(row.percentOff),
    amountOff: row.amountOffMinor ?? undefined,
    currency: row.currency ?? undefined,
    duration: row.duration,
    durationInMonths: row.durationInMonths ?? undefined,
    maxRedemptions: row.maxRedemptions ?? undefined,
    timesRedeemed: row.timesRedeemed,
    expiresAt: row.expiresAt ?? undefined,
    appliesToProductIds: row.appliesToProductIds,
    active: row.active,
    createdAt: row.createdAt,
  };
}

export const couponEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/coupons',
    operationId: 'createCoupon',
    tag: 'Coupons',
    summary: 'Create a coupon',
    description:
      'Creates a coupon: a percentage, or an amount in one currency, off the invoices of the subscription that redeems it, for `once`, `repeating` or `forever`. A code already taken in any case is refused (409 on `code`); an unknown product in `appliesToProductIds` is 404.',
    body: couponInput,
    response: Coupon,
    status: 201,
    errors: [404, 409],
    handler: async ({ db, body, now }) => presentCoupon(await createCoupon(db, body, now)),
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/coupons',
    operationId: 'listCoupons',
    tag: 'Coupons',
    summary: 'List coupons',
    description: 'Coupons, newest first, optionally only active (or archived) ones.',
    query: z.strictObject({ ...pageQuery, active: queryBoolean('`true` for coupons that can be redeemed, `false` for archived ones.').optional() }),
    response: pageOf(Coupon),
    handler: async ({ db, query }) => {
      const page = await listCoupons(db, query);
      return { ...page, data: page.data.map(presentCoupon) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/coupons/:id',
    operationId: 'getCoupon',
    tag: 'Coupons',
    summary: 'Retrieve a coupon',
    description: 'One coupon by id, with how many times it has been redeemed.',
    response: Coupon,
    handler: async ({ db, params }) => presentCoupon(await getCoupon(db, params.id)),
  }),
];
