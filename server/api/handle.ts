// The REST API's request pipeline, free of Next.js so tests drive it with plain Request objects:
// route → authenticate → read the body → claim the Idempotency-Key → validate → one handler →
// JSON. Every failure leaves as {"error":{"code","message","param"?}}; a domain refusal keeps its
// status (server/errors.ts), anything unexpected is logged and becomes a bare 500.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { authenticateApiKey } from '../api-keys';
import { isSettleError, SettleError, type ErrorCode } from '../errors';
import type { ApiKeyIdentity, Endpoint } from './endpoint';
import { claimIdempotencyKey, completeIdempotencyKey, idempotencyHeader, parseIdempotencyKey, releaseIdempotencyKey, requestHash, type StoredResponse } from './idempotency';
import { assertStorableJson, toJson, type JsonValue } from './json';
import type { Router } from './router';
import { parseOrRefuse } from './validation';

export interface ApiDependencies {
  db: Database;
  /** The billing clock's now (read by the route: simulated time in simulation). */
  now: Date;
  /** Wall-clock time (the route's `new Date()`): API key last use, idempotency rows, audit. Defaults to `now`. */
  realNow?: Date;
  simulation: boolean;
  router: Router;
  /** Where the router's paths are mounted: `/api`, so `/api/v1/customers` is `/v1/customers`. */
  basePath?: string;
  /** Where unexpected errors go; console.error unless given. */
  logError?: (message: string, error: unknown) => void;
}

export type ApiErrorCode = ErrorCode | 'INTERNAL';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; param?: string };
}

export const maximumBodyBytes = 1_000_000;

const invalidJson = () => new SettleError('VALIDATION_FAILED', 'The request body is not valid JSON.');

export async function handleApiRequest(request: Request, deps: ApiDependencies): Promise<Response> {
  // HEAD is answered as GET; the runtime drops the body.
  const method = request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method.toUpperCase();
  const url = new URL(request.url);
  const basePath = deps.basePath ?? '/api';
  const path = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
  try {
    const match = deps.router.match(method, path);
    if (match.kind === 'not-found') throw new SettleError('NOT_FOUND', `There is no API route ${method} ${path}.`);
    if (match.kind === 'method-not-allowed') {
      return errorResponse(new SettleError('METHOD_NOT_ALLOWED', `${path} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`), { Allow: match.allowed.join(', ') });
    }
    const { endpoint, params } = match;
    const apiKey = endpoint.auth === 'bearer' ? await authenticate(deps.db, request, deps.realNow ?? deps.now) : null;
    assertStorableJson(params);
    const query = Object.fromEntries(url.searchParams);
    assertStorableJson(query);
    const body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(request);
    const key = method !== 'GET' && apiKey ? parseIdempotencyKey(request.headers.get(idempotencyHeader)) : null;
    const execute = () => run(endpoint, { deps, params, query, body, apiKey });
    if (!key || !apiKey) return toResponse(await execute());
    return await runOnce(deps, { apiKeyId: apiKey.id, key, method, path, requestHash: requestHash({ method, path, query, body }) }, execute);
  } catch (error) {
    if (isSettleError(error)) return errorResponse(error, error.code === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer' } : {});
    (deps.logError ?? defaultLog)(`API ${method} ${path} failed`, error);
    return internalErrorResponse();
  }
}

/** Runs a request under its Idempotency-Key: claim it, or replay (or refuse) what the key already holds. */
async function runOnce(
  deps: ApiDependencies,
  request: { apiKeyId: string; key: string; method: string; path: string; requestHash: string },
  execute: () => Promise<StoredResponse>,
): Promise<Response> {
  const log = deps.logError ?? defaultLog;
  const claim = await claimIdempotencyKey(deps.db, { ...request, now: deps.realNow ?? deps.now });
  if (claim.kind === 'replay') return toResponse(claim.response, { 'Idempotent-Replayed': 'true' });
  const release = () => releaseIdempotencyKey(deps.db, request);
  const response = await execute().catch(async (error: unknown) => {
    await release();
    throw error;
  });
  if (response.status >= 500) {
    await release();
    return toResponse(response);
  }
  // The work is done: if its answer cannot be stored, the caller still gets it, and the key stays
  // "in flight" (409) rather than being freed for a retry that would do the work twice.
  await completeIdempotencyKey(deps.db, { ...request, response }).catch((error: unknown) =>
    log(`API ${request.method} ${request.path}: could not store the response for its ${idempotencyHeader}`, error),
  );
  return toResponse(response);
}

/** Validation and the handler: a refusal becomes a stored-able response, anything else is rethrown. */
async function run(
  endpoint: Endpoint,
  input: { deps: ApiDependencies; params: Record<string, string>; query: Record<string, string>; body: unknown; apiKey: ApiKeyIdentity | null },
): Promise<StoredResponse> {
  try {
    const query = parseOrRefuse(endpoint.query ?? noFields, input.query, 'query');
    const body = input.body === undefined ? undefined : parseOrRefuse(endpoint.body ?? noFields, input.body, 'body');
    const result = await endpoint.handler({
      db: input.deps.db,
      params: input.params,
      body,
      query,
      now: input.deps.now,
      realNow: input.deps.realNow ?? input.deps.now,
      simulation: input.deps.simulation,
      apiKey: input.apiKey,
      actor: input.apiKey ? { type: 'api_key', id: input.apiKey.id } : null,
    });
    return { status: endpoint.status, body: toJson(result) };
  } catch (error) {
    if (isSettleError(error)) return { status: error.httpStatus, body: errorBody(error) as unknown as JsonValue };
    throw error;
  }
}

// An endpoint without a body or query schema takes none: `{}` (or nothing) and no parameters.
const noFields = z.strictObject({});

async function authenticate(db: Database, request: Request, now: Date): Promise<ApiKeyIdentity> {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new SettleError('UNAUTHENTICATED', 'Send your API key as "Authorization: Bearer <secret>".');
  const secret = match[1]!;
  const apiKey = secret.length <= 200 ? await authenticateApiKey(db, secret, now) : null;
  if (!apiKey) throw new SettleError('UNAUTHENTICATED', 'The API key is not valid or has been revoked.');
  return apiKey;
}

async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maximumBodyBytes) throw tooLarge();
  const bytes = await readAtMost(request, maximumBodyBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidJson();
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  assertStorableJson(value);
  return value;
}

async function readAtMost(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const tooLarge = () => new SettleError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maximumBodyBytes} bytes.`);

export function errorBody(error: SettleError): ApiErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}) } };
}

function errorResponse(error: SettleError, headers: Record<string, string> = {}): Response {
  return toResponse({ status: error.httpStatus, body: errorBody(error) as unknown as JsonValue }, headers);
}

/** The answer to anything unexpected: no detail leaves the server (it is logged instead). */
export function internalErrorResponse(): Response {
  const body: ApiErrorBody = { error: { code: 'INTERNAL', message: 'Internal error' } };
  return toResponse({ status: 500, body: body as unknown as JsonValue });
}

function toResponse(response: StoredResponse, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(response.body), {
    status: response.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

const defaultLog = (message: string, error: unknown) => console.error(message, error);
