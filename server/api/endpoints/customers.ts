// /v1/customers: billing accounts — who is billed, where, in which currency, on what terms.
import { z } from 'zod';
import { createCustomer, getCustomer, listCustomers, updateCustomer, type Customer as CustomerRow } from '../../customers';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf, pageQuery } from '../validation';

const locales = ['en', 'fr'] as const;
const collectionMethods = ['charge_automatically', 'send_invoice'] as const;

const taxIdsInput = z
  .array(z.strictObject({ type: z.literal('eu_vat'), value: z.string().meta({ description: 'An EU VAT number, with its country prefix: "FR 36 851 234 566".' }) }))
  .nullish();

const paymentTermsInput = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('due_on_receipt') }),
    z.strictObject({ type: z.literal('net'), days: z.int().meta({ description: '1 to 365.' }) }),
  ])
  .nullish()
  .meta({ description: 'Default due on receipt.' });

const addressInput = z.strictObject({
  line1: z.string(),
  line2: z.string().nullish(),
  city: z.string(),
  postalCode: z.string(),
  state: z.string().nullish(),
  country: z.string().meta({ description: 'ISO 3166-1 alpha-2, any case: "fr".' }),
});

const customerInput = z.strictObject({
  name: z.string(),
  email: z.string(),
  currency: z.string().meta({ description: 'ISO 4217 code, any case. Fixed once an invoice has been issued in it.' }),
  locale: z.enum(locales).nullish().meta({ description: 'Language of documents and e-mails (default en).' }),
  address: addressInput,
  taxIds: taxIdsInput,
  paymentTerms: paymentTermsInput,
  collectionMethod: z.enum(collectionMethods).nullish().meta({ description: 'Default charge_automatically.' }),
});

/** Every field optional, the address too and each of its fields: only what is sent changes. */
const customerPatch = customerInput.partial().extend({ address: addressInput.partial().optional() });

export const Customer = resource(
  'Customer',
  'A billing account.',
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    currency: z.string().meta({ description: 'Upper-case ISO 4217.' }),
    locale: z.string(),
    address: z.object({
      line1: z.string().nullable(),
      line2: z.string().nullable(),
      city: z.string().nullable(),
      postalCode: z.string().nullable(),
      state: z.string().nullable(),
      country: z.string(),
    }),
    taxIds: z.array(z.object({ type: z.literal('eu_vat'), value: z.string(), country: z.string() })),
    paymentTerms: z.discriminatedUnion('type', [z.object({ type: z.literal('due_on_receipt') }), z.object({ type: z.literal('net'), days: z.int() })]),
    collectionMethod: z.enum(collectionMethods),
    creditBalance: z.int().meta({ description: 'Credit owed to the customer, in minor units of `currency`, applied to the next invoices.' }),
    createdAt: isoDateTime(),
  }),
);

function presentCustomer(row: CustomerRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    currency: row.currency,
    locale: row.locale,
    address: { line1: row.addressLine1, line2: row.addressLine2, city: row.city, postalCode: row.postalCode, state: row.state, country: row.country },
    taxIds: row.taxIds,
    paymentTerms: row.paymentTermsDays === 0 ? { type: 'due_on_receipt' as const } : { type: 'net' as const, days: row.paymentTermsDays },
    collectionMethod: row.collectionMethod,
    creditBalance: row.creditBalanceMinor,
    createdAt: row.createdAt,
  };
}

export const customerEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/customers',
    operationId: 'createCustomer',
    tag: 'Customers',
    summary: 'Create a customer',
    description: 'Creates a billing account. The e-mail is normalised to lower case, the country and VAT numbers are checked.',
    body: customerInput,
    response: Customer,
    status: 201,
    handler: async ({ db, body, now }) => presentCustomer(await createCustomer(db, { ...body, createdAt: now })),
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/customers',
    operationId: 'listCustomers',
    tag: 'Customers',
    summary: 'List customers',
    description: 'Customers, newest first, optionally only those with one e-mail address.',
    query: z.strictObject({ ...pageQuery, email: z.string().max(254).optional().meta({ description: 'Exact e-mail address, any case.' }) }),
    response: pageOf(Customer),
    handler: async ({ db, query }) => {
      const page = await listCustomers(db, query);
      return { ...page, data: page.data.map(presentCustomer) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/customers/:id',
    operationId: 'getCustomer',
    tag: 'Customers',
    summary: 'Retrieve a customer',
    description: 'One customer by id.',
    response: Customer,
    handler: async ({ db, params }) => presentCustomer(await getCustomer(db, params.id)),
  }),
  defineEndpoint({
    method: 'PATCH',
    path: '/v1/customers/:id',
    operationId: 'updateCustomer',
    tag: 'Customers',
    summary: 'Update a customer',
    description:
      'Changes the fields given, leaving the others; within `address`, only the fields given change. Changes apply to future invoices: issued ones keep their snapshot. The currency cannot change once an invoice has been issued in it (409).',
    body: customerPatch,
    response: Customer,
    errors: [409],
    handler: async ({ db, params, body }) => presentCustomer(await updateCustomer(db, params.id, body)),
  }),
];
