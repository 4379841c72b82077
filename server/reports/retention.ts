// Retention of the customers who paid recurring revenue when the period began (the cohort:
// MRR(from) > 0, MRR as in mrr-base), compared with their MRR when it ended:
//   logo churn      = cohort customers with MRR(to) = 0 / cohort customers
//   revenue churn   = (MRR(from) of churned customers + contraction of the others) / cohort MRR(from)
//   involuntary     = churned customers with a dunning lost in the period; voluntary = the rest
//   NRR             = Σ MRR(to) of the cohort / Σ MRR(from)          (new customers excluded)
//   GRR             = Σ min(MRR(to), MRR(from)) of the cohort / Σ MRR(from)
// Churn by product applies the same to each (customer, product) pair.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { checkFilter, type ReportFilter } from './filter';
import { mrrAtEnds } from './mrr-base';
import { basisPoints, big, rowsOf } from './numbers';

export interface ChurnReport {
  currency: string;
  startCustomers: number;
  startMrrMinor: bigint;
  churnedCustomers: number;
  voluntaryCustomers: number;
  involuntaryCustomers: number;
  churnedMrrMinor: bigint;
  voluntaryMrrMinor: bigint;
  involuntaryMrrMinor: bigint;
  contractionMinor: bigint;
  /** Basis points (10,000 = 100 %), null without a cohort. */
  logoChurnBp: number | null;
  revenueChurnBp: number | null;
}

export interface NrrReport {
  currency: string;
  cohortCustomers: number;
  startMrrMinor: bigint;
  endMrrMinor: bigint;
  expansionMinor: bigint;
  contractionMinor: bigint;
  churnedMinor: bigint;
  nrrBp: number | null;
  grrBp: number | null;
}

export interface ProductChurnRow {
  productId: string;
  productName: string;
  startCustomers: number;
  churnedCustomers: number;
  startMrrMinor: bigint;
  churnedMrrMinor: bigint;
  contractionMinor: bigint;
  logoChurnBp: number | null;
  revenueChurnBp: number | null;
}

/** The cohort's MRR at both ends, per customer (or per customer and product). */
function cohort(filter: ReportFilter, byProduct: boolean) {
  return sql`with ${mrrAtEnds(filter, byProduct)},
    cohort as (select * from ends where before > 0)`;
}

export async function churnReport(db: Database, input: ReportFilter): Promise<ChurnReport> {
  const filter = checkFilter(input);
  const [row] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`${cohort(filter, false)},
      lost as (
        select distinct customer_id from dunning_outcomes
        where outcome = 'lost' and currency = ${filter.currency}
          and recorded_at >= ${filter.from.toISOString()}::timestamptz and recorded_at < ${filter.to.toISOString()}::timestamptz
      ),
      churned as (select c.before, lost.customer_id is not null as involuntary from cohort c left join lost using (customer_id) where c.after = 0)
      select
        (select count(*)::int from cohort) as start_customers,
        (select sum(before)::text from cohort) as start_mrr,
        (select sum(before - after)::text from cohort where after > 0 and after < before) as contraction,
        (select count(*)::int from churned) as churned,
        (select count(*)::int from churned where involuntary) as involuntary,
        (select sum(before)::text from churned) as churned_mrr,
        (select sum(before)::text from churned where involuntary) as involuntary_mrr`),
  );
  const startCustomers = Number(row!.start_customers);
  const churnedCustomers = Number(row!.churned);
  const involuntaryCustomers = Number(row!.involuntary);
  const startMrrMinor = big(row!.start_mrr as string | null);
  const churnedMrrMinor = big(row!.churned_mrr as string | null);
  const involuntaryMrrMinor = big(row!.involuntary_mrr as string | null);
  const contractionMinor = big(row!.contraction as string | null);
  return {
    currency: filter.currency,
    startCustomers,
    startMrrMinor,
    churnedCustomers,
    voluntaryCustomers: churnedCustomers - involuntaryCustomers,
    involuntaryCustomers,
    churnedMrrMinor,
    voluntaryMrrMinor: churnedMrrMinor - involuntaryMrrMinor,
    involuntaryMrrMinor,
    contractionMinor,
    logoChurnBp: basisPoints(churnedCustomers, startCustomers),
    revenueChurnBp: basisPoints(churnedMrrMinor + contractionMinor, startMrrMinor),
  };
}

export async function nrrReport(db: Database, input: ReportFilter): Promise<NrrReport> {
  const filter = checkFilter(input);
  const [row] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`${cohort(filter, false)}
      select count(*)::int as customers, sum(before)::text as start_mrr, sum(after)::text as end_mrr,
        sum(after - before) filter (where after > before)::text as expansion,
        sum(before - after) filter (where after > 0 and after < before)::text as contraction,
        sum(before) filter (where after = 0)::text as churned,
        sum(least(before, after))::text as retained
      from cohort`),
  );
  const start = big(row!.start_mrr as string | null);
  return {
    currency: filter.currency,
    cohortCustomers: Number(row!.customers),
    startMrrMinor: start,
    endMrrMinor: big(row!.end_mrr as string | null),
    expansionMinor: big(row!.expansion as string | null),
    contractionMinor: big(row!.contraction as string | null),
    churnedMinor: big(row!.churned as string | null),
    nrrBp: basisPoints(big(row!.end_mrr as string | null), start),
    grrBp: basisPoints(big(row!.retained as string | null), start),
  };
}

export async function productChurnReport(db: Database, input: ReportFilter): Promise<{ currency: string; products: ProductChurnRow[] }> {
  const filter = checkFilter(input);
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`${cohort(filter, true)}
      select c.product_id, p.name, count(*)::int as start_customers, count(*) filter (where after = 0)::int as churned,
        sum(before)::text as start_mrr, coalesce(sum(before) filter (where after = 0), 0)::text as churned_mrr,
        coalesce(sum(before - after) filter (where after > 0 and after < before), 0)::text as contraction
      from cohort c join products p on p.id = c.product_id
      group by c.product_id, p.name order by sum(before) filter (where after = 0) desc nulls last, p.name`),
  );
  return {
    currency: filter.currency,
    products: rows.map((row) => {
      const startMrrMinor = big(row.start_mrr as string);
      const churnedMrrMinor = big(row.churned_mrr as string);
      const contractionMinor = big(row.contraction as string);
      return {
        productId: String(row.product_id),
        productName: String(row.name),
        startCustomers: Number(row.start_customers),
        churnedCustomers: Number(row.churned),
        startMrrMinor,
        churnedMrrMinor,
        contractionMinor,
        logoChurnBp: basisPoints(Number(row.churned), Number(row.start_customers)),
        revenueChurnBp: basisPoints(churnedMrrMinor + contractionMinor, startMrrMinor),
      };
    }),
  };
}
