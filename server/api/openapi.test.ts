import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { toJson } from './json';
import { buildOpenApiDocument } from './openapi';
import { apiClient, createApiTestDatabase, type ApiCall } from './test-client';
import { v1Router } from './v1';

let handle: DatabaseHandle;
let call: ApiCall;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked as plain JSON
let document: any;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  call = apiClient(handle, { secret: setup.secret });
  document = (await call('GET', '/v1/openapi.json', { secret: null })).body;
});
afterAll(() => handle.close());

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const openApiPath = (path: string) => path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, '{$1}');

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) {
      if (key === '$ref' && typeof field === 'string') found.push(field);
      else refsIn(field, found);
    }
  }
  return found;
}

function resolve(pointer: string): unknown {
  expect(pointer.startsWith('#/'), pointer).toBe(true);
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe('GET /v1/openapi.json', () => {
  it('is served without an API key, and is the document built from the router', async () => {
    expect(document).toEqual(toJson(buildOpenApiDocument(v1Router.endpoints)));
  });

  it('has the structure OpenAPI 3.1 requires', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(typeof document.info.title).toBe('string');
    expect(typeof document.info.version).toBe('string');
    expect(document.servers.length).toBeGreaterThan(0);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
    for (const [path, item] of Object.entries<Record<string, unknown>>(document.paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      for (const key of Object.keys(item)) expect(methods, `${path} ${key}`).toContain(key);
    }
  });

  it('documents every registered endpoint, and nothing else', () => {
    const documented = Object.entries<Record<string, unknown>>(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const registered = v1Router.endpoints.map((endpoint) => `${endpoint.method} ${openApiPath(endpoint.path)}`);
    expect(documented.sort()).toEqual(registered.sort());

    for (const endpoint of v1Router.endpoints) {
      const operation = document.paths[openApiPath(endpoint.path)]?.[endpoint.method.toLowerCase()];
      const name = `${endpoint.method} ${endpoint.path}`;
      expect(operation, name).toBeDefined();
      expect(operation.operationId, name).toBe(endpoint.operationId);
      expect(operation.summary.length, name).toBeGreaterThan(3);
      expect(operation.description.length, name).toBeGreaterThan(10);
      expect(operation.responses[String(endpoint.status)]?.content?.['application/json']?.schema, name).toBeDefined();
      for (const response of Object.values<{ description: string }>(operation.responses)) expect(response.description.length, name).toBeGreaterThan(0);
      if (endpoint.auth === 'bearer') {
        expect(operation.security, name).toEqual([{ bearerAuth: [] }]);
        expect(operation.responses['401'], name).toBeDefined();
      } else {
        expect(operation.security, name).toEqual([]);
      }
      if (endpoint.body) expect(operation.requestBody?.content?.['application/json']?.schema, name).toBeDefined();
    }
  });

  it('declares every path parameter, and documents query parameters and the Idempotency-Key', () => {
    for (const endpoint of v1Router.endpoints) {
      const operation = document.paths[openApiPath(endpoint.path)][endpoint.method.toLowerCase()];
      const parameters = (operation.parameters ?? []).map((parameter: { $ref?: string }) => (parameter.$ref ? resolve(parameter.$ref) : parameter));
      for (const [, name] of endpoint.path.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)) {
        expect(parameters, `${endpoint.path} ${name}`).toContainEqual({ name, in: 'path', required: true, schema: { type: 'string' } });
      }
      const idempotent = endpoint.method !== 'GET' && endpoint.auth === 'bearer';
      expect(parameters.some((parameter: { name: string; in: string }) => parameter.name === 'Idempotency-Key' && parameter.in === 'header'), endpoint.path).toBe(idempotent);
    }
    const listCustomers = document.paths['/v1/customers'].get.parameters;
    expect(listCustomers).toContainEqual(expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 }) }));
    expect(listCustomers).toContainEqual(expect.objectContaining({ name: 'email', in: 'query' }));
  });

  it('resolves every $ref and keeps operationIds unique', () => {
    for (const ref of refsIn(document)) expect(resolve(ref), ref).toBeDefined();
    const operationIds = Object.values<Record<string, { operationId: string }>>(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('names the resources once under components.schemas', () => {
    for (const name of ['Customer', 'Price', 'Product', 'Clock', 'Subscription', 'Invoice', 'InvoiceSummary', 'UpcomingInvoice', 'CreditNote', 'Coupon', 'UsageReceipt']) expect(document.components.schemas[name], name).toMatchObject({ type: 'object' });
    expect(document.paths['/v1/customers/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Customer' });
    const unitAmount = document.components.schemas.Price.properties.unitAmount;
    expect(unitAmount.anyOf.map((schema: { type: string }) => schema.type)).toEqual(['integer', 'null']);
    expect(JSON.stringify(document)).not.toContain('$defs');
  });
});
