import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { apiKeys, auditLog } from '@/db/schema';
import { createTestDatabase } from '../testing/database';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from '.';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-06-15T12:00:00Z');

describe('API keys', () => {
  it('shows the secret once, keeps only its hash, and authenticates it until revoked', async () => {
    const key = await createApiKey(handle.db, { name: 'Backend' }, { type: 'cli' }, now);
    expect(key.secret).toMatch(/^sk_settle_[0-9a-z]{40}$/);
    const stored = JSON.stringify(await handle.db.select().from(apiKeys));
    expect(stored).not.toContain(key.secret);
    expect(JSON.stringify(await listApiKeys(handle.db))).not.toContain(key.secret);

    expect(await authenticateApiKey(handle.db, key.secret, now)).toEqual({ id: key.id, name: 'Backend' });
    expect(await authenticateApiKey(handle.db, `${key.secret}x`, now)).toBeNull();

    await revokeApiKey(handle.db, key.id, { type: 'cli' }, now);
    expect(await authenticateApiKey(handle.db, key.secret, now)).toBeNull();
    await expect(revokeApiKey(handle.db, key.id, { type: 'cli' }, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const actions = (await handle.db.select().from(auditLog)).map((a) => a.action).sort();
    expect(actions).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('refuses a key without a name', async () => {
    await expect(createApiKey(handle.db, { name: '  ' }, { type: 'cli' }, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'name' });
  });
});
