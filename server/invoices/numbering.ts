// Gapless invoice numbers. The counter row of a series is locked by the finalising transaction
// until it commits, so numbers are handed out one at a time and a rolled-back finalisation gives
// its number back: never duplicated, never skipped.
import { asc, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoiceNumberSeries, merchant } from '@/db/schema';

/** The merchant's prefixes (set in the staff settings): a series is "<prefix>-<year>". */
export interface NumberingPrefixes {
  invoicePrefix: string;
  creditNotePrefix: string;
}
export const defaultPrefixes: NumberingPrefixes = { invoicePrefix: 'INV', creditNotePrefix: 'CN' };

export const invoiceSeries = (at: Date, prefixes: NumberingPrefixes = defaultPrefixes): string => `${prefixes.invoicePrefix}-${at.getUTCFullYear()}`;
export const creditNoteSeries = (at: Date, prefixes: NumberingPrefixes = defaultPrefixes): string => `${prefixes.creditNotePrefix}-${at.getUTCFullYear()}`;

/** The prefixes in force, read in the numbering transaction (the defaults before a merchant is set up). */
export async function numberingPrefixes(tx: Database): Promise<NumberingPrefixes> {
  const [row] = await tx.select({ invoicePrefix: merchant.invoicePrefix, creditNotePrefix: merchant.creditNotePrefix }).from(merchant).limit(1);
  return row ?? defaultPrefixes;
}

export async function takeNextNumber(tx: Database, series: string): Promise<string> {
  return (await takeNextNumbers(tx, series, 1))[0]!;
}

/** `count` consecutive numbers of the series with one update of its counter row. */
export async function takeNextNumbers(tx: Database, series: string, count: number): Promise<string[]> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`Cannot take ${count} invoice numbers.`);
  const result = await tx.execute(sql`
    insert into invoice_number_series (series, next_number) values (${series}, ${1 + count})
    on conflict (series) do update set next_number = invoice_number_series.next_number + ${count}
    returning next_number - ${count} as first`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
  const first = BigInt((rows[0] as { first: string | number | bigint }).first);
  return Array.from({ length: count }, (_, offset) => `${series}-${(first + BigInt(offset)).toString().padStart(6, '0')}`);
}

/** Every numbering series with the next number it will hand out, for the settings screen. */
export async function listNumberSeries(db: Database): Promise<{ series: string; nextNumber: bigint }[]> {
  return db.select({ series: invoiceNumberSeries.series, nextNumber: invoiceNumberSeries.nextNumber }).from(invoiceNumberSeries).orderBy(asc(invoiceNumberSeries.series));
}
