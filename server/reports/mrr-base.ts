// Monthly recurring revenue read from what was invoiced: a customer's MRR at an instant t is the
// sum, over the licensed recurring lines (not prorations) of their issued invoices (open or paid)
// whose service period contains t, of the line's net amount normalised to one month:
//   net = amount − discount − (tax when the price includes it)
//   monthly = round(net × 1 / count)            for an interval of `count` months
//           = round(net × 1 / (12 × count))     years
//           = round(net × 52 / (12 × count))    weeks
//           = round(net × 365 / (12 × count))   days
// rounded half away from zero per line. Void and uncollectible invoices carry no MRR.
import { sql, type SQL } from 'drizzle-orm';
import type { ReportFilter } from './filter';

const monthlyLine = sql`round(
  (l.amount_minor - l.discount_minor - case when l.tax_behavior = 'inclusive' then l.tax_minor else 0 end)::numeric
  * case pr.interval when 'month' then 1 when 'year' then 1 when 'week' then 52 else 365 end
  / (case pr.interval when 'month' then 1 else 12 end * coalesce(pr.interval_count, 1)))`;

/** `pts(k, p)`: the instants MRR is read at, numbered from 1. */
export function pointsCte(points: Date[]): SQL {
  const values = sql.join(
    points.map((point, index) => sql`(${index + 1}::int, ${point.toISOString()}::timestamptz)`),
    sql`, `,
  );
  return sql`pts(k, p) as (values ${values})`;
}

/** The points as a sorted timestamptz array, for width_bucket. */
export const pointsArray = (points: Date[]): SQL =>
  sql`array[${sql.join(
    points.map((point) => sql`${point.toISOString()}::timestamptz`),
    sql`, `,
  )}]`;

/**
 * The body of a CTE of the licensed recurring lines of issued invoices in the filter's currency
 * that match `window` (a condition on l.period_start / l.period_end), with their monthly value m.
 */
function recurringLines(filter: ReportFilter, columns: SQL, window: SQL): SQL {
  return sql`select i.customer_id, pr.product_id, ${columns}, ${monthlyLine} as m
      from invoice_lines l
      join invoices i on i.id = l.invoice_id
      join prices pr on pr.id = l.price_id
      where (${window})
        and not l.proration and l.subscription_item_id is not null
        and i.currency = ${filter.currency} and i.status in ('open', 'paid')
        and pr.type = 'recurring' and coalesce(pr.usage_type, 'licensed') = 'licensed'`;
}

/**
 * CTEs `pts` and `mrr(k, customer_id, m)`: MRR per customer at each point. The subscription
 * lines whose period overlaps [first point, last point] are read once (through the service-period
 * index, then materialised); the points a line covers are found by binary search (width_bucket
 * over the sorted points): points strictly before t = width_bucket(t − 1 µs, points), so a line
 * [start, end) covers the points numbered lo = width_bucket(start − 1 µs) + 1 … hi =
 * width_bucket(end − 1 µs). Lines meet points by an integer join on k between lo and hi rather
 * than a set-returning function per line: the planner estimates that join, whereas it assumes
 * 1,000 rows per generate_series call, which inflated the cost past the JIT threshold (JIT
 * compilation alone took seconds) and sized the aggregates wrongly.
 */
export function mrrAtPoints(filter: ReportFilter, points: Date[]): SQL {
  const first = points[0]!.toISOString();
  const last = points[points.length - 1]!.toISOString();
  const sorted = pointsArray(points);
  const span = sql`width_bucket(l.period_start - interval '1 microsecond', ${sorted}) + 1 as lo,
      width_bucket(l.period_end - interval '1 microsecond', ${sorted}) as hi`;
  return sql`${pointsCte(points)},
    lines as (${recurringLines(filter, span, sql`l.period_end > ${first}::timestamptz and l.period_start <= ${last}::timestamptz`)}),
    mrr as (
      select c.k, lines.customer_id, sum(lines.m)::bigint as m
      from lines cross join lateral (select pts.k from pts where pts.k between lines.lo and lines.hi offset 0) c
      group by lines.customer_id, c.k
    )`;
}

/**
 * CTE `ends(customer_id[, product_id], before, after)`: MRR at `from` (null when nothing covers
 * it) and at `to` (0 when nothing covers it), per customer or per customer and product. Only the
 * lines that contain one of the two instants are read, each found through the service-range
 * index, so a year of renewals in between is never fetched.
 */
export function mrrAtEnds(filter: ReportFilter, byProduct: boolean): SQL {
  const from = sql`${filter.from.toISOString()}::timestamptz`;
  const to = sql`${filter.to.toISOString()}::timestamptz`;
  // period_start <= t < period_end, in the form the service-range index answers.
  const covers = (t: SQL) => sql`tstzrange(l.period_start, l.period_end) @> ${t}`;
  const key = byProduct ? sql`customer_id, product_id` : sql`customer_id`;
  return sql`lines as (${recurringLines(
    filter,
    sql`(${covers(from)}) as at_from, (${covers(to)}) as at_to`,
    sql`(${covers(from)}) or (${covers(to)})`,
  )}),
    ends as (
      select ${key}, sum(m) filter (where at_from) as before, coalesce(sum(m) filter (where at_to), 0) as after
      from lines group by ${key}
    )`;
}
