// Payments seen by finance: how often they succeed, what went back out, and cash against payouts.
//   success rate        = succeeded / (succeeded + failed) of attempts created in the period,
//                         per gateway and payment-method type (in-flight and canceled left out)
//   refund rate         = refunded amount / collected amount, both in the period
//   dispute rate        = disputes opened / payments succeeded, both in the period
//   cash collected      = succeeded payments settled in the month − refunds succeeded in it
//   paid out            = payouts marked paid arriving in the month
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { checkFilter, monthPoints, type ReportFilter } from './filter';
import { pointsArray } from './mrr-base';
import { basisPoints, big, rowsOf } from './numbers';

export interface SuccessRow {
  gateway: string;
  method: string;
  attempts: number;
  succeeded: number;
  failed: number;
  succeededMinor: bigint;
  rateBp: number | null;
}

export async function paymentSuccessReport(db: Database, input: ReportFilter): Promise<{ currency: string; rows: SuccessRow[]; total: Omit<SuccessRow, 'gateway' | 'method'> }> {
  const filter = checkFilter(input);
  const rows = rowsOf<Record<string, string | number>>(
    await db.execute(sql`select p.gateway, coalesce(m.type, case when p.gateway = 'bank_transfer' then 'bank_transfer' else 'none' end) as method,
        count(*) filter (where p.status = 'succeeded')::int as succeeded, count(*) filter (where p.status = 'failed')::int as failed,
        coalesce(sum(p.amount_minor) filter (where p.status = 'succeeded'), 0)::text as amount
      from payments p left join payment_methods m on m.id = p.payment_method_id
      where p.currency = ${filter.currency} and p.status in ('succeeded', 'failed')
        and p.created_at >= ${filter.from.toISOString()}::timestamptz and p.created_at < ${filter.to.toISOString()}::timestamptz
      group by 1, 2 order by 1, 2`),
  );
  const list = rows.map((row) => {
    const succeeded = Number(row.succeeded);
    const failed = Number(row.failed);
    return { gateway: String(row.gateway), method: String(row.method), attempts: succeeded + failed, succeeded, failed, succeededMinor: big(row.amount), rateBp: basisPoints(succeeded, succeeded + failed) };
  });
  const succeeded = list.reduce((sum, r) => sum + r.succeeded, 0);
  const failed = list.reduce((sum, r) => sum + r.failed, 0);
  return {
    currency: filter.currency,
    rows: list,
    total: { attempts: succeeded + failed, succeeded, failed, succeededMinor: list.reduce((sum, r) => sum + r.succeededMinor, 0n), rateBp: basisPoints(succeeded, succeeded + failed) },
  };
}

export interface MonthRow {
  from: Date;
  to: Date;
}

export interface RefundsDisputesReport {
  currency: string;
  months: Array<MonthRow & { collectedMinor: bigint; payments: number; refunds: number; refundedMinor: bigint; disputes: number; disputedMinor: bigint; lostMinor: bigint }>;
  totals: { collectedMinor: bigint; payments: number; refunds: number; refundedMinor: bigint; disputes: number; disputedMinor: bigint; lostMinor: bigint; refundRateBp: number | null; disputeRateBp: number | null };
}

/**
 * One grouped scan of a table by month of the period: width_bucket numbers the month an instant
 * falls in (1 = the first), so each table is read once rather than once per month.
 */
async function byMonth(db: Database, points: Date[], query: (from: SQL, to: SQL) => SQL): Promise<Map<number, Record<string, string | number>>> {
  const from = sql`${points[0]!.toISOString()}::timestamptz`;
  const to = sql`${points[points.length - 1]!.toISOString()}::timestamptz`;
  const rows = rowsOf<Record<string, string | number>>(await db.execute(query(from, to)));
  return new Map(rows.map((row) => [Number(row.k), row]));
}

const monthOf = (column: SQL, points: Date[]) => sql`width_bucket(${column}, ${pointsArray(points)})`;

/** Succeeded payments by the month they settled in: count and amount. */
const settledPayments = (db: Database, points: Date[], currency: string) =>
  byMonth(db, points, (from, to) => sql`select ${monthOf(sql`settled_at`, points)} as k, count(*)::int as n, sum(amount_minor)::text as amount
    from payments where currency = ${currency} and status = 'succeeded' and settled_at >= ${from} and settled_at < ${to} group by 1`);

/** Succeeded refunds by the month they were made in. */
const succeededRefunds = (db: Database, points: Date[], currency: string) =>
  byMonth(db, points, (from, to) => sql`select ${monthOf(sql`created_at`, points)} as k, count(*)::int as n, sum(amount_minor)::text as amount
    from refunds where currency = ${currency} and status = 'succeeded' and created_at >= ${from} and created_at < ${to} group by 1`);

const months = (points: Date[]) => points.slice(0, -1).map((from, index) => ({ k: index + 1, from, to: points[index + 1]! }));

export async function refundsDisputesReport(db: Database, input: ReportFilter): Promise<RefundsDisputesReport> {
  const filter = checkFilter(input);
  const points = monthPoints(filter);
  const [paid, refunded, disputed] = await Promise.all([
    settledPayments(db, points, filter.currency),
    succeededRefunds(db, points, filter.currency),
    byMonth(db, points, (from, to) => sql`select ${monthOf(sql`opened_at`, points)} as k, count(*)::int as n, sum(amount_minor)::text as amount,
        coalesce(sum(amount_minor) filter (where status = 'lost'), 0)::text as lost
      from disputes where currency = ${filter.currency} and opened_at >= ${from} and opened_at < ${to} group by 1`),
  ]);
  const list = months(points).map(({ k, from, to }) => ({
    from,
    to,
    collectedMinor: big(paid.get(k)?.amount),
    payments: Number(paid.get(k)?.n ?? 0),
    refunds: Number(refunded.get(k)?.n ?? 0),
    refundedMinor: big(refunded.get(k)?.amount),
    disputes: Number(disputed.get(k)?.n ?? 0),
    disputedMinor: big(disputed.get(k)?.amount),
    lostMinor: big(disputed.get(k)?.lost),
  }));
  const sumBig = (pick: (m: (typeof list)[number]) => bigint) => list.reduce((total, m) => total + pick(m), 0n);
  const sumNum = (pick: (m: (typeof list)[number]) => number) => list.reduce((total, m) => total + pick(m), 0);
  const collectedMinor = sumBig((m) => m.collectedMinor);
  const refundedMinor = sumBig((m) => m.refundedMinor);
  const payments = sumNum((m) => m.payments);
  const disputes = sumNum((m) => m.disputes);
  return {
    currency: filter.currency,
    months: list,
    totals: {
      collectedMinor,
      payments,
      refunds: sumNum((m) => m.refunds),
      refundedMinor,
      disputes,
      disputedMinor: sumBig((m) => m.disputedMinor),
      lostMinor: sumBig((m) => m.lostMinor),
      refundRateBp: basisPoints(refundedMinor, collectedMinor),
      disputeRateBp: basisPoints(disputes, payments),
    },
  };
}

export interface CashReport {
  currency: string;
  months: Array<MonthRow & { collectedMinor: bigint; refundedMinor: bigint; netMinor: bigint; paidOutMinor: bigint; payouts: number }>;
  totals: { collectedMinor: bigint; refundedMinor: bigint; netMinor: bigint; paidOutMinor: bigint; payouts: number };
}

export async function cashReport(db: Database, input: ReportFilter): Promise<CashReport> {
  const filter = checkFilter(input);
  const points = monthPoints(filter);
  const [paid, refunded, paidOut] = await Promise.all([
    settledPayments(db, points, filter.currency),
    succeededRefunds(db, points, filter.currency),
    byMonth(db, points, (from, to) => sql`select ${monthOf(sql`arrival_date`, points)} as k, count(*)::int as n, sum(amount_minor)::text as amount
      from payouts where currency = ${filter.currency} and status = 'paid' and arrival_date >= ${from} and arrival_date < ${to} group by 1`),
  ]);
  const list = months(points).map(({ k, from, to }) => {
    const collectedMinor = big(paid.get(k)?.amount);
    const refundedMinor = big(refunded.get(k)?.amount);
    return { from, to, collectedMinor, refundedMinor, netMinor: collectedMinor - refundedMinor, paidOutMinor: big(paidOut.get(k)?.amount), payouts: Number(paidOut.get(k)?.n ?? 0) };
  });
  const sum = (pick: (m: (typeof list)[number]) => bigint) => list.reduce((total, m) => total + pick(m), 0n);
  return {
    currency: filter.currency,
    months: list,
    totals: {
      collectedMinor: sum((m) => m.collectedMinor),
      refundedMinor: sum((m) => m.refundedMinor),
      netMinor: sum((m) => m.netMinor),
      paidOutMinor: sum((m) => m.paidOutMinor),
      payouts: list.reduce((total, m) => total + m.payouts, 0),
    },
  };
}
