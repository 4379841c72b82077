// Gapless invoice numbers. The counter row of a series is locked by the finalising transaction
// until it commits, so numbers are handed out one at a time and a rolled-back finalisation gives
// its number back: never duplicated, never skipped.
import { asc, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoiceNumberSeries } from '@/db/schema';

export const invoiceSeries = (at: Date): string => `INV-${at.getUTCFullYear()}`;
export const creditNoteSeries = (at: Date): string => `CN-${at.getUTCFullYear()}`;

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
