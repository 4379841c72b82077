// The durable job queue. A job is due when the billing clock reaches run_at; a claim holds a
// lease in real time, so a worker that dies mid-job releases it when the lease ends.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, timestamptz } from './columns';

export const jobs = pgTable(
  'jobs',
  {
    id: idColumn(),
    queue: text('queue').notNull(),
    payload: jsonb('payload').notNull(),
    /** At most one job per key, ever: the idempotency of "renew subscription S for period P". */
    dedupeKey: text('dedupe_key'),
    runAt: timestamptz('run_at').notNull(),
    status: text('status', { enum: ['pending', 'running', 'succeeded', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedBy: text('locked_by'),
    lockedUntil: timestamptz('locked_until'),
    lastError: text('last_error'),
    /**
     * Wall-clock time after which a failed job may be retried, whatever the billing clock says: in
     * simulation the billing clock stands still between moves, and a retry must not wait for one.
     */
    retryAfter: timestamptz('retry_after'),
    completedAt: timestamptz('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_key_unique').on(t.dedupeKey),
    index('jobs_due_idx').on(t.runAt, t.id).where(sql`${t.status} in ('pending', 'running')`),
    index('jobs_retry_idx').on(t.retryAfter).where(sql`${t.status} = 'pending' and ${t.retryAfter} is not null`),
  ],
);
