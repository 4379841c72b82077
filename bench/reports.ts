// reports: every finance report over 1,000,000 invoices of 100,000 customers (36 months of
// monthly subscriptions: lines, payments and retries, refunds, disputes, dunning outcomes,
// payouts, credit notes), seeded in set-based SQL (not measured). Each report runs through the
// app's domain function (server/reports) and, in the same run on the same data, as the best plain
// SQL we could write by hand for the same figures. The period is the last 12 months, in EUR.
// Each is timed 5 times after a warm-up; a report's time is the median of its runs.
// system = Σ of the reports' median times through the app; baseline = Σ of the plain-SQL medians.
//
//   DATABASE_URL=postgres://… npm run bench -- reports
//   npm run bench -- reports     (PGlite: 100,000 invoices and 10,000 customers by default; set
//                                 BENCH_INVOICES to change the scale, customers = invoices / 10)
import { sql, type SQL } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '@/db/client';
import { reportNames, runReport, type ReportName } from '@/server/reports';
import { report } from './harness';

const log = (message: string) => console.error(`bench reports: ${message}`);
const now = new Date('2026-11-01T00:00:00Z');
const from = new Date('2025-11-01T00:00:00Z');
const runs = 5;

async function seed(db: Database, invoices: number) {
  const customers = Math.max(1, Math.floor(invoices / 10));
  const base = sql`'2023-11-01T00:00:00Z'::timestamptz`;
  const step = async (label: string, ...queries: SQL[]) => {
    const started = performance.now();
    for (const query of queries) await db.execute(query);
    log(`seeded ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await step('products and prices', sql`insert into products (id, name) select 'bprod_' || g, (array['Starter', 'Growth', 'Scale', 'Enterprise'])[g] from generate_series(1, 4) g`,
    sql`insert into prices (id, product_id, currency, type, interval, interval_count, usage_type, billing_scheme, unit_amount_minor, tax_behavior)
      select 'bprice_' || g || '_' || cur, 'bprod_' || g, cur, 'recurring', 'month', 1, 'licensed', 'per_unit', (array[1900, 4900, 9900, 29900])[g], 'exclusive'
      from generate_series(1, 4) g, unnest(array['EUR', 'USD']) cur`);
  // Customer c: 1 in 10 bills in USD; country rotates; a saved card or SEPA method each.
  await step(`${customers} customers`, sql`insert into customers (id, name, email, currency, country)
    select 'bcus_' || c, 'Customer ' || c, 'c' || c || '@bench.example', case when c % 10 = 0 then 'USD' else 'EUR' end, (array['FR', 'DE', 'ES', 'IT', 'NL'])[1 + c % 5]
    from generate_series(1, ${customers}) c`);
  await step('payment methods', sql`insert into payment_methods (id, customer_id, gateway, gateway_payment_method_id, type, is_default)
    select 'bpm_' || c, 'bcus_' || c, 'sandbox', 'gpm_' || c, case when c % 4 = 0 then 'sepa_debit' else 'card' end, true from generate_series(1, ${customers}) c`);
  // Invoice g: customer c's k-th month (10 each), from a start month spread over 27 months.
  // Some customers upgrade half-way (expansion), one in 23 ends unpaid (involuntary churn).
  await step(`${invoices} invoices`, sql`insert into invoices (id, number, customer_id, status, billing_reason, collection_method, currency, period_start, period_end,
      subtotal_minor, tax_minor, total_minor, amount_due_minor, amount_paid_minor, amount_remaining_minor, due_at, finalized_at, paid_at, voided_at, marked_uncollectible_at, customer_snapshot, created_at)
    select 'bin_' || g, 'B-' || g, 'bcus_' || c, status, 'subscription_cycle', case when c % 4 = 3 then 'send_invoice' else 'charge_automatically' end,
      case when c % 10 = 0 then 'USD' else 'EUR' end, ps, ps + interval '1 month', amount, amount / 5, amount * 6 / 5, amount * 6 / 5,
      case when status = 'paid' then amount * 6 / 5 else 0 end, case when status = 'open' then amount * 6 / 5 else 0 end,
      ps + case when c % 4 = 3 then interval '14 days' else interval '0' end, ps,
      case when status = 'paid' then ps + ((g % 30) || ' days')::interval end,
      case when status = 'void' then ps + interval '2 days' end, case when status = 'uncollectible' then ps + interval '25 days' end,
      jsonb_build_object('address', jsonb_build_object('country', (array['FR', 'DE', 'ES', 'IT', 'NL'])[1 + c % 5])), ps
    from (
      select g, c, k, ps, (array[1900, 4900, 9900, 29900])[p] as amount, p,
        case when ps > ${now.toISOString()}::timestamptz - interval '40 days' and g % 3 = 0 then 'open'
             when c % 23 = 0 and k = 9 then 'uncollectible' when g % 211 = 0 then 'void' else 'paid' end as status
      from (
        select g, c, k, ${base} + (((c * 7919) % 27 + k) || ' months')::interval as ps,
          1 + (c % 3) + case when c % 7 = 0 and k >= 5 then 1 else 0 end as p
        from (select g, 1 + (g - 1) / 10 as c, (g - 1) % 10 as k from generate_series(1, ${invoices}) g) s
      ) s
    ) s`);
  await step('invoice lines', sql`insert into invoice_lines (id, invoice_id, position, description, price_id, subscription_item_id, quantity, amount_minor, tax_minor, tax_rate, tax_label, tax_behavior, period_start, period_end)
    select 'bil_' || substr(i.id, 5), i.id, 0, 'Plan', 'bprice_' || (case i.subtotal_minor when 1900 then 1 when 4900 then 2 when 9900 then 3 else 4 end) || '_' || i.currency,
      'bsi_' || substr(i.customer_id, 6), 1, i.subtotal_minor, i.tax_minor, '20', 'VAT', 'exclusive', i.period_start, i.period_end
    from invoices i where i.id like 'bin_%'`);
  // Attempt 1 fails for one invoice in 12 (retried: attempt 2 succeeds when the invoice is paid).
  await step('payments', sql`insert into payments (id, invoice_id, customer_id, attempt, gateway, payment_method_id, idempotency_key, gateway_payment_id, amount_minor, currency, status, initiated_by, decline_code, failure_code, created_at, settled_at)
    select 'bpay_' || n || '_' || a, i.id, i.customer_id, a, case when i.collection_method = 'send_invoice' then 'bank_transfer' else 'sandbox' end,
      case when i.collection_method = 'send_invoice' then null else 'bpm_' || substr(i.customer_id, 6) end, 'bk_' || n || '_' || a, 'gp_' || n || '_' || a, i.amount_due_minor, i.currency,
      case when a = 1 and n % 12 = 0 then 'failed' else 'succeeded' end, 'automatic',
      case when a = 1 and n % 12 = 0 then (array['insufficient_funds', 'do_not_honor', 'expired_card', 'stolen_card'])[1 + n % 4] end,
      case when a = 1 and n % 12 = 0 then 'card_declined' end,
      i.finalized_at + (a - 1) * interval '3 days', case when not (a = 1 and n % 12 = 0) then coalesce(i.paid_at, i.finalized_at) end
    from (select i.*, substr(i.id, 5)::int as n from invoices i where i.id like 'bin_%' and i.status in ('paid', 'open', 'uncollectible')) i
    cross join lateral (select a from generate_series(1, 2) a) t
    where (a = 1 and (i.status = 'paid' or n % 12 = 0)) or (a = 2 and n % 12 = 0 and i.status = 'paid')`);
  await step('dunning outcomes', sql`insert into dunning_outcomes (id, invoice_id, customer_id, outcome, attempts, days_in_dunning, amount_minor, currency, recorded_at)
    select 'bdno_' || substr(i.id, 5), i.id, i.customer_id, case when i.status = 'paid' then 'recovered' else 'lost' end, case when i.status = 'paid' then 2 else 4 end, 3,
      i.amount_due_minor, i.currency, i.finalized_at + interval '3 days'
    from invoices i where i.id like 'bin_%' and substr(i.id, 5)::int % 12 = 0 and i.status in ('paid', 'uncollectible')`);
  await step('refunds and disputes', sql`insert into refunds (id, payment_id, invoice_id, customer_id, gateway, amount_minor, currency, status, created_at)
      select 'bre_' || p.id, p.id, p.invoice_id, p.customer_id, p.gateway, p.amount_minor / 2, p.currency, 'succeeded', p.settled_at + interval '5 days'
      from payments p where p.id like 'bpay_%' and p.status = 'succeeded' and substr(p.invoice_id, 5)::int % 100 = 7`,
    sql`insert into disputes (id, payment_id, invoice_id, customer_id, gateway, gateway_dispute_id, amount_minor, currency, reason, status, opened_at)
      select 'bdp_' || p.id, p.id, p.invoice_id, p.customer_id, p.gateway, 'gd_' || p.id, p.amount_minor, p.currency, 'fraudulent', case when p.amount_minor % 2 = 0 then 'lost' else 'won' end, p.settled_at + interval '20 days'
      from payments p where p.id like 'bpay_%' and p.status = 'succeeded' and substr(p.invoice_id, 5)::int % 1000 = 3`);
  await step('payouts and credit notes', sql`insert into payouts (id, gateway, gateway_payout_id, amount_minor, currency, status, arrival_date, gateway_created_at)
      select 'bpo_' || cur || d::date, 'sandbox', 'gpo_' || cur || d::date, 100000 + (extract(doy from d)::int * 997) % 50000, cur, 'paid', d, d
      from generate_series(${base}, ${now.toISOString()}::timestamptz, interval '1 day') d, unnest(array['EUR', 'USD']) cur`,
    sql`insert into credit_notes (id, number, invoice_id, customer_id, currency, reason, subtotal_minor, tax_minor, total_minor, applied_to_invoice_minor, credited_to_balance_minor, lines, created_at)
      select 'bcn_' || substr(i.id, 5), 'BCN-' || substr(i.id, 5), i.id, i.customer_id, i.currency, 'goodwill', i.subtotal_minor / 10, i.tax_minor / 10, i.total_minor / 10, 0, i.total_minor / 10, '[]', i.finalized_at + interval '7 days'
      from invoices i where i.id like 'bin_%' and substr(i.id, 5)::int % 500 = 11`);
  // Vacuumed as autovacuum leaves settled data: the visibility map lets index-only scans skip the table.
  await step('vacuum and analyze', sql`vacuum analyze`);
}

// The same figures as plain SQL, written by hand for speed: one statement each, no layering.
const t0 = sql`${from.toISOString()}::timestamptz`;
const t1 = sql`${now.toISOString()}::timestamptz`;
const monthly = sql`generate_series(${t0}, ${t1}, interval '1 month')`;
const twoPoint = (byProduct: boolean) => sql`with l as (
    select i.customer_id${byProduct ? sql`, pr.product_id` : sql``}, l.period_start, l.period_end, l.amount_minor - l.discount_minor as m
    from invoice_lines l join invoices i on i.id = l.invoice_id ${byProduct ? sql`join prices pr on pr.id = l.price_id` : sql``}
    where l.subscription_item_id is not null and not l.proration and (tstzrange(l.period_start, l.period_end) @> ${t0} or tstzrange(l.period_start, l.period_end) @> ${t1})
      and i.currency = 'EUR' and i.status in ('open', 'paid')
  ), e as (
    select customer_id${byProduct ? sql`, product_id` : sql``}, sum(m) filter (where period_start <= ${t0} and ${t0} < period_end) as a, coalesce(sum(m) filter (where period_start <= ${t1} and ${t1} < period_end), 0) as b
    from l group by 1${byProduct ? sql`, 2` : sql``}
  )`;
const baselines: Record<ReportName, SQL | SQL[]> = {
  mrr: sql`select p, sum(l.amount_minor - l.discount_minor) from ${monthly} p
    join invoice_lines l on l.period_start <= p and p < l.period_end and l.subscription_item_id is not null and not l.proration
    join invoices i on i.id = l.invoice_id and i.currency = 'EUR' and i.status in ('open', 'paid')
    where l.period_end > ${t0} and l.period_start <= ${t1} group by p`,
  churn: sql`${twoPoint(false)} select count(*) filter (where a > 0), count(*) filter (where a > 0 and b = 0), sum(a) filter (where b = 0) from e`,
  nrr: sql`${twoPoint(false)} select sum(a), sum(b), sum(least(a, b)) from e where a > 0`,
  ageing: sql`select width_bucket(extract(epoch from ${t1} - due_at) / 86400, array[1, 31, 61, 91]), count(*), sum(amount_remaining_minor)
    from invoices where currency = 'EUR' and status = 'open' and finalized_at <= ${t1} group by 1`,
  dso: sql`select (select sum(amount_remaining_minor) from invoices where currency = 'EUR' and status = 'open'),
    (select sum(amount_due_minor) from invoices where currency = 'EUR' and finalized_at >= ${t0} and finalized_at < ${t1} and status <> 'void'),
    (select avg(extract(epoch from paid_at - finalized_at)) from invoices where currency = 'EUR' and paid_at >= ${t0} and paid_at < ${t1})`,
  'late-payers': sql`select customer_id, count(*), count(*) filter (where paid_at > due_at) from invoices
    where currency = 'EUR' and paid_at >= ${t0} and paid_at < ${t1} group by customer_id having count(*) >= 3 and 2 * count(*) filter (where paid_at > due_at) >= count(*)`,
  dunning: sql`select o.outcome, o.attempts, p.decline_code, count(*), sum(o.amount_minor) from dunning_outcomes o
    join payments p on p.invoice_id = o.invoice_id and p.attempt = 1
    where o.currency = 'EUR' and o.recorded_at >= ${t0} and o.recorded_at < ${t1} group by 1, 2, 3`,
  'payment-success': sql`select p.gateway, m.type, count(*) filter (where p.status = 'succeeded'), count(*) filter (where p.status = 'failed')
    from payments p left join payment_methods m on m.id = p.payment_method_id
    where p.currency = 'EUR' and p.created_at >= ${t0} and p.created_at < ${t1} group by 1, 2`,
  'refunds-disputes': [
    sql`select date_trunc('month', settled_at), sum(amount_minor) from payments where currency = 'EUR' and status = 'succeeded' and settled_at >= ${t0} and settled_at < ${t1} group by 1`,
    sql`select date_trunc('month', created_at), sum(amount_minor) from refunds where currency = 'EUR' and created_at >= ${t0} and created_at < ${t1} group by 1`,
    sql`select date_trunc('month', opened_at), count(*), sum(amount_minor) from disputes where currency = 'EUR' and opened_at >= ${t0} and opened_at < ${t1} group by 1`,
  ],
  cash: [
    sql`select date_trunc('month', settled_at), sum(amount_minor) from payments where currency = 'EUR' and status = 'succeeded' and settled_at >= ${t0} and settled_at < ${t1} group by 1`,
    sql`select date_trunc('month', arrival_date), sum(amount_minor) from payouts where currency = 'EUR' and status = 'paid' and arrival_date >= ${t0} and arrival_date < ${t1} group by 1`,
  ],
  tax: sql`select i.customer_snapshot->'address'->>'country', l.tax_rate, sum(l.tax_minor) from invoices i join invoice_lines l on l.invoice_id = i.id
    where i.currency = 'EUR' and i.finalized_at >= ${t0} and i.finalized_at < ${t1} and i.status <> 'void' group by 1, 2`,
  'product-churn': sql`${twoPoint(true)} select product_id, count(*), count(*) filter (where b = 0), sum(a) filter (where b = 0) from e where a > 0 group by 1`,
};

async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function reportsBench(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  const invoices = Number(process.env.BENCH_INVOICES ?? (handle.kind === 'postgres' ? 1_000_000 : 100_000));
  log(`${invoices} invoices, ${Math.floor(invoices / 10)} customers, ${handle.kind}; period ${from.toISOString().slice(0, 10)} → ${now.toISOString().slice(0, 10)}, EUR`);
  await seed(db, invoices);
  const filter = { from, to: now, currency: 'EUR' };
  const perReport: Record<string, { app: number; sql: number }> = {};
  let system = 0;
  let baseline = 0;
  for (const name of reportNames) {
    const statements = [baselines[name]].flat();
    const plain = await median(async () => {
      for (const statement of statements) await db.execute(statement);
    });
    const app = await median(() => runReport(db, name, filter));
    perReport[name] = { app: Math.round(app * 10) / 10, sql: Math.round(plain * 10) / 10 };
    system += app;
    baseline += plain;
    console.log(`${name.padEnd(18)} app ${app.toFixed(1).padStart(8)} ms   plain SQL ${plain.toFixed(1).padStart(8)} ms   ratio ${(app / plain).toFixed(2)}${app > 300 ? '   (over 300 ms)' : ''}`);
  }
  report({ scenario: 'reports', unit: 'ms', system, baseline, ratio: system / baseline, aggregate: 'sum of per-report medians', invoices, customers: Math.floor(invoices / 10), database: handle.kind, reports: perReport });
}
