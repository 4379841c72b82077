// billing-run: N active monthly subscriptions all renew at the same instant. System: advance the
// simulated clock over that instant and let the app's job queue and renewal engine bill them
// (several workers on PostgreSQL). Baseline: plain SQL doing the same writes per renewal — the
// invoice, its line, the subscription's next period, the next renewal job — one transaction each,
// with the same concurrency, on the same database, in the same run.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { billingClock } from '@/db/schema';
import { drainDue } from '@/server/jobs/queue';
import { jobHandlers } from '@/server/jobs/handlers';
import { ensureMerchant, makePrice } from '@/server/testing/billing-fixtures';
import { report } from './harness';

const count = Number(process.env.BENCH_COUNT ?? 100_000);

async function seed(handle: DatabaseHandle, prefix: string, priceId: string, periodStart: Date, periodEnd: Date, withJobs: boolean) {
  const { db } = handle;
  // Bulk set-up, not measured: customers, subscriptions, items and (for the system) renewal jobs.
  await db.execute(sql`insert into customers (id, name, email, currency, country, address_line1, city, postal_code)
    select ${prefix}::text || 'cus_' || g, 'Bench ' || g, 'bench' || g || '@example.com', 'EUR', 'FR', '1 rue', 'Paris', '75001' from generate_series(1, ${count}) g`);
  await db.execute(sql`insert into subscriptions (id, customer_id, status, currency, interval, interval_count, collection_method, billing_cycle_anchor, current_period_start, current_period_end, created_at)
    select ${prefix}::text || 'sub_' || g, ${prefix}::text || 'cus_' || g, 'active', 'EUR', 'month', 1, 'charge_automatically', ${periodStart.toISOString()}::timestamptz, ${periodStart.toISOString()}::timestamptz, ${periodEnd.toISOString()}::timestamptz, ${periodStart.toISOString()}::timestamptz
    from generate_series(1, ${count}) g`);
  await db.execute(sql`insert into subscription_items (id, subscription_id, price_id, quantity)
    select ${prefix}::text || 'si_' || g, ${prefix}::text || 'sub_' || g, ${priceId}, 3 from generate_series(1, ${count}) g`);
  if (withJobs) {
    await db.execute(sql`insert into jobs (id, queue, payload, dedupe_key, run_at)
      select ${prefix}::text || 'job_' || g, 'subscription.renew', jsonb_build_object('subscriptionId', ${prefix}::text || 'sub_' || g, 'periodEnd', ${periodEnd.toISOString()}::text),
        'renew:' || ${prefix}::text || 'sub_' || g || ':' || ${periodEnd.toISOString()}::text, ${periodEnd.toISOString()}::timestamptz
      from generate_series(1, ${count}) g`);
  }
  await db.execute(sql`analyze`);
}

export async function billingRunBench(handle: DatabaseHandle) {
  const { db } = handle;
  const workers = Number(process.env.BENCH_WORKERS ?? (handle.kind === 'postgres' ? 8 : 1));
  const periodStart = new Date('2026-01-15T00:00:00Z');
  const periodEnd = new Date('2026-02-15T00:00:00Z');
  await ensureMerchant(db);
  const price = await makePrice(db, { unitAmount: 1000 }, periodStart);

  // Baseline first, on its own rows.
  await seed(handle, 'b', price.id, periodStart, periodEnd, false);
  const nextEnd = new Date('2026-03-15T00:00:00Z');
  let cursor = 0;
  const baselineStarted = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (cursor < count) {
        const g = ++cursor;
        await db.transaction(async (tx) => {
          const invoiceId = `bin_${g}_${randomBytes(4).toString('hex')}`;
          await tx.execute(sql`insert into invoices (id, number, series, customer_id, subscription_id, status, billing_reason, collection_method, currency, period_start, period_end, subtotal_minor, tax_minor, total_minor, amount_due_minor, amount_remaining_minor, finalized_at)
            values (${invoiceId}, ${`BENCH-${g}`}, 'BENCH', ${`bcus_${g}`}, ${`bsub_${g}`}, 'open', 'subscription_cycle', 'charge_automatically', 'EUR', ${periodEnd.toISOString()}::timestamptz, ${nextEnd.toISOString()}::timestamptz, 3000, 600, 3600, 3600, 3600, now())`);
          await tx.execute(sql`insert into invoice_lines (id, invoice_id, position, description, price_id, quantity, amount_minor, tax_minor, tax_rate, tax_behavior, period_start, period_end)
            values (${`bil_${g}`}, ${invoiceId}, 0, 'Plan', ${price.id}, 3, 3000, 600, '20', 'exclusive', ${periodEnd.toISOString()}::timestamptz, ${nextEnd.toISOString()}::timestamptz)`);
          await tx.execute(sql`update subscriptions set current_period_start = ${periodEnd.toISOString()}::timestamptz, current_period_end = ${nextEnd.toISOString()}::timestamptz where id = ${`bsub_${g}`}`);
          await tx.execute(sql`insert into jobs (id, queue, payload, dedupe_key, run_at) values (${`bjob_${g}`}, 'bench.noop', '{}'::jsonb, ${`bench:${g}`}, ${nextEnd.toISOString()}::timestamptz)`);
        });
      }
    }),
  );
  const baseline = count / (Number(process.hrtime.bigint() - baselineStarted) / 1e9);

  // The system: the clock moves over the renewal instant and the workers drain the queue.
  await seed(handle, 's', price.id, periodStart, periodEnd, true);
  await db.insert(billingClock).values({ id: 1, simulatedNow: periodEnd, simulation: true }).onConflictDoUpdate({ target: billingClock.id, set: { simulatedNow: periodEnd } });
  const started = process.hrtime.bigint();
  const ran = await Promise.all(Array.from({ length: workers }, (_, w) => drainDue(db, { now: periodEnd, workerId: `bench-${w}`, handlers: jobHandlers, batchSize: 20 })));
  const system = ran.reduce((a, b) => a + b, 0) / (Number(process.hrtime.bigint() - started) / 1e9);

  const invoices = await db.execute(sql`select count(*)::int as n from invoices where subscription_id like 'ssub_%' and billing_reason = 'subscription_cycle'`);
  const rows = (Array.isArray(invoices) ? invoices : (invoices as unknown as { rows: unknown[] }).rows) as Array<{ n: number }>;
  if (rows[0]!.n !== count) throw new Error(`expected ${count} renewal invoices, found ${rows[0]!.n}`);
  report({ scenario: 'billing-run', unit: 'renewals/s', system, baseline, ratio: system / baseline, subscriptions: count, workers, database: handle.kind });
}
