// A durable, at-least-once job queue in Postgres. Enqueueing is idempotent by dedupe key; claims
// use FOR UPDATE SKIP LOCKED so any number of workers share the queue without taking the same
// job; a handler runs in the same transaction that marks its job done, so a job whose effects
// are all in the database takes effect exactly once even if its worker is killed mid-way.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { jobs } from '@/db/schema';
import { newId } from '../ids';

export type Job = typeof jobs.$inferSelect;
/** `now` is the billing clock's time when the job runs (in simulation, the time it was due). */
export type JobHandler = (tx: Database, job: Job, now: Date) => Promise<void>;
/** Runs several jobs of one queue in one transaction, with the same effects as running each alone. */
export type BatchJobHandler = (tx: Database, jobs: Job[], now: Date) => Promise<void>;
/**
 * A queue whose jobs may also run several to a transaction, which saves work they share (above
 * all a lock every one of them takes). `one` runs a job alone: a batch of one, and each job of a
 * batch that failed, so one failing job neither holds back nor undoes the others.
 */
export interface BatchingJobHandler {
  one: JobHandler;
  batch: BatchJobHandler;
}
export type QueueHandler = JobHandler | BatchingJobHandler;

export interface JobInput {
  queue: string;
  payload: unknown;
  runAt: Date;
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Enqueues jobs with one insert; a job whose dedupe key is already queued is skipped. Returns the new ids. */
export async function enqueueMany(db: Database, inputs: JobInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const rows = await db
    .insert(jobs)
    .values(
      inputs.map((input) => ({
        id: newId('job'),
        queue: input.queue,
        payload: input.payload ?? {},
        runAt: input.runAt,
        dedupeKey: input.dedupeKey ?? null,
        maxAttempts: input.maxAttempts ?? 5,
      })),
    )
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return rows.map((row) => row.id);
}

export async function enqueue(db: Database, input: JobInput): Promise<{ id: string | null; created: boolean }> {
  const [id] = await enqueueMany(db, [input]);
  return { id: id ?? null, created: id !== undefined };
}

/**
 * Claims up to `limit` jobs due at `now` (the billing clock): pending ones, and running ones whose
 * lease has ended in real time (their worker died). Each claim counts as an attempt.
 * With `retries`, it claims instead the failed jobs whose backoff has passed in real time (see
 * `retryAfter`), however far the billing clock has got.
 */
export async function claim(
  db: Database,
  input: { now: Date; workerId: string; limit: number; leaseSeconds: number; queues?: string[]; retries?: boolean },
): Promise<Job[]> {
  const queueFilter = input.queues?.length ? sql`and queue in (${sql.join(input.queues.map((q) => sql`${q}`), sql`, `)})` : sql``;
  const due = input.retries
    ? sql`status = 'pending' and retry_after <= clock_timestamp()`
    : sql`(status = 'pending' or (status = 'running' and locked_until < clock_timestamp())) and run_at <= ${input.now.toISOString()}::timestamptz`;
  const result = await db.execute(sql`
    update jobs set status = 'running', attempts = attempts + 1, locked_by = ${input.workerId},
      locked_until = clock_timestamp() + make_interval(secs => ${input.leaseSeconds})
    where id in (
      select id from jobs
      where ${due} ${queueFilter}
      order by run_at, id
      for update skip locked
      limit ${input.limit}
    )
    returning id`);
  const ids = rowsOf<{ id: string }>(result).map((r) => r.id);
  if (ids.length === 0) return [];
  const claimed = await db.select().from(jobs).where(sql`${jobs.id} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id.localeCompare(b.id));
}

/** Runs one claimed job: the handler's writes and the completion commit together, or not at all. */
export async function runClaimed(db: Database, job: Job, handler: JobHandler, now: Date): Promise<'succeeded' | 'retrying' | 'failed'> {
  try {
    await db.transaction(async (tx) => {
      // Completed first (the transaction makes the order invisible), so the handler's last write
      // is its own — a renewal's invoice number, whose series row is locked until commit.
      const done = await tx
        .update(jobs)
        .set({ status: 'succeeded', completedAt: now, lockedBy: null, lockedUntil: null, lastError: null })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.lockedBy!), eq(jobs.status, 'running')))
        .returning({ id: jobs.id });
      // Another worker took the job over after our lease ended: it will do the effects.
      if (done.length === 0) throw new LeaseLostError(job.id);
      await handler(tx, job, now);
    });
    return 'succeeded';
  } catch (error) {
    if (error instanceof LeaseLostError) return 'retrying';
    const finalAttempt = job.attempts >= job.maxAttempts;
    const delayMs = retryDelayMs(job.attempts);
    await db
      .update(jobs)
      .set({
        status: finalAttempt ? 'failed' : 'pending',
        // The backoff runs on both clocks: the billing clock (a simulated move past it retries the
        // job in order) and the wall clock (a simulated clock standing still does not hold it back).
        runAt: finalAttempt ? job.runAt : new Date(now.getTime() + delayMs),
        retryAfter: finalAttempt ? null : sql`clock_timestamp() + make_interval(secs => ${delayMs / 1000})`,
        lockedBy: null,
        lockedUntil: null,
        lastError: String((error as Error)?.stack ?? error).slice(0, 2000),
      })
      .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.lockedBy!)));
    return finalAttempt ? 'failed' : 'retrying';
  }
}

/**
 * Runs claimed jobs of one queue in one transaction: they are completed together and their
 * handler's effects commit with them. Jobs whose lease was lost are left to the worker that took
 * them over. If the batch fails, nothing of it is kept and each job runs alone, so only a job that
 * fails alone is retried. Returns how many jobs ran.
 */
export async function runClaimedBatch(db: Database, batch: Job[], handler: BatchingJobHandler, now: Date): Promise<number> {
  if (batch.length === 1) {
    await runClaimed(db, batch[0]!, handler.one, now);
    return 1;
  }
  try {
    await db.transaction(async (tx) => {
      const done = await tx
        .update(jobs)
        .set({ status: 'succeeded', completedAt: now, lockedBy: null, lockedUntil: null, lastError: null })
        .where(and(inArray(jobs.id, batch.map((job) => job.id)), eq(jobs.lockedBy, batch[0]!.lockedBy!), eq(jobs.status, 'running')))
        .returning({ id: jobs.id });
      const held = new Set(done.map((row) => row.id));
      const mine = batch.filter((job) => held.has(job.id));
      if (mine.length) await handler.batch(tx, mine, now);
    });
  } catch {
    // Which job failed is unknown: each runs alone, in its own transaction, and records its own
    // error and retry like any job.
    for (const job of batch) await runClaimed(db, job, handler.one, now);
  }
  return batch.length;
}

/** Exponential backoff between attempts: 30 s, 2 min, 8 min, 32 min, … capped at 6 h. */
export const retryDelayMs = (attempt: number): number => Math.min(30_000 * 4 ** Math.max(0, attempt - 1), 6 * 60 * 60 * 1000);

class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`Lease on job ${jobId} was lost to another worker`);
  }
}

/**
 * Runs every job due at `now`, in time order, until none is left (jobs that enqueue other due
 * jobs included). Returns how many ran. Used by workers and by the simulation clock.
 */
export async function drainDue(
  db: Database,
  input: { now: Date; workerId: string; handlers: Record<string, QueueHandler>; batchSize?: number; leaseSeconds?: number; retries?: boolean },
): Promise<number> {
  // With no handlers there is nothing this worker can run: claiming would take other queues' jobs.
  if (Object.keys(input.handlers).length === 0) return 0;
  let ran = 0;
  for (;;) {
    const batch = await claim(db, {
      now: input.now,
      workerId: input.workerId,
      limit: input.batchSize ?? 50,
      leaseSeconds: input.leaseSeconds ?? 300,
      queues: Object.keys(input.handlers),
      retries: input.retries,
    });
    if (batch.length === 0) return ran;
    // Claimed jobs run in time order; consecutive jobs of a batching queue run together.
    for (let start = 0; start < batch.length; ) {
      const handler = input.handlers[batch[start]!.queue]!;
      if (typeof handler === 'function') {
        await runClaimed(db, batch[start]!, handler, input.now);
        ran++;
        start++;
        continue;
      }
      let end = start + 1;
      while (end < batch.length && batch[end]!.queue === batch[start]!.queue) end++;
      ran += await runClaimedBatch(db, batch.slice(start, end), handler, input.now);
      start = end;
    }
  }
}

function rowsOf<T>(result: unknown): T[] {
  // postgres.js returns an array of rows; PGlite returns { rows }.
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
