// Receivables: what customers owed at an instant, how old it was, how fast they pay.
//   outstanding at t = issued invoices finalised by t and not yet paid, voided or marked
//                      uncollectible at t; amount = what remains due today if still open,
//                      otherwise the amount that was due (partial payments are not dated)
//   days past due    = whole days between the due date and t (floor); ≤ 0 is "current"
//   DSO              = outstanding at `to` / billed in the period × days in the period
//                      (billed = amount due of invoices finalised in the period, void excluded)
//   days to pay      = mean over invoices paid in the period of (paid − finalised)
//   days late        = mean over the same invoices of max(0, paid − due)
// Days are tenths of a day (123 = 12.3 days), rounded half away from zero.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { checkFilter, type ReportFilter } from './filter';
import { basisPoints, big, divRound, rowsOf, tenthsOfDay } from './numbers';

export const ageingBuckets = ['current', '1_30', '31_60', '61_90', '90_plus'] as const;
export type AgeingBucket = (typeof ageingBuckets)[number];

/** `outstanding(customer_id, due_at, amount)` at instant t, one branch per status so each uses an index. */
function outstandingAt(currency: string, at: Date): SQL {
  const t = sql`${at.toISOString()}::timestamptz`;
  const notUncollectibleYet = sql`(marked_uncollectible_at is null or marked_uncollectible_at > ${t})`;
  return sql`outstanding as (
    select customer_id, due_at, amount_remaining_minor as amount from invoices
      where currency = ${currency} and status = 'open' and finalized_at <= ${t}
    union all
    select customer_id, due_at, amount_due_minor from invoices
      where currency = ${currency} and status = 'paid' and paid_at > ${t} and finalized_at <= ${t} and ${notUncollectibleYet}
    union all
    select customer_id, due_at, amount_due_minor from invoices
      where currency = ${currency} and status = 'void' and voided_at > ${t} and finalized_at <= ${t} and ${notUncollectibleYet}
    union all
    select customer_id, due_at, amount_due_minor from invoices
      where currency = ${currency} and status = 'uncollectible' and marked_uncollectible_at > ${t} and finalized_at <= ${t}
  )`;
}

export interface AgeingReport {
  currency: string;
  asOf: Date;
  buckets: Array<{ bucket: AgeingBucket; invoices: number; amountMinor: bigint }>;
  totalMinor: bigint;
}

export async function ageingReport(db: Database, input: ReportFilter): Promise<AgeingReport> {
  const filter = checkFilter(input);
  const t = sql`${filter.to.toISOString()}::timestamptz`;
  const rows = rowsOf<{ bucket: AgeingBucket; invoices: number; amount: string }>(
    await db.execute(sql`with ${outstandingAt(filter.currency, filter.to)},
      aged as (select amount, case when due_at is null then 0 else floor(extract(epoch from ${t} - due_at) / 86400) end as days from outstanding where amount > 0)
      select case when days <= 0 then 'current' when days <= 30 then '1_30' when days <= 60 then '31_60' when days <= 90 then '61_90' else '90_plus' end as bucket,
        count(*)::int as invoices, sum(amount)::text as amount
      from aged group by 1`),
  );
  const buckets = ageingBuckets.map((bucket) => {
    const row = rows.find((r) => r.bucket === bucket);
    return { bucket, invoices: row ? Number(row.invoices) : 0, amountMinor: big(row?.amount) };
  });
  return { currency: filter.currency, asOf: filter.to, buckets, totalMinor: buckets.reduce((sum, b) => sum + b.amountMinor, 0n) };
}

export interface DsoReport {
  currency: string;
  receivablesMinor: bigint;
  billedMinor: bigint;
  periodDaysTenths: number;
  /** Tenths of a day; null when nothing was billed. */
  dsoTenths: number | null;
  paidInvoices: number;
  daysToPayTenths: number | null;
  daysLateTenths: number | null;
  onTimeBp: number | null;
}

export async function dsoReport(db: Database, input: ReportFilter): Promise<DsoReport> {
  const filter = checkFilter(input);
  const from = sql`${filter.from.toISOString()}::timestamptz`;
  const to = sql`${filter.to.toISOString()}::timestamptz`;
  const [row] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`with ${outstandingAt(filter.currency, filter.to)}
      select
        (select sum(amount)::text from outstanding) as receivables,
        (select sum(amount_due_minor)::text from invoices where currency = ${filter.currency} and finalized_at >= ${from} and finalized_at < ${to} and status <> 'void') as billed,
        paid.invoices, paid.to_pay::text as to_pay, paid.late::text as late, paid.on_time
      from (
        select count(*)::int as invoices,
          sum(extract(epoch from paid_at - finalized_at)::bigint) as to_pay,
          sum(greatest(extract(epoch from paid_at - coalesce(due_at, finalized_at))::bigint, 0)) as late,
          count(*) filter (where paid_at <= coalesce(due_at, finalized_at))::int as on_time
        from invoices where currency = ${filter.currency} and paid_at >= ${from} and paid_at < ${to} and finalized_at is not null
      ) paid`),
  );
  const receivablesMinor = big(row!.receivables as string | null);
  const billedMinor = big(row!.billed as string | null);
  const periodMs = BigInt(filter.to.getTime() - filter.from.getTime());
  const paidInvoices = Number(row!.invoices);
  return {
    currency: filter.currency,
    receivablesMinor,
    billedMinor,
    periodDaysTenths: Number(divRound(periodMs * 10n, 86_400_000n)),
    // receivables × period (ms) × 10 / (billed × ms per day): one rounding, at the end.
    dsoTenths: billedMinor === 0n ? null : Number(divRound(receivablesMinor * periodMs * 10n, billedMinor * 86_400_000n)),
    paidInvoices,
    daysToPayTenths: tenthsOfDay(big(row!.to_pay as string | null), paidInvoices),
    daysLateTenths: tenthsOfDay(big(row!.late as string | null), paidInvoices),
    onTimeBp: basisPoints(Number(row!.on_time), paidInvoices),
  };
}

export interface LatePayer {
  customerId: string;
  name: string;
  paidInvoices: number;
  lateInvoices: number;
  lateBp: number;
  /** Mean lateness of the late invoices, tenths of a day. */
  daysLateTenths: number;
}

/** A habitual late payer paid at least 3 invoices in the period and at least half of them after their due date. */
export const habitual = { minInvoices: 3, minLateBp: 5000 } as const;

export async function latePayersReport(db: Database, input: ReportFilter): Promise<{ currency: string; customers: LatePayer[] }> {
  const filter = checkFilter(input);
  const rows = rowsOf<Record<string, string | number>>(
    await db.execute(sql`select p.customer_id, c.name, p.paid, p.late, p.late_seconds::text as late_seconds
      from (
        select customer_id, count(*)::int as paid, count(*) filter (where paid_at > due_at)::int as late,
          coalesce(sum(extract(epoch from paid_at - due_at)::bigint) filter (where paid_at > due_at), 0) as late_seconds
        from invoices
        where currency = ${filter.currency} and paid_at >= ${filter.from.toISOString()}::timestamptz and paid_at < ${filter.to.toISOString()}::timestamptz and due_at is not null
        group by customer_id
        having count(*) >= ${habitual.minInvoices} and count(*) filter (where paid_at > due_at) * 10000 >= count(*) * ${habitual.minLateBp}
      ) p join customers c on c.id = p.customer_id
      order by p.late::numeric / p.paid desc, p.late_seconds / p.late desc, c.name
      limit 100`),
  );
  return {
    currency: filter.currency,
    customers: rows.map((row) => ({
      customerId: String(row.customer_id),
      name: String(row.name),
      paidInvoices: Number(row.paid),
      lateInvoices: Number(row.late),
      lateBp: basisPoints(Number(row.late), Number(row.paid))!,
      daysLateTenths: tenthsOfDay(big(row.late_seconds), Number(row.late))!,
    })),
  };
}
