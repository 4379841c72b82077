// How well dunning recovers failed payments, from the outcome recorded when each dunning ended
// (server/collections) in the period. Dunnings stopped by hand are counted but left out of rates.
//   recovery rate            = recovered / (recovered + lost)                   (also by amount)
//   recovery at attempt n    = recovered by attempt n / dunnings that reached attempt n
//                              (reached n: recovered at an attempt ≥ n, or lost after ≥ n attempts)
//   by decline code          = the same rate per decline code of the first failed payment
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { checkFilter, type ReportFilter } from './filter';
import { basisPoints, big, rowsOf } from './numbers';

export interface RecoveryRow {
  recovered: number;
  lost: number;
  recoveredMinor: bigint;
  lostMinor: bigint;
  rateBp: number | null;
}

export interface DunningReport {
  currency: string;
  overall: RecoveryRow & { stopped: number; amountRateBp: number | null };
  byAttempt: Array<{ attempt: number; reached: number; recovered: number; rateBp: number | null }>;
  byDeclineCode: Array<RecoveryRow & { code: string }>;
}

type Row = { code: string; attempts: number; outcome: 'recovered' | 'lost' | 'stopped'; n: number; amount: string };

export async function dunningReport(db: Database, input: ReportFilter): Promise<DunningReport> {
  const filter = checkFilter(input);
  const rows = rowsOf<Row>(
    await db.execute(sql`select coalesce(first.code, 'none') as code, o.attempts, o.outcome, count(*)::int as n, sum(o.amount_minor)::text as amount
      from dunning_outcomes o
      left join lateral (
        select coalesce(p.decline_code, p.failure_code) as code from payments p
        where p.invoice_id = o.invoice_id and p.status = 'failed' order by p.attempt limit 1
      ) first on true
      where o.currency = ${filter.currency} and o.recorded_at >= ${filter.from.toISOString()}::timestamptz and o.recorded_at < ${filter.to.toISOString()}::timestamptz
      group by 1, 2, 3`),
  );
  const tally = (subset: Row[]): RecoveryRow => {
    const recovered = subset.filter((r) => r.outcome === 'recovered');
    const lost = subset.filter((r) => r.outcome === 'lost');
    const count = (list: Row[]) => list.reduce((sum, r) => sum + Number(r.n), 0);
    const amount = (list: Row[]) => list.reduce((sum, r) => sum + big(r.amount), 0n);
    return { recovered: count(recovered), lost: count(lost), recoveredMinor: amount(recovered), lostMinor: amount(lost), rateBp: basisPoints(count(recovered), count(recovered) + count(lost)) };
  };
  const overall = tally(rows);
  const stopped = rows.filter((r) => r.outcome === 'stopped').reduce((sum, r) => sum + Number(r.n), 0);
  const decided = rows.filter((r) => r.outcome !== 'stopped');
  const maxAttempt = decided.reduce((max, r) => Math.max(max, Number(r.attempts)), 0);
  const byAttempt = [];
  for (let attempt = 2; attempt <= maxAttempt; attempt++) {
    const reached = decided.filter((r) => Number(r.attempts) >= attempt).reduce((sum, r) => sum + Number(r.n), 0);
    const recovered = decided.filter((r) => r.outcome === 'recovered' && Number(r.attempts) === attempt).reduce((sum, r) => sum + Number(r.n), 0);
    byAttempt.push({ attempt, reached, recovered, rateBp: basisPoints(recovered, reached) });
  }
  const codes = [...new Set(decided.map((r) => r.code))].sort();
  return {
    currency: filter.currency,
    overall: { ...overall, stopped, amountRateBp: basisPoints(overall.recoveredMinor, overall.recoveredMinor + overall.lostMinor) },
    byAttempt,
    byDeclineCode: codes.map((code) => ({ code, ...tally(decided.filter((r) => r.code === code)) })),
  };
}
