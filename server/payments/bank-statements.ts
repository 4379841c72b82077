// Bank-statement import: finance uploads the bank's CSV export; each credit quoting an invoice's
// payment reference (SETTLE-…) pays that invoice, exactly as a card payment would (a `payments`
// row with gateway `bank_transfer`, applied by completeSucceededPayment: the invoice paid or
// reduced, any excess to the customer's credit, the timeline, the receipt). Everything else is
// kept as an unmatched line with a note saying why, for finance to resolve by hand.
//
// The whole file is validated before anything is written, and written in one transaction, so a
// malformed file stores nothing and a failed import can simply be retried. The same file twice
// (same bytes) is refused, so a double upload cannot pay an invoice twice.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, isNotNull, max, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { bankStatementImports, bankStatementLines, invoices, payments } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { currencyExponent, isCurrency, maxAmountMinor, toMajorString } from '../money';
import { completeSucceededPayment } from './apply';

export type BankStatementImportRow = typeof bankStatementImports.$inferSelect;
export type BankStatementLineRow = typeof bankStatementLines.$inferSelect;

/** A bank export is a few thousand lines at most; more is almost certainly the wrong file. */
export const maximumStatementLines = 10_000;

export interface ImportBankStatementInput {
  csv: string;
  fileName?: string | null;
  actor: Actor;
}

export interface ParsedStatementLine {
  /** The record's position in the file, the header being line 1. */
  lineNumber: number;
  bookedOn: string;
  amountMinor: bigint;
  currency: string;
  reference: string;
  counterparty: string | null;
}

const requiredColumns = ['date', 'amount', 'currency', 'reference'] as const;

const invalid = (message: string) => new SettleError('VALIDATION_FAILED', message, 'csv');

// ---- CSV ----

/**
 * RFC 4180 records: quoted fields may hold the separator, quotes ("") and line breaks. The
 * separator is whichever of `,` `;` or tab the header line uses (European banks write `;` so
 * that `1 234,56` needs no quotes).
 */
export function parseCsvRecords(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const headerEnd = body.search(/\r?\n/);
  const header = headerEnd === -1 ? body : body.slice(0, headerEnd);
  const unquoted = header.replace(/"[^"]*"/g, '');
  const separator = unquoted.includes(';') ? ';' : unquoted.includes('\t') && !unquoted.includes(',') ? '\t' : ',';

  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  for (let index = 0; index < body.length; index++) {
    const character = body[index]!;
    if (quoted) {
      if (character !== '"') field += character;
      else if (body[index + 1] === '"') {
        field += '"';
        index++;
      } else quoted = false;
      continue;
    }
    if (character === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (character === separator) {
      record.push(field);
      field = '';
      fieldStarted = false;
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && body[index + 1] === '\n') index++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
    } else {
      field += character;
      fieldStarted = true;
    }
  }
  if (quoted) throw invalid(`line ${records.length + 1}: a quoted field is never closed.`);
  if (fieldStarted || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * A decimal amount in major units → exact minor units, with no floating point: `1234.56`,
 * `1 234,56`, `1.234,56`, `1,234.56`, `-50`. With both `.` and `,` the last one is the decimal
 * mark; a single mark is always the decimal mark (so `1,234` is 1.234, refused for EUR rather
 * than guessed to be 1234). Decimals beyond the currency's exponent must be zeros.
 */
export function parseStatementAmount(raw: string, currency: string): bigint | string {
  const text = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  const match = /^([+-]?)([0-9.,]+)$/.exec(text);
  if (!match) return `"${raw}" is not an amount`;
  const [, sign, number] = match as unknown as [string, string, string];
  const lastDot = number.lastIndexOf('.');
  const lastComma = number.lastIndexOf(',');
  const decimalAt = Math.max(lastDot, lastComma);
  let integer = number;
  let decimals = '';
  if (decimalAt !== -1) {
    const mark = number[decimalAt]!;
    const other = mark === '.' ? ',' : '.';
    const marks = number.split(mark).length - 1;
    if (marks > 1) {
      // `1.234.567`: the only mark, repeated, separates thousands.
      if (number.includes(other)) return `"${raw}" is not an amount`;
      integer = number;
    } else {
      integer = number.slice(0, decimalAt);
      decimals = number.slice(decimalAt + 1);
    }
    // What is left of the decimal mark may group thousands with the other mark (or the same, repeated).
    const groups = integer.split(/[.,]/);
    if (groups.length > 1 && !(groups[0]!.length >= 1 && groups[0]!.length <= 3 && groups.slice(1).every((group) => group.length === 3))) {
      return `"${raw}" is not an amount (thousands are grouped by three)`;
    }
    integer = groups.join('');
    if (marks === 1 && decimals === '') return `"${raw}" is not an amount`;
  }
  if (!/^\d+$/.test(integer) || !/^\d*$/.test(decimals)) return `"${raw}" is not an amount`;
  const exponent = currencyExponent(currency);
  // `1,000` or `1.000` could be a thousand or one: refused unless the currency has three decimals.
  if (decimalAt !== -1 && decimals.length === 3 && exponent !== 3 && !number.includes(number[decimalAt] === '.' ? ',' : '.')) {
    return `"${raw}" is ambiguous (decimal mark or thousands separator?): write it without thousands separators`;
  }
  if (decimals.length > exponent && /[1-9]/.test(decimals.slice(exponent))) {
    return `"${raw}" has more decimals than ${currency} has (${exponent})`;
  }
  const fraction = decimals.slice(0, exponent).padEnd(exponent, '0');
  const minor = BigInt(integer) * 10n ** BigInt(exponent) + (fraction ? BigInt(fraction) : 0n);
  if (minor > maxAmountMinor) return `"${raw}" is too large`;
  return sign === '-' ? -minor : minor;
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The lines of a statement, or VALIDATION_FAILED naming the first bad line and column. */
export function parseBankStatement(csv: string): ParsedStatementLine[] {
  const records = parseCsvRecords(csv);
  const isBlank = (record: string[]) => record.every((field) => field.trim() === '');
  const headerIndex = records.findIndex((record) => !isBlank(record));
  if (headerIndex === -1) throw invalid('The file is empty: it needs a header row (date, amount, currency, reference) and lines.');
  const header = records[headerIndex]!.map((name) => name.trim().toLowerCase());
  for (const column of requiredColumns) {
    if (!header.includes(column)) throw invalid(`line ${headerIndex + 1}: the header has no "${column}" column (it needs date, amount, currency, reference; counterparty is optional).`);
  }
  const position = (column: string) => header.indexOf(column);
  const lines: ParsedStatementLine[] = [];
  for (let index = headerIndex + 1; index < records.length; index++) {
    const record = records[index]!;
    if (isBlank(record)) continue;
    const lineNumber = index + 1;
    if (record.length !== header.length) throw invalid(`line ${lineNumber}: ${record.length} columns where the header has ${header.length}.`);
    if (lines.length >= maximumStatementLines) throw invalid(`The file has more than ${maximumStatementLines} lines; split it.`);
    const field = (column: string) => (position(column) === -1 ? '' : record[position(column)]!.trim());
    const bookedOn = field('date');
    if (!isCalendarDate(bookedOn)) throw invalid(`line ${lineNumber}, column "date": "${bookedOn}" is not a date written YYYY-MM-DD.`);
    const currency = field('currency').toUpperCase();
    if (!isCurrency(currency)) throw invalid(`line ${lineNumber}, column "currency": "${field('currency')}" is not a supported ISO 4217 currency code.`);
    const amount = parseStatementAmount(field('amount'), currency);
    if (typeof amount === 'string') throw invalid(`line ${lineNumber}, column "amount": ${amount}.`);
    lines.push({ lineNumber, bookedOn, amountMinor: amount, currency, reference: field('reference'), counterparty: field('counterparty') || null });
  }
  return lines;
}

// ---- Matching ----

/** References compared without case, spaces or punctuation: banks reformat what the payer typed. */
export const normalizeReference = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '');

type InvoiceRow = typeof invoices.$inferSelect;

type Match = { invoice: InvoiceRow } | { note: string };

async function matchLine(tx: Database, line: ParsedStatementLine): Promise<Match> {
  if (line.amountMinor < 0n) return { note: 'A debit (money out): only credits are matched to invoices.' };
  if (line.amountMinor === 0n) return { note: 'A zero amount: nothing to apply.' };
  const quoted = normalizeReference(line.reference);
  if (!quoted) return { note: 'No reference: match it to an invoice by hand.' };
  // Every invoice whose payment reference appears anywhere in the line's reference text.
  const candidates = await tx
    .select()
    .from(invoices)
    .where(and(isNotNull(invoices.paymentReference), sql`strpos(${quoted}, regexp_replace(upper(${invoices.paymentReference}), '[^A-Z0-9]', '', 'g')) > 0`))
    .orderBy(asc(invoices.number))
    .for('update');
  // SETTLE-INV2026000001 is inside SETTLE-INV20260000012: the longer reference is the one quoted.
  const references = candidates.map((invoice) => normalizeReference(invoice.paymentReference!));
  const named = candidates.filter((_, index) => !references.some((other, otherIndex) => otherIndex !== index && other.length > references[index]!.length && other.includes(references[index]!)));
  if (named.length === 0) return { note: `No invoice has the payment reference quoted in "${line.reference}".` };
  if (named.length > 1) return { note: `The reference names several invoices (${named.map((invoice) => invoice.number).join(', ')}): split it by hand.` };
  const invoice = named[0]!;
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') return { note: `Invoice ${invoice.number} is ${invoice.status}: nothing is owed on it.` };
  if (invoice.currency !== line.currency) return { note: `Invoice ${invoice.number} is in ${invoice.currency}, this credit is in ${line.currency}.` };
  if (invoice.amountRemainingMinor <= 0n) return { note: `Invoice ${invoice.number} has nothing left to pay.` };
  return { invoice };
}

const major = (amountMinor: bigint, currency: string) => `${toMajorString(amountMinor, currency)} ${currency}`;

function matchedNote(invoice: InvoiceRow, line: ParsedStatementLine): string | null {
  const owed = invoice.amountRemainingMinor;
  if (line.amountMinor < owed) return `Part payment: ${major(owed - line.amountMinor, line.currency)} of invoice ${invoice.number} is still owed.`;
  if (line.amountMinor > owed) return `Overpaid by ${major(line.amountMinor - owed, line.currency)}, credited to the customer's balance.`;
  return null;
}

const isUniqueViolation = (error: unknown): boolean => {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
};

const alreadyImported = (existing: BankStatementImportRow) =>
  new SettleError('CONFLICT', `This file was already imported on ${existing.createdAt.toISOString().slice(0, 10)} (import ${existing.id}${existing.fileName ? `, ${existing.fileName}` : ''}).`, 'csv');

export async function importBankStatement(db: Database, input: ImportBankStatementInput, now: Date): Promise<{ statement: BankStatementImportRow; lines: BankStatementLineRow[] }> {
  const fileSha256 = createHash('sha256').update(input.csv, 'utf8').digest('hex');
  const parsed = parseBankStatement(input.csv);
  const fileName = input.fileName?.trim() || null;
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select().from(bankStatementImports).where(eq(bankStatementImports.fileSha256, fileSha256));
      if (existing) throw alreadyImported(existing);
      const importId = newId('bsi');
      // Inserted first (lines reference it); the counts are set once the lines are matched.
      await tx.insert(bankStatementImports).values({ id: importId, fileSha256, fileName, importedBy: input.actor.id ?? input.actor.type, lineCount: parsed.length, matchedCount: 0, createdAt: now });
      const lines: BankStatementLineRow[] = [];
      for (const line of parsed) {
        const lineId = newId('bsl');
        const match = await matchLine(tx, line);
        let stored: typeof bankStatementLines.$inferInsert = {
          id: lineId,
          importId,
          lineNumber: line.lineNumber,
          bookedOn: line.bookedOn,
          amountMinor: line.amountMinor,
          currency: line.currency,
          reference: line.reference,
          counterparty: line.counterparty,
          status: 'unmatched',
          note: 'note' in match ? match.note : null,
        };
        if ('invoice' in match) {
          const invoice = match.invoice;
          const [last] = await tx.select({ attempt: max(payments.attempt) }).from(payments).where(eq(payments.invoiceId, invoice.id));
          const [payment] = await tx
            .insert(payments)
            .values({
              id: newId('pay'),
              invoiceId: invoice.id,
              customerId: invoice.customerId,
              attempt: (last?.attempt ?? 0) + 1,
              gateway: 'bank_transfer',
              idempotencyKey: `bank-${lineId}`,
              amountMinor: line.amountMinor,
              currency: line.currency,
              status: 'succeeded',
              initiatedBy: 'bank_transfer',
              createdAt: now,
              updatedAt: now,
              settledAt: now,
            })
            .returning();
          await completeSucceededPayment(tx, payment!, now);
          stored = { ...stored, status: 'matched', note: matchedNote(invoice, line), invoiceId: invoice.id, paymentId: payment!.id };
        }
        const [row] = await tx.insert(bankStatementLines).values(stored).returning();
        lines.push(row!);
      }
      const matchedCount = lines.filter((line) => line.status === 'matched').length;
      const [statement] = await tx.update(bankStatementImports).set({ matchedCount }).where(eq(bankStatementImports.id, importId)).returning();
      await recordAudit(tx, {
        actor: input.actor,
        action: 'bank_statement.import',
        subjectType: 'bank_statement_import',
        subjectId: importId,
        after: { fileName, fileSha256, lineCount: parsed.length, matchedCount },
        at: now,
      });
      return { statement: statement!, lines };
    });
  } catch (error) {
    // The same file uploaded twice at once: the unique index lets one in.
    if (!isUniqueViolation(error)) throw error;
    const [existing] = await db.select().from(bankStatementImports).where(eq(bankStatementImports.fileSha256, fileSha256));
    if (!existing) throw error;
    throw alreadyImported(existing);
  }
}

export async function listBankStatementLines(db: Database, input: { status?: BankStatementLineRow['status']; importId?: string; limit?: number } = {}) {
  return db
    .select({ line: bankStatementLines, importedAt: bankStatementImports.createdAt, fileName: bankStatementImports.fileName })
    .from(bankStatementLines)
    .innerJoin(bankStatementImports, eq(bankStatementImports.id, bankStatementLines.importId))
    .where(and(input.status ? eq(bankStatementLines.status, input.status) : undefined, input.importId ? eq(bankStatementLines.importId, input.importId) : undefined))
    .orderBy(desc(bankStatementImports.createdAt), desc(bankStatementImports.id), asc(bankStatementLines.lineNumber))
    .limit(input.limit ?? 500);
}
