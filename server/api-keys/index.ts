// API keys for the REST API: the secret is shown once at creation and only its SHA-256 is kept.
import { createHash } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { SettleError } from '../errors';
import { newId, randomToken } from '../ids';

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createApiKey(db: Database, input: { name: string }, actor: Actor, now: Date) {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new SettleError('VALIDATION_FAILED', 'An API key needs a name of 1 to 100 characters.', 'name');
  const secret = `sk_settle_${randomToken(40)}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ id: newId('key'), name, prefix: secret.slice(0, 14), secretHash: hashSecret(secret), createdAt: now })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    await recordAudit(tx, { actor, action: 'api_key.created', subjectType: 'api_key', subjectId: row!.id, after: { name, prefix: row!.prefix }, at: now });
    return { ...row!, secret };
  });
}

/** The key a bearer secret belongs to, or null when it is unknown or revoked. */
export async function authenticateApiKey(db: Database, secret: string, now: Date) {
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.secretHash, hashSecret(secret)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  return row ?? null;
}

export async function revokeApiKey(db: Database, id: string, actor: Actor, now: Date) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    if (!row) throw new SettleError('NOT_FOUND', `No active API key ${id}.`, 'id');
    await recordAudit(tx, { actor, action: 'api_key.revoked', subjectType: 'api_key', subjectId: id, before: { revokedAt: null }, after: { revokedAt: now.toISOString() }, at: now });
    return row;
  });
}

export async function listApiKeys(db: Database) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}
