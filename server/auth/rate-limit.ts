// Fixed-window rate limits kept in the database, so every app instance counts the same hits.
import { lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { rateLimitBuckets } from '@/db/schema';

export interface RateLimitDecision {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

export async function hitRateLimit(
  db: Database,
  input: { key: string; limit: number; windowSeconds: number; now: Date },
): Promise<RateLimitDecision> {
  const windowMs = input.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(input.now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key: input.key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitBuckets.key, rateLimitBuckets.windowStart],
      set: { hits: sql`${rateLimitBuckets.hits} + 1` },
    })
    .returning({ hits: rateLimitBuckets.hits });
  const hits = row!.hits;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - input.now.getTime()) / 1000));
  return { allowed: hits <= input.limit, hits, retryAfterSeconds };
}

/** Sign-in attempts are limited per e-mail address and per client IP; both must allow. */
export async function checkSignInAttempt(
  db: Database,
  input: { email: string | null; ip: string | null; now: Date; limits: { perEmail: number; perIp: number; windowSeconds: number } },
): Promise<RateLimitDecision> {
  const decisions: RateLimitDecision[] = [];
  if (input.ip) {
    decisions.push(await hitRateLimit(db, { key: `signin:ip:${input.ip}`, limit: input.limits.perIp, windowSeconds: input.limits.windowSeconds, now: input.now }));
  }
  if (input.email) {
    decisions.push(
      await hitRateLimit(db, { key: `signin:email:${input.email}`, limit: input.limits.perEmail, windowSeconds: input.limits.windowSeconds, now: input.now }),
    );
  }
  // The first hit of a fresh window is a cheap moment to forget windows that have ended.
  if (decisions.some((d) => d.hits === 1)) await pruneRateLimitBuckets(db, new Date(input.now.getTime() - 2 * input.limits.windowSeconds * 1000));
  const refused = decisions.find((d) => !d.allowed);
  return refused ?? { allowed: true, hits: Math.max(0, ...decisions.map((d) => d.hits)), retryAfterSeconds: 0 };
}

export async function pruneRateLimitBuckets(db: Database, olderThan: Date): Promise<void> {
  // A typed comparison: postgres.js refuses a raw Date parameter inside a sql`` template.
  await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.windowStart, olderThan));
}
