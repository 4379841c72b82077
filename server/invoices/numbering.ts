// Gapless invoice numbers. The counter row of a series is locked by the finalising transaction
// until it commits, so numbers are handed out one at a time and a rolled-back finalisation gives
// its number back: never duplicated, never skipped.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

export const invoiceSeries = (at: Date): string => `INV-${at.getUTCFullYear()}`;
export const creditNoteSeries = (at: Date): string => `CN-${at.getUTCFullYear()}`;

export async function takeNextNumber(tx: Database, series: string): Promise<string> {
  const result = await tx.execute(sql`
    insert into invoice_number_series (series, next_number) values (${series}, 2)
    on conflict (series) do update set next_number = invoice_number_series.next_number + 1
    returning next_number - 1 as number`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
  const number = BigInt((rows[0] as { number: string | number | bigint }).number);
  return `${series}-${number.toString().padStart(6, '0')}`;
}
