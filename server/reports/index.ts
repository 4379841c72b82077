// Finance reports, live from the billing schema: each is a domain function over a period and a
// currency (see filter.ts); this registry names them for the staff console and the CSV export.
import type { Database } from '@/db/client';
import { prices } from '@/db/schema';
import { dunningReport } from './dunning';
import type { ReportFilter } from './filter';
import { mrrReport } from './mrr';
import { cashReport, paymentSuccessReport, refundsDisputesReport } from './payments';
import { ageingReport, dsoReport, latePayersReport } from './receivables';
import { churnReport, nrrReport, productChurnReport } from './retention';
import { taxReport } from './tax';

export { checkFilter, monthPoints, periodFromDates, type ReportFilter } from './filter';
export { reportView, rawCell, toCsv, type ReportView, type ReportTable, type CellKind, type Cell } from './tables';

/** In the order the console lists them. */
export const reports = {
  mrr: mrrReport,
  churn: churnReport,
  nrr: nrrReport,
  ageing: ageingReport,
  dso: dsoReport,
  'late-payers': latePayersReport,
  dunning: dunningReport,
  'payment-success': paymentSuccessReport,
  'refunds-disputes': refundsDisputesReport,
  cash: cashReport,
  tax: taxReport,
  'product-churn': productChurnReport,
} as const;

export type ReportName = keyof typeof reports;
export const reportNames = Object.keys(reports) as ReportName[];
export type ReportData<N extends ReportName> = Awaited<ReturnType<(typeof reports)[N]>>;

export const isReportName = (value: string): value is ReportName => value in reports;

export function runReport<N extends ReportName>(db: Database, name: N, filter: ReportFilter): Promise<ReportData<N>> {
  return (reports[name] as (db: Database, filter: ReportFilter) => Promise<ReportData<N>>)(db, filter);
}

/** The currencies anything is priced in, for the console's currency filter (prices is small). */
export async function reportCurrencies(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ currency: prices.currency }).from(prices).orderBy(prices.currency);
  return rows.map((row) => row.currency);
}
