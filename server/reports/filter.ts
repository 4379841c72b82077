// What every report is asked for: a period [from, to) and one currency (amounts in different
// currencies are never added up). Validation refuses a bad filter with the field it concerns.
import { SettleError } from '../errors';
import { isCurrency } from '../money/currencies';

export interface ReportFilter {
  /** Inclusive start of the period. */
  from: Date;
  /** Exclusive end of the period; instant-based reports (ageing) read the books as of this instant. */
  to: Date;
  /** ISO 4217 code, upper case. */
  currency: string;
  /**
   * Now, on the billing clock. A period that runs past it ends at it: nothing later exists yet,
   * and reading MRR after now would count every renewal not yet invoiced as churn.
   */
  asOf?: Date;
}

const maxSpanMs = 5 * 366 * 86_400_000;

export function checkFilter(filter: ReportFilter): ReportFilter {
  if (Number.isNaN(filter.from.getTime())) throw new SettleError('VALIDATION_FAILED', 'The start of the period is not a date.', 'from');
  if (Number.isNaN(filter.to.getTime())) throw new SettleError('VALIDATION_FAILED', 'The end of the period is not a date.', 'to');
  if (filter.to <= filter.from) throw new SettleError('VALIDATION_FAILED', 'The period must end after it starts.', 'to');
  if (filter.asOf && filter.asOf <= filter.from) throw new SettleError('VALIDATION_FAILED', 'The period starts in the future.', 'from');
  // Month grids and set-based scans stay bounded.
  if (filter.to.getTime() - filter.from.getTime() > maxSpanMs) throw new SettleError('VALIDATION_FAILED', 'A report covers at most five years.', 'from');
  if (!isCurrency(filter.currency)) throw new SettleError('VALIDATION_FAILED', 'The currency must be a three-letter ISO 4217 code.', 'currency');
  return filter.asOf && filter.asOf < filter.to ? { ...filter, to: filter.asOf } : filter;
}

/**
 * The month grid of a period: `from`, then the same instant in each following calendar month
 * (UTC, clamped to shorter months), then `to`. Consecutive points bound the buckets of monthly series.
 */
export function monthPoints(filter: Pick<ReportFilter, 'from' | 'to'>): Date[] {
  const points: Date[] = [filter.from];
  const from = filter.from;
  for (let k = 1; ; k++) {
    // The same day of month, clamped to the month's last day (31 Jan → 28 Feb → 31 Mar).
    const lastDay = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + k + 1, 0)).getUTCDate();
    const next = new Date(from);
    next.setUTCDate(1);
    next.setUTCMonth(from.getUTCMonth() + k);
    next.setUTCDate(Math.min(from.getUTCDate(), lastDay));
    if (next >= filter.to) break;
    points.push(next);
  }
  points.push(filter.to);
  return points;
}

/**
 * The period as the console writes it: two calendar dates, both included, read in UTC — the
 * report runs from 00:00 on the first to 24:00 on the last. Without dates, the last twelve months
 * up to and including today.
 */
export function periodFromDates(input: { from?: string; to?: string }, now: Date): { from: Date; to: Date; fromDate: string; toDate: string } {
  const day = (value: string, param: 'from' | 'to') => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new SettleError('VALIDATION_FAILED', 'Dates are written YYYY-MM-DD.', param);
    return new Date(`${value}T00:00:00Z`);
  };
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = input.from ? day(input.from, 'from') : new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1));
  const last = input.to ? day(input.to, 'to') : today;
  const to = new Date(last.getTime() + 86_400_000);
  return { from, to, fromDate: from.toISOString().slice(0, 10), toDate: last.toISOString().slice(0, 10) };
}
