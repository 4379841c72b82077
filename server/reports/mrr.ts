// MRR and ARR over a period, with the movements between consecutive month points, customer by
// customer (a customer's MRR is the sum of all their products'):
//   new         = MRR(b)            where MRR(a) = 0 < MRR(b)   (reactivations count as new)
//   expansion   = MRR(b) − MRR(a)   where 0 < MRR(a) < MRR(b)
//   contraction = MRR(a) − MRR(b)   where 0 < MRR(b) < MRR(a)
//   churned     = MRR(a)            where MRR(a) > 0 = MRR(b)
// so that MRR(end) = MRR(start) + new + expansion − contraction − churned, and ARR = 12 × MRR.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { checkFilter, monthPoints, type ReportFilter } from './filter';
import { mrrAtPoints } from './mrr-base';
import { big, rowsOf } from './numbers';

export interface MrrPoint {
  at: Date;
  mrrMinor: bigint;
  arrMinor: bigint;
  customers: number;
}

export interface MrrMovement {
  from: Date;
  to: Date;
  newMinor: bigint;
  expansionMinor: bigint;
  contractionMinor: bigint;
  churnedMinor: bigint;
}

export interface MrrReport {
  currency: string;
  points: MrrPoint[];
  movements: MrrMovement[];
  totals: Omit<MrrMovement, 'from' | 'to'> & { startMinor: bigint; endMinor: bigint; netMinor: bigint };
}

type Row = { k: number; mrr: string | null; customers: number; new_m: string | null; expansion: string | null; contraction: string | null; churned: string | null };

export async function mrrReport(db: Database, input: ReportFilter): Promise<MrrReport> {
  const filter = checkFilter(input);
  const points = monthPoints(filter);
  const rows = rowsOf<Row>(
    await db.execute(sql`with ${mrrAtPoints(filter, points)},
      -- Each customer's months in order (one sort): the month before and after, when present.
      steps as materialized (
        select k, m, lag(k) over w as prev_k, lag(m) over w as prev_m, lead(k) over w as next_k
        from mrr window w as (partition by customer_id order by k)
      ),
      level as (select k, sum(m)::text as mrr, count(*)::int as customers from steps group by k),
      -- (before, after) for each customer and step k-1 → k: a month present at k compares with k-1
      -- (0 when absent); a month present at k-1 but not at k ends at 0.
      moves as (
        select k, case when prev_k = k - 1 then prev_m else 0 end as before, m as after from steps where k > 1
        union all
        select k + 1, m, 0 from steps where k < ${points.length} and (next_k is null or next_k > k + 1)
      ),
      movement as (
        select k,
          sum(after) filter (where before = 0 and after > 0)::text as new_m,
          sum(after - before) filter (where before > 0 and after > before)::text as expansion,
          sum(before - after) filter (where after > 0 and after < before)::text as contraction,
          sum(before) filter (where before > 0 and after = 0)::text as churned
        from moves group by k
      )
      select pts.k, level.mrr, coalesce(level.customers, 0) as customers, movement.new_m, movement.expansion, movement.contraction, movement.churned
      from pts left join level on level.k = pts.k left join movement on movement.k = pts.k
      order by pts.k`),
  );
  const mrrPoints = rows.map((row, index) => ({ at: points[index]!, mrrMinor: big(row.mrr), arrMinor: 12n * big(row.mrr), customers: Number(row.customers) }));
  const movements = rows.slice(1).map((row, index) => ({
    from: points[index]!,
    to: points[index + 1]!,
    newMinor: big(row.new_m),
    expansionMinor: big(row.expansion),
    contractionMinor: big(row.contraction),
    churnedMinor: big(row.churned),
  }));
  const sum = (pick: (m: MrrMovement) => bigint) => movements.reduce((total, m) => total + pick(m), 0n);
  const startMinor = mrrPoints[0]!.mrrMinor;
  const endMinor = mrrPoints[mrrPoints.length - 1]!.mrrMinor;
  return {
    currency: filter.currency,
    points: mrrPoints,
    movements,
    totals: {
      startMinor,
      endMinor,
      netMinor: endMinor - startMinor,
      newMinor: sum((m) => m.newMinor),
      expansionMinor: sum((m) => m.expansionMinor),
      contractionMinor: sum((m) => m.contractionMinor),
      churnedMinor: sum((m) => m.churnedMinor),
    },
  };
}
