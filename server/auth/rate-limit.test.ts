import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '../testing/database';
import { checkSignInAttempt, hitRateLimit } from './rate-limit';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const limits = { perEmail: 5, perIp: 8, windowSeconds: 900 };
const at = (iso: string) => new Date(iso);

describe('sign-in rate limits', () => {
  it('refuses the sixth attempt for one e-mail, whatever the IP, until the window ends', async () => {
    const now = at('2026-06-15T12:01:00Z');
    for (let i = 0; i < 5; i++) {
      expect((await checkSignInAttempt(handle.db, { email: 'a@example.com', ip: `10.0.0.${i}`, now, limits })).allowed).toBe(true);
    }
    const refused = await checkSignInAttempt(handle.db, { email: 'a@example.com', ip: '10.0.0.99', now, limits });
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(14 * 60); // the window runs 12:00–12:15
    expect((await checkSignInAttempt(handle.db, { email: 'a@example.com', ip: '10.0.0.99', now: at('2026-06-15T12:15:00Z'), limits })).allowed).toBe(true);
  });

  it('refuses an IP past its limit, whatever the e-mail', async () => {
    const now = at('2026-06-15T13:00:00Z');
    for (let i = 0; i < 8; i++) {
      expect((await checkSignInAttempt(handle.db, { email: `user${i}@example.com`, ip: '192.0.2.7', now, limits })).allowed).toBe(true);
    }
    expect((await checkSignInAttempt(handle.db, { email: 'fresh@example.com', ip: '192.0.2.7', now, limits })).allowed).toBe(false);
    expect((await checkSignInAttempt(handle.db, { email: 'fresh@example.com', ip: '192.0.2.8', now, limits })).allowed).toBe(true);
  });

  it('counts concurrent hits exactly', async () => {
    const now = at('2026-06-15T14:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => hitRateLimit(handle.db, { key: 'concurrent', limit: 7, windowSeconds: 60, now })),
    );
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });
});

describe('pruning', () => {
  it('removes only the windows older than the cut-off', async () => {
    const { rateLimitBuckets } = await import('@/db/schema');
    const { pruneRateLimitBuckets } = await import('./rate-limit');
    await hitRateLimit(handle.db, { key: 'old', limit: 1, windowSeconds: 60, now: at('2026-01-01T00:00:00Z') });
    await hitRateLimit(handle.db, { key: 'new', limit: 1, windowSeconds: 60, now: at('2026-06-01T00:00:00Z') });
    await pruneRateLimitBuckets(handle.db, at('2026-03-01T00:00:00Z'));
    const keys = (await handle.db.select().from(rateLimitBuckets)).map((b) => b.key);
    expect(keys).toContain('new');
    expect(keys).not.toContain('old');
  });
});
