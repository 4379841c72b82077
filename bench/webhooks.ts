// webhooks: N payments are processing at Stripe; their `payment_intent.succeeded` events arrive,
// signed, at the real route POST /api/webhooks/stripe of the production server (`settle start`),
// with 10 % of the events delivered twice and, for 5 % of the payments, a stale
// `payment_intent.processing` sent after the success. System: events per second from the first
// post until every payment has succeeded. Baseline: the same event sequence, with the same
// concurrency, stored and applied in plain SQL — one transaction per event — on a second fresh
// database of the same kind, in the same run. Then the books are checked: nothing applied twice.
//
//   [DATABASE_URL=postgres://…] npm run bench -- webhooks     (env: BENCH_EVENTS, BENCH_CONCURRENCY, BENCH_CPU_PROF)
//
// Needs a production build (`node bin/settle.mjs build`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database, type DatabaseHandle } from '@/db/client';
import { sandboxApiVersion, signPayload } from '@/sandbox/webhooks';
import { createApiKey } from '@/server/api-keys';
import { newId } from '@/server/ids';
import { ensureMerchant } from '@/server/testing/billing-fixtures';
import { freshDatabase, report } from './harness';
import { inOrder, percentile, seconds, sleep, startServer, type RunningServer } from './production-server';

const webhookSecret = 'whsec_bench_secret';
const succeededType = 'payment_intent.succeeded';
const processingType = 'payment_intent.processing';

interface PlannedEvent {
  id: string;
  type: typeof succeededType | typeof processingType;
  /** The payment's number g: Settle payment pay_bench_g, PaymentIntent pi_bench_g. */
  payment: number;
  body: string;
}

const log = (message: string) => console.error(`bench webhooks: ${message}`);
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []));
/** The amount of payment g (and of its invoice), in cents; the seed's SQL computes the same. */
const amountOf = (g: number) => 1000 + (g % 97) * 37;

/** A small seeded PRNG (mulberry32), so every run posts the same sequence. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct elements of `items`, picked at random. */
function pick<T>(items: T[], count: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

function stripeEvent(id: string, type: PlannedEvent['type'], g: number, created: number): string {
  const amount = amountOf(g);
  const succeeded = type === succeededType;
  const intent = {
    id: `pi_bench_${g}`,
    object: 'payment_intent',
    amount,
    amount_received: succeeded ? amount : 0,
    capture_method: 'automatic',
    created,
    currency: 'eur',
    customer: null,
    description: null,
    last_payment_error: null,
    latest_charge: `ch_bench_${g}`,
    livemode: false,
    metadata: { settle_payment_id: `pay_bench_${g}` },
    next_action: null,
    payment_method: null,
    status: succeeded ? 'succeeded' : 'processing',
  };
  return JSON.stringify({
    id,
    object: 'event',
    api_version: sandboxApiVersion,
    created,
    data: { object: intent },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
}

/**
 * The delivery sequence: every payment's success in random order; for 5 % of the payments a
 * `processing` placed somewhere after its success; 10 % of those events again (same id, same
 * body) somewhere after the first delivery. Deterministic for a given n.
 */
function planEvents(n: number): { events: PlannedEvent[]; distinct: number; outOfOrder: number; duplicates: number } {
  const random = prng(20_260_115 + n);
  const created = Math.floor(Date.now() / 1000) - 60;
  const keyed: Array<{ key: number; event: PlannedEvent }> = [];
  const successKey = new Map<number, number>();
  for (let g = 1; g <= n; g++) {
    const key = random();
    successKey.set(g, key);
    keyed.push({ key, event: { id: `evt_bench_s${g}`, type: succeededType, payment: g, body: stripeEvent(`evt_bench_s${g}`, succeededType, g, created) } });
  }
  const late = pick(
    Array.from({ length: n }, (_, i) => i + 1),
    Math.round(n * 0.05),
    random,
  );
  for (const g of late) {
    const after = successKey.get(g)!;
    keyed.push({ key: after + random() * (1 - after), event: { id: `evt_bench_p${g}`, type: processingType, payment: g, body: stripeEvent(`evt_bench_p${g}`, processingType, g, created + 1) } });
  }
  const originals = [...keyed];
  const again = pick(originals, Math.round(originals.length * 0.1), random);
  for (const original of again) keyed.push({ key: original.key + random() * (1 - original.key), event: original.event });
  keyed.sort((a, b) => a.key - b.key);
  return { events: keyed.map((k) => k.event), distinct: originals.length, outOfOrder: late.length, duplicates: again.length };
}

/** N open invoices, each with a card payment the gateway is processing. Bulk SQL, not measured. */
async function seed(db: Database, n: number) {
  await ensureMerchant(db);
  await db.execute(sql`insert into customers (id, name, email, currency, country, address_line1, city, postal_code)
    select 'cus_bench_' || g, 'Bench ' || g, 'bench' || g || '@example.com', 'EUR', 'FR', '1 rue', 'Paris', '75001' from generate_series(1, ${n}::int) g`);
  await db.execute(sql`insert into invoices (id, number, series, customer_id, status, billing_reason, collection_method, currency, subtotal_minor, tax_minor, total_minor,
      amount_due_minor, amount_paid_minor, amount_remaining_minor, due_at, finalized_at, hosted_token)
    select 'in_bench_' || g, 'BENCH-' || lpad(g::text, 6, '0'), 'BENCH', 'cus_bench_' || g, 'open', 'manual', 'charge_automatically', 'EUR', a, 0, a, a, 0, a,
      now() + interval '30 days', now(), 'htok_bench_' || g
    from (select g, 1000 + (g % 97) * 37 as a from generate_series(1, ${n}::int) g) s`);
  await db.execute(sql`insert into payments (id, invoice_id, customer_id, attempt, gateway, idempotency_key, gateway_payment_id, amount_minor, currency, status, initiated_by)
    select 'pay_bench_' || g, 'in_bench_' || g, 'cus_bench_' || g, 1, 'stripe', 'bench:pay:' || g, 'pi_bench_' || g, 1000 + (g % 97) * 37, 'EUR', 'processing', 'customer'
    from generate_series(1, ${n}::int) g`);
  await db.execute(sql`analyze`);
}

type AuditColumn =
  | 'paymentsSucceededTwice'
  | 'processingRecordedTwice'
  | 'invoicesPaidTwice'
  | 'invoicesOverpaid'
  | 'customersCredited'
  | 'eventsStoredTwice'
  | 'receiptsQueuedTwice'
  | 'invoicesUnpaid'
  | 'paymentsUnsettled'
  | 'eventsStored'
  | 'eventsPending'
  | 'webhookJobsRetried';

/** Every way an effect could have been applied twice, and whether everything was applied once. */
async function audit(db: Database) {
  const [row] = rowsOf<Record<AuditColumn, number>>(
    await db.execute(sql`select
      (select count(*)::int from (select payment_id from timeline_events where kind = 'payment.succeeded' group by payment_id having count(*) > 1) x) as "paymentsSucceededTwice",
      (select count(*)::int from (select payment_id from timeline_events where kind = 'payment.processing' group by payment_id having count(*) > 1) x) as "processingRecordedTwice",
      (select count(*)::int from (select invoice_id from timeline_events where kind = 'invoice.paid' group by invoice_id having count(*) > 1) x) as "invoicesPaidTwice",
      (select count(*)::int from invoices where amount_paid_minor > amount_due_minor or amount_remaining_minor < 0) as "invoicesOverpaid",
      (select count(*)::int from customers where credit_balance_minor <> 0) as "customersCredited",
      (select count(*)::int from (select 1 from webhook_events group by gateway, event_id having count(*) > 1) x) as "eventsStoredTwice",
      (select count(*)::int from (select 1 from jobs where queue = 'payment.receipt' group by payload->>'paymentId' having count(*) > 1) x) as "receiptsQueuedTwice",
      (select count(*)::int from invoices where id like 'in_bench_%' and status <> 'paid') as "invoicesUnpaid",
      (select count(*)::int from payments where id like 'pay_bench_%' and status <> 'succeeded') as "paymentsUnsettled",
      (select count(*)::int from webhook_events where event_id like 'evt_bench_%') as "eventsStored",
      (select count(*)::int from webhook_events where event_id like 'evt_bench_%' and status = 'pending') as "eventsPending",
      (select count(*)::int from jobs where queue = 'webhook.process' and (attempts > 1 or status = 'failed')) as "webhookJobsRetried"`),
  );
  const doubleApplied =
    row!.paymentsSucceededTwice + row!.processingRecordedTwice + row!.invoicesPaidTwice + row!.invoicesOverpaid + row!.customersCredited + row!.eventsStoredTwice + row!.receiptsQueuedTwice;
  return { ...row!, doubleApplied };
}

/** The same effects as the app's receive + process, in plain SQL, one transaction per delivery. */
async function applyInPlainSql(db: Database, event: PlannedEvent, created: number) {
  const paymentId = `pay_bench_${event.payment}`;
  await db.transaction(async (tx) => {
    const stored = rowsOf(
      await tx.execute(sql`insert into webhook_events (id, gateway, event_id, type, payload, gateway_created_at, received_at, status, processed_at, outcome)
        values (${newId('whe')}, 'stripe', ${event.id}, ${event.type}, ${event.body}::jsonb, to_timestamp(${created}), now(), 'processed', now(), 'applied')
        on conflict do nothing returning id`),
    );
    if (stored.length === 0) return;
    if (event.type === processingType) {
      // News of a step the payment may be past: recorded only while it is still processing.
      await tx.execute(sql`insert into timeline_events (id, customer_id, occurred_at, kind, invoice_id, payment_id, data, dedupe_key, created_at)
        select ${newId('tl')}, customer_id, now(), 'payment.processing', invoice_id, id, jsonb_build_object('amountMinor', amount_minor::text, 'currency', currency, 'attempt', attempt), id || ':processing', now()
        from payments where id = ${paymentId} and status = 'processing'
        on conflict (dedupe_key) do nothing`);
      return;
    }
    const [payment] = rowsOf<{ invoice_id: string; customer_id: string; amount_minor: string }>(
      await tx.execute(sql`update payments set status = 'succeeded', gateway_charge_id = ${`ch_bench_${event.payment}`}, outcome_unknown = false, settled_at = now(), updated_at = now(),
          next_action_url = null, failure_code = null, decline_code = null, failure_message = null
        where id = ${paymentId} and status in ('processing', 'requires_action')
        returning invoice_id, customer_id, amount_minor::text`),
    );
    if (!payment) return;
    const [invoice] = rowsOf<{ number: string; status: string }>(
      await tx.execute(sql`update invoices set
          amount_paid_minor = amount_paid_minor + least(amount_remaining_minor, ${payment.amount_minor}::bigint),
          amount_remaining_minor = amount_remaining_minor - least(amount_remaining_minor, ${payment.amount_minor}::bigint),
          status = case when amount_remaining_minor <= ${payment.amount_minor}::bigint then 'paid' else status end,
          paid_at = case when amount_remaining_minor <= ${payment.amount_minor}::bigint then now() else paid_at end
        where id = ${payment.invoice_id} and status = 'open'
        returning number, status`),
    );
    const summary = JSON.stringify({ invoiceNumber: invoice?.number ?? null, amountMinor: payment.amount_minor, currency: 'EUR', attempt: 1, method: null, overpaidMinor: '0' });
    const paid = invoice?.status === 'paid';
    await tx.execute(sql`insert into timeline_events (id, customer_id, occurred_at, kind, invoice_id, payment_id, data, dedupe_key, created_at)
      values (${newId('tl')}, ${payment.customer_id}, now(), 'payment.succeeded', ${payment.invoice_id}, ${paymentId}, ${summary}::jsonb, ${`${paymentId}:succeeded`}, now())
      ${paid ? sql`, (${newId('tl')}, ${payment.customer_id}, now(), 'invoice.paid', ${payment.invoice_id}, ${paymentId}, ${JSON.stringify({ invoiceNumber: invoice.number })}::jsonb, ${`${payment.invoice_id}:paid`}, now())` : sql``}
      on conflict (dedupe_key) do nothing`);
    await tx.execute(sql`insert into jobs (id, queue, payload, dedupe_key, run_at)
      values (${newId('job')}, 'payment.receipt', ${JSON.stringify({ paymentId })}::jsonb, ${`receipt:${paymentId}`}, now())
      on conflict (dedupe_key) do nothing`);
  });
}

/** Where the server's database is, how to watch it while the server runs, and how to audit it after. */
interface SystemDatabase {
  env: Record<string, string>;
  /** Payments still not succeeded (read while the server runs). */
  unsettled(origin: string): Promise<number>;
  audit(): Promise<Awaited<ReturnType<typeof audit>>>;
  close(): Promise<void>;
}

async function systemDatabase(n: number): Promise<SystemDatabase> {
  const fresh = process.env.DATABASE_URL ? await freshDatabase({ maxConnections: 2 }) : null;
  if (fresh) {
    const { db } = fresh.handle;
    try {
      await seed(db, n);
    } catch (error) {
      await fresh.close();
      throw error;
    }
    return {
      env: { DATABASE_URL: fresh.url! },
      unsettled: async () => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from payments where id like 'pay_bench_%' and status <> 'succeeded'`))[0]!.n,
      audit: () => audit(db),
      close: () => fresh.close(),
    };
  }
  // PGlite: one process per data folder, so seed it, close it, and let the server open it; while
  // the server runs, progress is read through its REST API (open invoices: paid in the same
  // transaction as the payment succeeds); the audit opens the folder again once it has stopped.
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-bench-webhooks-'));
  const open = async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir, command: 'bench webhooks' });
    await migrateDatabase(handle);
    return handle;
  };
  let apiSecret: string;
  const handle = await open();
  try {
    await seed(handle.db, n);
    apiSecret = (await createApiKey(handle.db, { name: 'bench' }, { type: 'cli' }, new Date())).secret;
  } finally {
    await handle.close();
  }
  return {
    env: { SETTLE_DATA_DIR: dataDir },
    unsettled: async (origin) => {
      const response = await fetch(`${origin}/api/v1/invoices?status=open&limit=100`, { headers: { authorization: `Bearer ${apiSecret}` } });
      if (!response.ok) throw new Error(`GET /api/v1/invoices answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const page = (await response.json()) as { data: unknown[]; nextCursor: string | null };
      return page.nextCursor ? 100 + page.data.length : page.data.length;
    },
    audit: async () => {
      const again: DatabaseHandle = await open();
      try {
        return await audit(again.db);
      } finally {
        await again.close();
      }
    },
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function webhooksBench(): Promise<void> {
  const n = Number(process.env.BENCH_EVENTS ?? 2000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const plan = planEvents(n);
  const { events } = plan;
  const created = Math.floor(Date.now() / 1000) - 60;
  log(`${n} payments, ${events.length} deliveries (${plan.distinct} distinct events, ${plan.duplicates} duplicates, ${plan.outOfOrder} processing after success), concurrency ${concurrency}, ${kind}`);

  // Baseline: plain SQL on a fresh database of the same kind, as many connections as the server's pool.
  const baselineDb = await freshDatabase({ maxConnections: 10 });
  let baseline: number;
  let baselineAudit: Awaited<ReturnType<typeof audit>>;
  try {
    await seed(baselineDb.handle.db, n);
    const started = process.hrtime.bigint();
    await inOrder(events, concurrency, (event) => applyInPlainSql(baselineDb.handle.db, event, created));
    baseline = events.length / seconds(started);
    baselineAudit = await audit(baselineDb.handle.db);
  } finally {
    await baselineDb.close();
  }
  log(`baseline (plain SQL): ${baseline.toFixed(1)} events/s; unsettled ${baselineAudit.paymentsUnsettled}, double-applied ${baselineAudit.doubleApplied}`);
  if (baselineAudit.paymentsUnsettled !== 0 || baselineAudit.doubleApplied !== 0) throw new Error(`the baseline is wrong: ${JSON.stringify(baselineAudit)}`);

  // The system: the production server on its own database.
  const database = await systemDatabase(n);
  let server: RunningServer | undefined;
  try {
    server = await startServer('webhooks', { STRIPE_SECRET_KEY: 'sk_test_bench_key', STRIPE_WEBHOOK_SECRET: webhookSecret, ...database.env });
    const { origin } = server;
    const url = `${origin}/api/webhooks/stripe`;
    log(`server up at ${origin} (log: ${server.logPath})`);
    // Warm-up, not measured: load the route and the gateway (refused signatures store nothing).
    await Promise.all(
      Array.from({ length: concurrency }, () =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, body: events[0]!.body }).then((r) => r.text()),
      ),
    );

    const latencies: number[] = [];
    const refused: string[] = [];
    const started = process.hrtime.bigint();
    await inOrder(events, concurrency, async (event) => {
      const t = Math.floor(Date.now() / 1000);
      const before = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(event.body, webhookSecret, t) },
        body: event.body,
      });
      const text = await response.text();
      latencies.push(performance.now() - before);
      if (response.status !== 200) refused.push(`${event.id}: ${response.status} ${text.slice(0, 200)}`);
    });
    const postSeconds = seconds(started);
    log(`posted ${events.length} in ${postSeconds.toFixed(2)} s; waiting for every payment to succeed`);
    let unsettled = await database.unsettled(origin);
    const deadline = Date.now() + 60_000 + n * 50;
    while (unsettled > 0) {
      if (Date.now() > deadline) break;
      await sleep(100);
      unsettled = await database.unsettled(origin);
    }
    const systemSeconds = seconds(started);
    if (unsettled > 0) log(`gave up: ${unsettled} payments still not succeeded after ${systemSeconds.toFixed(1)} s`);
    // Let the stale `processing` deliveries that came last finish before the server stops.
    await sleep(500);
    await server.stop();

    const checked = await database.audit();
    latencies.sort((a, b) => a - b);
    const system = events.length / systemSeconds;
    const ok = refused.length === 0 && unsettled === 0 && checked.doubleApplied === 0 && checked.invoicesUnpaid === 0 && checked.eventsPending === 0 && checked.eventsStored === plan.distinct;
    if (refused.length) log(`${refused.length} deliveries not answered 200, e.g. ${refused.slice(0, 3).join(' | ')}`);
    log(`audit: ${JSON.stringify(checked)}`);
    report({
      scenario: 'webhooks',
      unit: 'events/s',
      system,
      baseline,
      ratio: system / baseline,
      p99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
      doubleApplied: checked.doubleApplied,
      p50Ms: Math.round(percentile(latencies, 0.5) * 10) / 10,
      events: events.length,
      payments: n,
      duplicates: plan.duplicates,
      outOfOrder: plan.outOfOrder,
      concurrency,
      postSeconds: Math.round(postSeconds * 100) / 100,
      systemSeconds: Math.round(systemSeconds * 100) / 100,
      non200: refused.length,
      unsettled: checked.paymentsUnsettled,
      webhookJobsRetried: checked.webhookJobsRetried,
      database: kind,
      ok,
    });
    if (!ok) process.exitCode = 1;
  } finally {
    await server?.stop();
    await database.close();
  }
}
