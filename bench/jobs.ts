// jobs: N no-op jobs are due. System: the app's job queue (server/jobs) drains them — the claim
// with its lease, then one transaction per job that marks it done around the (empty) handler —
// with W workers. Baseline: the textbook loop over an equivalent table (same columns and indexes)
// in the same database, same run, same W: one transaction per job that selects it FOR UPDATE SKIP
// LOCKED and marks it done. Enqueueing is not measured on either side.
//
//   [DATABASE_URL=postgres://…] npm run bench -- jobs        (env: BENCH_COUNT, BENCH_WORKERS)
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { drainDue, enqueueMany } from '@/server/jobs/queue';
import { report } from './harness';

const count = Number(process.env.BENCH_COUNT ?? 20_000);
const queue = 'bench.noop';

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
const elapsedSeconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export async function jobsBench(handle: DatabaseHandle) {
  const { db } = handle;
  const workers = Number(process.env.BENCH_WORKERS ?? (handle.kind === 'postgres' ? 8 : 1));
  const now = new Date('2026-03-01T00:00:00Z');

  // Set-up, not measured: the same N due jobs in both tables.
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    await enqueueMany(db, Array.from({ length: size }, (_, i) => ({ queue, payload: { n: start + i }, runAt: now, dedupeKey: `bench:${start + i}` })));
  }
  await db.execute(sql`create table bench_jobs (like jobs including all)`);
  await db.execute(sql`insert into bench_jobs select * from jobs where queue = ${queue}`);
  await db.execute(sql`analyze`);

  const baselineStarted = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const took = await db.transaction(async (tx) => {
          const [job] = rowsOf<{ id: string }>(
            await tx.execute(sql`select id from bench_jobs where status = 'pending' and run_at <= ${now.toISOString()}::timestamptz order by run_at, id for update skip locked limit 1`),
          );
          if (!job) return false;
          await tx.execute(sql`update bench_jobs set status = 'succeeded', attempts = attempts + 1, completed_at = ${now.toISOString()}::timestamptz where id = ${job.id}`);
          return true;
        });
        if (!took) return;
      }
    }),
  );
  const baseline = count / elapsedSeconds(baselineStarted);

  const started = process.hrtime.bigint();
  const ran = await Promise.all(Array.from({ length: workers }, (_, w) => drainDue(db, { now, workerId: `bench-${w}`, handlers: { [queue]: async () => {} } })));
  const system = ran.reduce((a, b) => a + b, 0) / elapsedSeconds(started);

  // Both sides did all the work, each job once.
  const [done] = rowsOf<{ system: number; baseline: number; ran: number }>(
    await db.execute(sql`select (select count(*)::int from jobs where queue = ${queue} and status = 'succeeded' and attempts = 1) as system,
      (select count(*)::int from bench_jobs where status = 'succeeded' and attempts = 1) as baseline`),
  );
  if (done!.system !== count || done!.baseline !== count) throw new Error(`expected ${count} jobs done once on each side, found ${done!.system} (system) and ${done!.baseline} (baseline)`);
  report({ scenario: 'jobs', unit: 'jobs/s', system, baseline, ratio: system / baseline, jobs: count, workers, database: handle.kind });
}
