// No card number anywhere in the database: every text, varchar, json and jsonb column of every
// table in the public schema (found in information_schema, so a table added later is scanned
// too) is searched for a run of 13 to 19 digits that passes the Luhn check. Settle stores a
// gateway token and the last four digits, never a PAN; a hit means something (a payload, a note,
// a log line) leaked one. Findings name the table, column and row and show the last four only.
//
// Postgres narrows the rows (`~ '[0-9]{13}'`); the digit runs and the Luhn check are done here,
// which keeps the SQL portable between PostgreSQL and PGlite.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

export interface CardNumberFinding {
  table: string;
  column: string;
  /** The row's `id`, or its ctid for a table without one. */
  row: string;
  /** Never the number: its length and last four digits. */
  masked: string;
}

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * The card-number-like runs in a text: whole runs of 13–19 digits (a digit run that is part of a
 * longer one is not a card number) that pass Luhn, except inside a hexadecimal digest of 32 or more
 * characters (a SHA-256 in hex often holds long digit runs, and a tenth of them pass Luhn).
 */
export function cardNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![0-9])[0-9]{13,19}(?![0-9])/g)) {
    let start = match.index;
    let end = start + match[0].length;
    while (start > 0 && /[0-9a-fA-F]/.test(text[start - 1]!)) start--;
    while (end < text.length && /[0-9a-fA-F]/.test(text[end]!)) end++;
    const token = text.slice(start, end);
    if (token.length >= 32 && /[a-fA-F]/.test(token)) continue;
    if (luhnValid(match[0])) found.push(match[0]);
  }
  return found;
}

const scannedTypes = new Set(['text', 'character varying', 'character', 'json', 'jsonb']);
/** Drizzle's migration bookkeeping, should it live in the public schema: hashes of SQL files, no customer data. */
const bookkeeping = new Set(['__drizzle_migrations']);

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

// postgres.js returns an array of rows; PGlite returns { rows }.
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

export async function findCardNumbers(db: Database): Promise<CardNumberFinding[]> {
  const columns = rowsOf<{ table_name: string; column_name: string; data_type: string; udt_name: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name, c.data_type, c.udt_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`),
  );
  const hasId = new Set(columns.filter((column) => column.column_name === 'id').map((column) => column.table_name));
  const findings: CardNumberFinding[] = [];
  for (const column of columns) {
    const textual = scannedTypes.has(column.data_type) || (column.data_type === 'ARRAY' && ['_text', '_varchar', '_json', '_jsonb'].includes(column.udt_name));
    if (!textual || bookkeeping.has(column.table_name)) continue;
    const table = quoteIdentifier(column.table_name);
    const field = quoteIdentifier(column.column_name);
    const reference = hasId.has(column.table_name) ? 'id::text' : 'ctid::text';
    const rows = rowsOf<{ ref: string; value: string }>(
      await db.execute(sql.raw(`select ${reference} as ref, ${field}::text as value from ${table} where ${field}::text ~ '[0-9]{13}'`)),
    );
    for (const row of rows) {
      for (const number of cardNumbersIn(row.value)) {
        findings.push({ table: column.table_name, column: column.column_name, row: row.ref, masked: `${number.length} digits ending ${number.slice(-4)}` });
      }
    }
  }
  return findings;
}
