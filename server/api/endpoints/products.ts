// /v1/products: what a merchant sells. Prices hang off a product (see prices.ts).
import { z } from 'zod';
import { createProduct, getProduct, listProducts, type ProductRow } from '../../catalog';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime, pageOf, pageQuery } from '../validation';

export const Product = resource(
  'Product',
  'Something the merchant sells; its prices say how much and how often.',
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    active: z.boolean(),
    createdAt: isoDateTime(),
  }),
);

const presentProduct = (row: ProductRow) => ({ id: row.id, name: row.name, description: row.description, active: row.active, createdAt: row.createdAt });

export const productEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/products',
    operationId: 'createProduct',
    tag: 'Products',
    summary: 'Create a product',
    description: 'Creates an active product. `name` is 1 to 200 characters.',
    body: z.strictObject({ name: z.string(), description: z.string().nullish() }),
    response: Product,
    status: 201,
    handler: async ({ db, body, now }) => presentProduct(await createProduct(db, body, now)),
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/products',
    operationId: 'listProducts',
    tag: 'Products',
    summary: 'List products',
    description: 'Products, newest first.',
    query: z.strictObject(pageQuery),
    response: pageOf(Product),
    handler: async ({ db, query }) => {
      const page = await listProducts(db, query);
      return { ...page, data: page.data.map(presentProduct) };
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/v1/products/:id',
    operationId: 'getProduct',
    tag: 'Products',
    summary: 'Retrieve a product',
    description: 'One product by id.',
    response: Product,
    handler: async ({ db, params }) => presentProduct(await getProduct(db, params.id)),
  }),
];
