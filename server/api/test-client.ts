// Test support for the REST API: a fresh database with a real API key, and a client that sends
// real Request objects through handleApiRequest as the route does — reading the billing clock
// first — and checks every success body against the schema the OpenAPI document publishes.
import type { DatabaseHandle } from '@/db/client';
import { createApiKey } from '../api-keys';
import { readClock } from '../clock/billing-clock';
import { createTestDatabase } from '../testing/database';
import { handleApiRequest } from './handle';
import type { Router } from './router';
import { v1Router } from './v1';

export const testNow = new Date('2026-06-01T09:00:00Z');

export interface ApiResult {
  status: number;
  // Tests read into bodies freely; the shape is what they assert.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  /** The secret to send; null sends no Authorization header. Defaults to the test key. */
  secret?: string | null;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export type ApiCall = (method: string, path: string, options?: CallOptions) => Promise<ApiResult>;

export function apiClient(handle: DatabaseHandle, options: { secret: string; simulation?: boolean; router?: Router; realNow?: Date; logError?: (message: string, error: unknown) => void }): ApiCall {
  const router = options.router ?? v1Router;
  return async (method, path, call = {}) => {
    const headers = new Headers(call.headers);
    const secret = call.secret === undefined ? options.secret : call.secret;
    if (secret !== null) headers.set('Authorization', `Bearer ${secret}`);
    if (call.idempotencyKey !== undefined) headers.set('Idempotency-Key', call.idempotencyKey);
    const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const request = new Request(`http://settle.test/api${path}`, { method, headers, body });
    const realNow = options.realNow ?? testNow;
    const clock = await readClock(handle.db, { simulation: options.simulation ?? false, realNow });
    const response = await handleApiRequest(request, {
      db: handle.db,
      now: clock.now,
      realNow,
      simulation: clock.simulation,
      router,
      logError: options.logError ?? (() => {}),
    });
    const text = await response.text();
    const result: ApiResult = { status: response.status, body: JSON.parse(text), headers: response.headers };
    assertDocumentedShape(router, method, new URL(request.url).pathname.slice('/api'.length), result);
    return result;
  };
}

/** A success body must parse with its endpoint's response schema and carry no undocumented field. */
function assertDocumentedShape(router: Router, method: string, path: string, result: ApiResult) {
  if (result.status >= 300) {
    const error = result.body?.error;
    const keys = Object.keys(error ?? {}).sort().join(',');
    if (typeof error?.code !== 'string' || typeof error?.message !== 'string' || (keys !== 'code,message' && keys !== 'code,message,param')) {
      throw new Error(`${method} ${path} answered ${result.status} without the error shape: ${JSON.stringify(result.body)}`);
    }
    return;
  }
  const match = router.match(method === 'HEAD' ? 'GET' : method, path);
  if (match.kind !== 'found') throw new Error(`${method} ${path} succeeded without a route`);
  const parsed = match.endpoint.response.safeParse(result.body);
  if (!parsed.success) throw new Error(`${method} ${path} answered a body its schema refuses: ${parsed.error.message}`);
  if (JSON.stringify(sortKeys(parsed.data)) !== JSON.stringify(sortKeys(result.body))) {
    throw new Error(`${method} ${path} answered fields its schema does not document: ${JSON.stringify(result.body)}`);
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** A fresh database and a live API key for one test file. */
export async function createApiTestDatabase(): Promise<{ handle: DatabaseHandle; secret: string; apiKeyId: string }> {
  const handle = await createTestDatabase();
  const key = await createApiKey(handle.db, { name: 'API tests' }, { type: 'cli' }, testNow);
  return { handle, secret: key.secret, apiKeyId: key.id };
}
