// Each report as tables of typed cells, the one shape the console page and the CSV export both
// read, so a CSV always holds what the table shows. Column keys name message keys
// (staffReports.columns.*); `label` cells hold a message key under staffReports.labels.
import { quoteCsvField } from '../csv';
import { currencyExponent } from '../money/currencies';
import type { ReportData, ReportName } from './index';

export type CellKind = 'money' | 'count' | 'bp' | 'days' | 'date' | 'text' | 'label';
export type Cell = bigint | number | string | Date | null;

export interface ReportTable {
  /** Message key of the table's title (staffReports.tables.*). */
  title: string;
  columns: Array<{ key: string; kind: CellKind }>;
  rows: Cell[][];
  /** Columns drawn: `x` labels the groups (null: one group), `series` are bars or lines. */
  chart: { type: 'line' | 'bars'; x: number | null; series: number[] } | null;
}

export interface ReportSummary {
  key: string;
  kind: CellKind;
  value: Cell;
}

export interface ReportView {
  currency: string;
  summary: ReportSummary[];
  tables: ReportTable[];
}

const col = (key: string, kind: CellKind) => ({ key, kind });

type Builders = { [N in ReportName]: (data: ReportData<N>) => Omit<ReportView, 'currency'> };

const builders: Builders = {
  mrr: (d) => ({
    summary: [
      { key: 'startMrr', kind: 'money', value: d.totals.startMinor },
      { key: 'endMrr', kind: 'money', value: d.totals.endMinor },
      { key: 'endArr', kind: 'money', value: d.totals.endMinor * 12n },
      { key: 'netChange', kind: 'money', value: d.totals.netMinor },
    ],
    tables: [
      {
        title: 'mrrByMonth',
        columns: [col('at', 'date'), col('mrr', 'money'), col('arr', 'money'), col('customers', 'count'), col('new', 'money'), col('expansion', 'money'), col('contraction', 'money'), col('churned', 'money')],
        rows: d.points.map((p, i) => {
          const m = i > 0 ? d.movements[i - 1]! : null;
          return [p.at, p.mrrMinor, p.arrMinor, p.customers, m?.newMinor ?? null, m?.expansionMinor ?? null, m?.contractionMinor ?? null, m?.churnedMinor ?? null];
        }),
        chart: { type: 'line', x: 0, series: [1] },
      },
      {
        title: 'movements',
        columns: [col('movement', 'label'), col('amount', 'money')],
        rows: [
          ['new', d.totals.newMinor],
          ['expansion', d.totals.expansionMinor],
          ['contraction', -d.totals.contractionMinor],
          ['churned', -d.totals.churnedMinor],
        ],
        chart: { type: 'bars', x: 0, series: [1] },
      },
    ],
  }),
  churn: (d) => ({
    summary: [
      { key: 'logoChurn', kind: 'bp', value: d.logoChurnBp },
      { key: 'revenueChurn', kind: 'bp', value: d.revenueChurnBp },
      { key: 'startCustomers', kind: 'count', value: d.startCustomers },
      { key: 'startMrr', kind: 'money', value: d.startMrrMinor },
    ],
    tables: [
      {
        title: 'churnBySegment',
        columns: [col('segment', 'label'), col('customers', 'count'), col('mrr', 'money')],
        rows: [
          ['voluntary', d.voluntaryCustomers, d.voluntaryMrrMinor],
          ['involuntary', d.involuntaryCustomers, d.involuntaryMrrMinor],
          ['contraction', null, d.contractionMinor],
          ['total', d.churnedCustomers, d.churnedMrrMinor + d.contractionMinor],
        ],
        chart: { type: 'bars', x: 0, series: [2] },
      },
    ],
  }),
  nrr: (d) => ({
    summary: [
      { key: 'nrr', kind: 'bp', value: d.nrrBp },
      { key: 'grr', kind: 'bp', value: d.grrBp },
      { key: 'cohortCustomers', kind: 'count', value: d.cohortCustomers },
    ],
    tables: [
      {
        title: 'cohortMrr',
        columns: [col('component', 'label'), col('amount', 'money')],
        rows: [
          ['startMrr', d.startMrrMinor],
          ['expansion', d.expansionMinor],
          ['contraction', -d.contractionMinor],
          ['churned', -d.churnedMinor],
          ['endMrr', d.endMrrMinor],
        ],
        chart: { type: 'bars', x: 0, series: [1] },
      },
    ],
  }),
  ageing: (d) => ({
    summary: [
      { key: 'asOf', kind: 'date', value: d.asOf },
      { key: 'outstanding', kind: 'money', value: d.totalMinor },
    ],
    tables: [
      {
        title: 'ageingBuckets',
        columns: [col('bucket', 'label'), col('invoices', 'count'), col('amount', 'money')],
        rows: d.buckets.map((b) => [`bucket_${b.bucket}`, b.invoices, b.amountMinor]),
        chart: { type: 'bars', x: 0, series: [2] },
      },
    ],
  }),
  dso: (d) => ({
    summary: [
      { key: 'dso', kind: 'days', value: d.dsoTenths },
      { key: 'daysToPay', kind: 'days', value: d.daysToPayTenths },
      { key: 'daysLate', kind: 'days', value: d.daysLateTenths },
      { key: 'onTime', kind: 'bp', value: d.onTimeBp },
    ],
    tables: [
      {
        title: 'dsoInputs',
        columns: [col('receivables', 'money'), col('billed', 'money'), col('periodDays', 'days'), col('dso', 'days'), col('paidInvoices', 'count'), col('daysToPay', 'days'), col('daysLate', 'days'), col('onTime', 'bp')],
        rows: [[d.receivablesMinor, d.billedMinor, d.periodDaysTenths, d.dsoTenths, d.paidInvoices, d.daysToPayTenths, d.daysLateTenths, d.onTimeBp]],
        chart: { type: 'bars', x: null, series: [3, 5, 6] },
      },
    ],
  }),
  'late-payers': (d) => ({
    summary: [{ key: 'latePayers', kind: 'count', value: d.customers.length }],
    tables: [
      {
        title: 'latePayers',
        columns: [col('customer', 'text'), col('paidInvoices', 'count'), col('lateInvoices', 'count'), col('lateShare', 'bp'), col('daysLate', 'days')],
        rows: d.customers.map((c) => [c.name, c.paidInvoices, c.lateInvoices, c.lateBp, c.daysLateTenths]),
        chart: { type: 'bars', x: 0, series: [4] },
      },
    ],
  }),
  dunning: (d) => ({
    summary: [
      { key: 'recoveryRate', kind: 'bp', value: d.overall.rateBp },
      { key: 'amountRecoveryRate', kind: 'bp', value: d.overall.amountRateBp },
      { key: 'recoveredAmount', kind: 'money', value: d.overall.recoveredMinor },
      { key: 'stopped', kind: 'count', value: d.overall.stopped },
    ],
    tables: [
      {
        title: 'recoveryByAttempt',
        columns: [col('attempt', 'count'), col('reached', 'count'), col('recovered', 'count'), col('rate', 'bp')],
        rows: d.byAttempt.map((a) => [a.attempt, a.reached, a.recovered, a.rateBp]),
        chart: { type: 'bars', x: 0, series: [3] },
      },
      {
        title: 'recoveryByDeclineCode',
        columns: [col('declineCode', 'text'), col('recovered', 'count'), col('lost', 'count'), col('recoveredAmount', 'money'), col('lostAmount', 'money'), col('rate', 'bp')],
        rows: d.byDeclineCode.map((c) => [c.code, c.recovered, c.lost, c.recoveredMinor, c.lostMinor, c.rateBp]),
        chart: { type: 'bars', x: 0, series: [5] },
      },
    ],
  }),
  'payment-success': (d) => ({
    summary: [
      { key: 'successRate', kind: 'bp', value: d.total.rateBp },
      { key: 'attempts', kind: 'count', value: d.total.attempts },
      { key: 'collected', kind: 'money', value: d.total.succeededMinor },
    ],
    tables: [
      {
        title: 'successByGateway',
        columns: [col('gateway', 'text'), col('method', 'text'), col('attempts', 'count'), col('succeeded', 'count'), col('failed', 'count'), col('collected', 'money'), col('rate', 'bp')],
        rows: d.rows.map((r) => [r.gateway, r.method, r.attempts, r.succeeded, r.failed, r.succeededMinor, r.rateBp]),
        chart: { type: 'bars', x: 1, series: [6] },
      },
    ],
  }),
  'refunds-disputes': (d) => ({
    summary: [
      { key: 'refundRate', kind: 'bp', value: d.totals.refundRateBp },
      { key: 'disputeRate', kind: 'bp', value: d.totals.disputeRateBp },
      { key: 'refunded', kind: 'money', value: d.totals.refundedMinor },
      { key: 'disputeLost', kind: 'money', value: d.totals.lostMinor },
    ],
    tables: [
      {
        title: 'refundsDisputesByMonth',
        columns: [col('month', 'date'), col('collected', 'money'), col('payments', 'count'), col('refunds', 'count'), col('refunded', 'money'), col('disputes', 'count'), col('disputed', 'money'), col('disputeLost', 'money')],
        rows: d.months.map((m) => [m.from, m.collectedMinor, m.payments, m.refunds, m.refundedMinor, m.disputes, m.disputedMinor, m.lostMinor]),
        chart: { type: 'bars', x: 0, series: [4, 6] },
      },
    ],
  }),
  cash: (d) => ({
    summary: [
      { key: 'netCollected', kind: 'money', value: d.totals.netMinor },
      { key: 'paidOut', kind: 'money', value: d.totals.paidOutMinor },
      { key: 'notPaidOut', kind: 'money', value: d.totals.netMinor - d.totals.paidOutMinor },
    ],
    tables: [
      {
        title: 'cashByMonth',
        columns: [col('month', 'date'), col('collected', 'money'), col('refunded', 'money'), col('netCollected', 'money'), col('paidOut', 'money'), col('payouts', 'count')],
        rows: d.months.map((m) => [m.from, m.collectedMinor, m.refundedMinor, m.netMinor, m.paidOutMinor, m.payouts]),
        chart: { type: 'bars', x: 0, series: [3, 4] },
      },
    ],
  }),
  tax: (d) => ({
    summary: [{ key: 'netTax', kind: 'money', value: d.totalNetMinor }],
    tables: [
      {
        title: 'taxByJurisdiction',
        columns: [col('country', 'text'), col('taxRate', 'text'), col('taxLabel', 'text'), col('taxable', 'money'), col('tax', 'money'), col('credited', 'money'), col('netTax', 'money')],
        rows: d.rows.map((r) => [r.country, r.rate, r.label, r.taxableMinor, r.taxMinor, r.creditedMinor, r.netMinor]),
        chart: { type: 'bars', x: 0, series: [6] },
      },
    ],
  }),
  'product-churn': (d) => ({
    summary: [{ key: 'products', kind: 'count', value: d.products.length }],
    tables: [
      {
        title: 'churnByProduct',
        columns: [col('product', 'text'), col('startCustomers', 'count'), col('churnedCustomers', 'count'), col('startMrr', 'money'), col('churnedMrr', 'money'), col('contraction', 'money'), col('logoChurn', 'bp'), col('revenueChurn', 'bp')],
        rows: d.products.map((p) => [p.productName, p.startCustomers, p.churnedCustomers, p.startMrrMinor, p.churnedMrrMinor, p.contractionMinor, p.logoChurnBp, p.revenueChurnBp]),
        chart: { type: 'bars', x: 0, series: [7] },
      },
    ],
  }),
};

export function reportView<N extends ReportName>(name: N, data: ReportData<N>): ReportView {
  return { currency: data.currency, ...(builders[name] as (d: ReportData<N>) => Omit<ReportView, 'currency'>)(data) };
}

/**
 * A cell as plain text for CSV and for the page's `data-raw`: money in major units with the
 * currency's decimals (12.34), ratios in percent with two decimals (75.00), days with one
 * decimal (12.3), dates as YYYY-MM-DD, and an empty string where there is no figure.
 */
export function rawCell(kind: CellKind, value: Cell, currency: string): string {
  if (value === null) return '';
  switch (kind) {
    case 'money': {
      const exponent = currencyExponent(currency);
      const minor = BigInt(value as bigint);
      const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, '0');
      const decimal = exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
      return minor < 0n ? `-${decimal}` : decimal;
    }
    case 'bp':
      return fixed(Number(value), 2);
    case 'days':
      return fixed(Number(value), 1);
    case 'date':
      return (value as Date).toISOString().slice(0, 10);
    case 'text':
      // A customer's name starting with =, +, - or @ would run as a formula in a spreadsheet.
      return /^[=+\-@\t\r]/.test(String(value)) ? `'${String(value)}` : String(value);
    default:
      return String(value);
  }
}

/** An integer in hundredths (bp) or tenths (days) as an exact decimal string. */
function fixed(value: number, decimals: number): string {
  const negative = value < 0;
  const digits = Math.abs(value).toString().padStart(decimals + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export { quoteCsvField as csvField };

/** RFC 4180 with CRLF line ends. */
export function toCsv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((row) => row.map(quoteCsvField).join(',')).join('\r\n') + '\r\n';
}
