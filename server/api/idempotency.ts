// Idempotency keys for the REST API. The first request with a key claims it with a row inserted
// before any work; its response (success or refusal, never a 5xx) is stored on that row and replayed
// to every retry of the same request. The database's primary key decides races: exactly one
// request runs, the others see it in flight (409) or replay its answer.
import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apiIdempotencyKeys } from '@/db/schema';
import { SettleError } from '../errors';
import { canonicalJson, type JsonValue } from './json';

export const idempotencyHeader = 'Idempotency-Key';

export interface StoredResponse {
  status: number;
  body: JsonValue;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse };

export function parseIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  if (value.length < 1 || value.length > 255) {
    throw new SettleError('VALIDATION_FAILED', `${idempotencyHeader} must be 1 to 255 characters.`, idempotencyHeader);
  }
  return value;
}

/** SHA-256 of what makes two requests "the same": method, path, query and body, keys sorted. */
export function requestHash(input: { method: string; path: string; query: Record<string, string>; body: unknown }): string {
  const text = [input.method, input.path, canonicalJson(input.query), canonicalJson(input.body ?? null)].join('\n');
  return createHash('sha256').update(text).digest('hex');
}

export async function claimIdempotencyKey(
  db: Database,
  input: { apiKeyId: string; key: string; method: string; path: string; requestHash: string; now: Date },
): Promise<Claim> {
  // A row can vanish between the conflict and the read (its request failed with a 5xx and released
  // it); then the key is free again and the next attempt claims it.
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insert(apiIdempotencyKeys)
      .values({ apiKeyId: input.apiKeyId, key: input.key, method: input.method, path: input.path, requestHash: input.requestHash, createdAt: input.now })
      .onConflictDoNothing()
      .returning({ key: apiIdempotencyKeys.key });
    if (inserted.length > 0) return { kind: 'claimed' };

    const [existing] = await db
      .select()
      .from(apiIdempotencyKeys)
      .where(and(eq(apiIdempotencyKeys.apiKeyId, input.apiKeyId), eq(apiIdempotencyKeys.key, input.key)));
    if (!existing) continue;
    if (existing.requestHash !== input.requestHash) {
      const first = existing.method === input.method && existing.path === input.path ? 'another request body' : `${existing.method} ${existing.path}`;
      throw new SettleError('IDEMPOTENCY_KEY_REUSED', `This ${idempotencyHeader} was already used with ${first}; use a new key for a different request.`, idempotencyHeader);
    }
    if (existing.responseStatus === null) {
      throw new SettleError('IDEMPOTENCY_IN_PROGRESS', `A request with this ${idempotencyHeader} is still being processed; retry once it has finished.`, idempotencyHeader);
    }
    return { kind: 'replay', response: { status: existing.responseStatus, body: existing.responseBody as JsonValue } };
  }
  throw new SettleError('IDEMPOTENCY_IN_PROGRESS', `A request with this ${idempotencyHeader} is still being processed; retry once it has finished.`, idempotencyHeader);
}

export async function completeIdempotencyKey(db: Database, input: { apiKeyId: string; key: string; response: StoredResponse }): Promise<void> {
  await db
    .update(apiIdempotencyKeys)
    .set({ responseStatus: input.response.status, responseBody: input.response.body })
    .where(and(eq(apiIdempotencyKeys.apiKeyId, input.apiKeyId), eq(apiIdempotencyKeys.key, input.key), isNull(apiIdempotencyKeys.responseStatus)));
}

/** Frees a key whose request failed unexpectedly, so a retry runs it again. */
export async function releaseIdempotencyKey(db: Database, input: { apiKeyId: string; key: string }): Promise<void> {
  await db
    .delete(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.apiKeyId, input.apiKeyId), eq(apiIdempotencyKeys.key, input.key), isNull(apiIdempotencyKeys.responseStatus)));
}
