// How report cells read on the page, in the reader's locale. The exact plain form (CSV) is
// rawCell in server/reports/tables.ts; both start from the same integers.
import { formatDate, formatMoney } from '@/components/format';
import type { Cell, CellKind } from '@/server/reports/tables';

const numberLocale = (locale: string) => (locale === 'fr' ? 'fr-FR' : 'en-US');

export function formatCell(kind: CellKind, value: Cell, currency: string, locale: string, label: (key: string) => string, none: string): string {
  if (value === null) return none;
  switch (kind) {
    case 'money':
      return formatMoney(value as bigint, currency, locale);
    case 'count':
      return new Intl.NumberFormat(numberLocale(locale)).format(Number(value));
    case 'bp':
      // Basis points are whole hundredths of a percent: two decimals show them exactly.
      return new Intl.NumberFormat(numberLocale(locale), { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(value) / 10_000);
    case 'days':
      return new Intl.NumberFormat(numberLocale(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(value) / 10);
    case 'date':
      return formatDate(value as Date, locale);
    case 'label':
      return label(String(value));
    default:
      return String(value);
  }
}

/** A cell as a number on the chart's scale (major units, percent, days); geometry only. */
export function chartValue(kind: CellKind, value: Cell, exponent: number): number | null {
  if (value === null) return null;
  if (kind === 'money') return Number(value as bigint) / 10 ** exponent;
  if (kind === 'bp') return Number(value) / 100;
  if (kind === 'days') return Number(value) / 10;
  return Number(value);
}

/** Axis labels: short, in the unit of the first series. */
export function axisFormatter(kind: CellKind, currency: string, locale: string): (value: number) => string {
  const base = numberLocale(locale);
  if (kind === 'money') return (value) => new Intl.NumberFormat(base, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
  if (kind === 'bp') return (value) => `${new Intl.NumberFormat(base, { maximumFractionDigits: 1 }).format(value)} %`;
  return (value) => new Intl.NumberFormat(base, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A chart's x label for a date: the month when points fall on the 1st, otherwise day and month. */
export const shortDate = (value: Date, locale: string) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', value.getUTCDate() === 1 ? { month: 'short', year: '2-digit', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(value);
