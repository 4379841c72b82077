// /v1/prices: how much a product costs, once or per period, per unit, per package or in tiers.
// A price never changes: archive it and create another. The pricing rules (server/pricing/price.ts)
// check every combination; the schemas here only check the shape.
import { z } from 'zod';
import { archivePrice, createPrice, getPrice, listPrices, priceInputOf, type PriceRow } from '../../catalog';
import { aggregations, billingSchemes, intervals, priceTypes, taxBehaviors, tiersModes, usageTypes } from '../../pricing/price';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf, pageQuery, queryBoolean } from '../validation';

const minorUnits = (description: string) => z.int().meta({ description });

const tierInput = z.strictObject({
  upTo: z.int().nullable().meta({ description: 'The last unit of this tier; null on the last tier, which covers every unit above.' }),
  unitAmount: minorUnits('Price per unit in minor units.').nullish(),
  unitAmountDecimal: z.string().nullish().meta({ description: 'Price per unit in minor units as a decimal string, when finer than a minor unit ("0.8").' }),
  flatAmount: minorUnits('A flat fee for reaching this tier, in minor units.').nullish(),
});

const priceInput = z.strictObject({
  productId: z.string(),
  nickname: z.string().nullish(),
  currency: z.string().meta({ description: 'ISO 4217 code, any case: "eur".' }),
  type: z.enum(priceTypes),
  recurring: z
    .strictObject({
      interval: z.enum(intervals),
      intervalCount: z.int().nullish().meta({ description: 'Intervals per billing period (default 1); a period is at most three years.' }),
      usageType: z.enum(usageTypes).nullish().meta({ description: 'Default licensed; metered prices bill reported usage.' }),
      metric: z.string().nullish().meta({ description: 'The usage metric a metered price bills.' }),
      aggregation: z.enum(aggregations).nullish(),
    })
    .nullish()
    .meta({ description: 'Required for recurring prices, absent for one-time prices.' }),
  billingScheme: z.enum(billingSchemes),
  unitAmount: minorUnits('per_unit and package prices: the price of a unit (or package) in minor units.').nullish(),
  unitAmountDecimal: z.string().nullish().meta({ description: 'Instead of unitAmount, a decimal string of minor units ("0.8").' }),
  tiersMode: z.enum(tiersModes).nullish(),
  tiers: z.array(tierInput).nullish().meta({ description: 'tiered prices: ascending tiers, the last one with upTo null.' }),
  packageSize: z.int().nullish().meta({ description: 'package prices: units per package.' }),
  taxBehavior: z.enum(taxBehaviors),
  trialDays: z.int().nullish().meta({ description: 'Recurring prices only: free days before the first period.' }),
});

export const Price = resource(
  'Price',
  'The terms a product is sold on. Immutable once created, except for being archived.',
  z.object({
    id: z.string(),
    productId: z.string(),
    nickname: z.string().nullable(),
    currency: z.string().meta({ description: 'Upper-case ISO 4217.' }),
    type: z.enum(priceTypes),
    recurring: z
      .object({
        interval: z.enum(intervals),
        intervalCount: z.int(),
        usageType: z.enum(usageTypes),
        metric: z.string().nullable(),
        aggregation: z.enum(aggregations).nullable(),
      })
      .nullable(),
    billingScheme: z.enum(billingSchemes),
    unitAmount: minorUnits('Minor units; null for tiered prices and when unitAmountDecimal is set.').nullable(),
    unitAmountDecimal: z.string().nullable(),
    tiersMode: z.enum(tiersModes).nullable(),
    tiers: z
      .array(
        z.object({
          upTo: z.int().nullable(),
          unitAmount: z.int().optional(),
          unitAmountDecimal: z.string().optional(),
          flatAmount: z.int().optional(),
        }),
      )
      .nullable(),
    packageSize: z.int().nullable(),
    taxBehavior: z.enum(taxBehaviors),
    trialDays: z.int().nullable(),
    active: z.boolean(),
    createdAt: isoDateTime(),
  }),
);

function presentPrice(row: PriceRow) {
  return { id: row.id, productId: row.productId, nickname: row.nickname, ...priceInputOf(row), active: row.active, createdAt: row.createdAt };
}

export const priceEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/prices',
    operationId: 'createPrice',
    tag: 'Prices',
    summary: 'Create a price',
    description:
      'Creates a price for an active product. Fields that do not belong to the chosen `billingScheme` or `type` are refused rather than ignored; `param` names the field.',
    body: priceInput,
    response: Price,
    status: 201,
    errors: [409],
    handler: async ({ db, body, now }) => presentPrice(await createPrice(db, body, now)),
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/prices',
    operationId: 'listPrices',
    tag: 'Prices',
    summary: 'List prices',
    description: 'Prices, newest first, optionally of one product or only active (or archived) ones.',
    query: z.strictObject({
      ...pageQuery,
      productId: z.string().max(100).optional(),
      active: queryBoolean('`true` for prices that can be sold, `false` for archived ones.').optional(),
    }),
    response: pageOf(Price),
    handler: async ({ db, query }) => {
      const page = await listPrices(db, query);
      return { ...page, data: page.data.map(presentPrice) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/prices/:id',
    operationId: 'getPrice',
    tag: 'Prices',
    summary: 'Retrieve a price',
    description: 'One price by id, archived or not.',
    response: Price,
    handler: async ({ db, params }) => presentPrice(await getPrice(db, params.id)),
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/prices/:id/archive',
    operationId: 'archivePrice',
    tag: 'Prices',
    summary: 'Archive a price',
    description: 'Marks a price inactive (`active: false`); its terms never change. Archiving an archived price changes nothing.',
    response: Price,
    handler: async ({ db, params }) => presentPrice(await archivePrice(db, params.id)),
  }),
];
