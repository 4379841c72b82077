// The v1 REST API: every endpoint, in the order the document lists them. To add one, define it
// next to its siblings (endpoints/<resource>.ts) and add its list here.
import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { clockEndpoints } from './endpoints/clock';
import { couponEndpoints } from './endpoints/coupons';
import { creditNoteEndpoints } from './endpoints/credit-notes';
import { customerEndpoints } from './endpoints/customers';
import { invoiceEndpoints } from './endpoints/invoices';
import { paymentEndpoints } from './endpoints/payments';
import { priceEndpoints } from './endpoints/prices';
import { productEndpoints } from './endpoints/products';
import { subscriptionEndpoints } from './endpoints/subscriptions';
import { usageEndpoints } from './endpoints/usage';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi';
import { createRouter, type Router } from './router';

let document: OpenApiDocument | undefined;

const openApiEndpoint = defineEndpoint({
  method: 'GET',
  path: '/v1/openapi.json',
  operationId: 'getOpenApiDocument',
  tag: 'Meta',
  summary: 'This document',
  description: 'The OpenAPI 3.1 description of this API. No API key needed.',
  auth: 'none',
  response: z.record(z.string(), z.unknown()).meta({ description: 'An OpenAPI 3.1 document.' }),
  handler: async () => (document ??= buildOpenApiDocument(v1Router.endpoints)),
});

export const v1Router: Router = createRouter([
  ...productEndpoints,
  ...priceEndpoints,
  ...customerEndpoints,
  ...subscriptionEndpoints,
  ...invoiceEndpoints,
  ...creditNoteEndpoints,
  ...paymentEndpoints,
  ...couponEndpoints,
  ...usageEndpoints,
  ...clockEndpoints,
  openApiEndpoint,
]);
