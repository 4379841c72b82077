// Bank-statement import through POST /v1/bank-statements: credits quoting an invoice's payment
// reference pay it (in full, in part, or beyond, the excess to credit); everything else is kept
// unmatched with a note; a malformed file stores nothing; the same file twice is refused.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { bankStatementImports, bankStatementLines, customers, jobs, timelineEvents } from '@/db/schema';
import { checkInvariants } from '../invariants';
import { parseStatementAmount } from '../payments/bank-statements';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { makeOpenInvoice } from '../testing/payments';
import { apiClient, createApiTestDatabase, testNow, type ApiCall } from './test-client';

let handle: DatabaseHandle;
let call: ApiCall;
beforeAll(async () => {
  const setup = await createApiTestDatabase();
  handle = setup.handle;
  call = apiClient(handle, { secret: setup.secret });
});
afterAll(() => handle.close());

const header = 'date,amount,currency,reference,counterparty';
const csvOf = (...lines: string[]) => [header, ...lines].join('\n');
const importCsv = (csv: string, fileName = 'statement.csv') => call('POST', '/v1/bank-statements', { body: { csv, fileName } });

/** An open invoice of 120.00 (100.00 + 20 % VAT) in `currency`, with its bank reference. */
async function openInvoice(currency = 'EUR', amountMinor = 10_000n) {
  const customer = await makeBillingCustomer(handle.db, { currency });
  const { invoice } = await makeOpenInvoice(handle.db, { now: testNow, customer, amountMinor });
  expect(invoice.paymentReference).toMatch(/^SETTLE-/);
  return { customer, invoice, reference: invoice.paymentReference! };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const getInvoice = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
const lineCount = async () => (await handle.db.select().from(bankStatementLines)).length;

describe('POST /v1/bank-statements', () => {
  it('pays an invoice whose reference a credit quotes, whatever the case and spacing, for the exact amount', async () => {
    const { customer, invoice, reference } = await openInvoice();
    // "SETTLE-INV2026000001" typed by the payer as "settle inv2026 000001", inside other text.
    const quoted = reference.toLowerCase().replace('-', ' ').replace(/(\d{4})(\d+)$/, '$1 $2');
    const imported = await importCsv(csvOf(`2026-05-30,120.00,EUR,Virement ${quoted} merci,ACME SARL`));
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({
      id: expect.stringMatching(/^bsi_/),
      fileName: 'statement.csv',
      fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      lineCount: 1,
      matchedCount: 1,
      createdAt: testNow.toISOString(),
      lines: [
        {
          id: expect.stringMatching(/^bsl_/),
          importId: imported.body.id,
          lineNumber: 2,
          date: '2026-05-30',
          amount: 12_000,
          currency: 'EUR',
          reference: `Virement ${quoted} merci`,
          counterparty: 'ACME SARL',
          status: 'matched',
          note: null,
          invoiceId: invoice.id,
          paymentId: expect.stringMatching(/^pay_/),
        },
      ],
    });
    const line = imported.body.lines[0];
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'paid', amountPaid: 12_000, amountRemaining: 0 });
    const payment = (await call('GET', `/v1/payments/${line.paymentId}`)).body;
    expect(payment).toMatchObject({ invoiceId: invoice.id, customerId: customer.id, attempt: 1, gateway: 'bank_transfer', initiatedBy: 'bank_transfer', paymentMethodId: null, amount: 12_000, status: 'succeeded', overpaid: 0 });
    // The same effects as a card payment: the timeline and the receipt.
    const events = await handle.db.select().from(timelineEvents).where(eq(timelineEvents.paymentId, line.paymentId));
    expect(events.map((event) => event.kind).sort()).toEqual(['invoice.paid', 'payment.succeeded']);
    const receipts = await handle.db.select().from(jobs).where(and(eq(jobs.queue, 'payment.receipt'), eq(jobs.dedupeKey, `receipt:${line.paymentId}`)));
    expect(receipts).toHaveLength(1);
  });

  it('applies a smaller credit as a part payment and a larger one in full, the excess to the customer’s credit', async () => {
    const part = await openInvoice();
    const over = await openInvoice();
    const imported = await importCsv(csvOf(`2026-05-30,50.00,EUR,${part.reference},`, `2026-05-30,150.00,EUR,${over.reference},`));
    expect(imported.body.matchedCount).toBe(2);
    const [partLine, overLine] = imported.body.lines;
    expect(partLine).toMatchObject({ status: 'matched', invoiceId: part.invoice.id, note: expect.stringContaining('70.00 EUR') });
    expect(await getInvoice(part.invoice.id)).toMatchObject({ status: 'open', amountPaid: 5_000, amountRemaining: 7_000 });

    expect(overLine).toMatchObject({ status: 'matched', invoiceId: over.invoice.id, note: expect.stringContaining('30.00 EUR') });
    expect(await getInvoice(over.invoice.id)).toMatchObject({ status: 'paid', amountPaid: 12_000, amountRemaining: 0 });
    expect((await call('GET', `/v1/payments/${overLine.paymentId}`)).body).toMatchObject({ amount: 15_000, overpaid: 3_000 });
    const [credited] = await handle.db.select({ balance: customers.creditBalanceMinor }).from(customers).where(eq(customers.id, over.customer.id));
    expect(credited!.balance).toBe(3_000n);

    // The rest of the part-paid invoice, in a later statement, is the next attempt and pays it.
    const rest = await importCsv(csvOf(`2026-05-31,70.00,EUR,${part.reference},`));
    expect(rest.body.lines[0]).toMatchObject({ status: 'matched', note: null });
    expect((await call('GET', `/v1/payments/${rest.body.lines[0].paymentId}`)).body.attempt).toBe(2);
    expect(await getInvoice(part.invoice.id)).toMatchObject({ status: 'paid', amountPaid: 12_000 });
  });

  it('keeps unmatched, with a note saying why: an unknown reference, another currency, a paid or void invoice, a debit, no reference', async () => {
    const paid = await openInvoice();
    await importCsv(csvOf(`2026-05-29,120.00,EUR,${paid.reference},`));
    const voided = await openInvoice();
    expect((await call('POST', `/v1/invoices/${voided.invoice.id}/void`)).status).toBe(200);
    const elsewhere = await openInvoice();
    const imported = await importCsv(
      csvOf(
        '2026-05-30,120.00,EUR,SETTLE-NOSUCHREF,',
        `2026-05-30,120.00,USD,${elsewhere.reference},`,
        `2026-05-30,120.00,EUR,${paid.reference},`,
        `2026-05-30,120.00,EUR,${voided.reference},`,
        `2026-05-30,-120.00,EUR,${elsewhere.reference},`,
        '2026-05-30,12.00,EUR,,Someone',
      ),
    );
    expect(imported.status).toBe(201);
    expect(imported.body.matchedCount).toBe(0);
    expect(imported.body.lines.map((line: { status: string; note: string; paymentId: string | null }) => [line.status, line.paymentId, line.note])).toEqual([
      ['unmatched', null, expect.stringContaining('No invoice')],
      ['unmatched', null, expect.stringMatching(/in EUR, this credit is in USD/)],
      ['unmatched', null, expect.stringContaining('is paid')],
      ['unmatched', null, expect.stringContaining('is void')],
      ['unmatched', null, expect.stringContaining('debit')],
      ['unmatched', null, expect.stringContaining('No reference')],
    ]);
    expect(imported.body.lines[4].amount).toBe(-12_000);
    // Nothing was paid by any of them.
    expect(await getInvoice(elsewhere.invoice.id)).toMatchObject({ status: 'open', amountPaid: 0 });
    expect((await call('GET', `/v1/payments?invoiceId=${paid.invoice.id}`)).body.data).toHaveLength(1);

    const unmatched = await call('GET', `/v1/bank-statement-lines?status=unmatched&importId=${imported.body.id}`);
    expect(unmatched.body.data.map((line: { lineNumber: number }) => line.lineNumber)).toEqual([2, 3, 4, 5, 6, 7]);
    const all = await call('GET', '/v1/bank-statement-lines?status=unmatched');
    expect(all.body.data.every((line: { status: string }) => line.status === 'unmatched')).toBe(true);
  });

  it('refuses the same file twice, saying when it was imported, and pays nothing twice', async () => {
    const { invoice, reference } = await openInvoice();
    const csv = csvOf(`2026-05-30,60.00,EUR,${reference},`);
    expect((await importCsv(csv)).status).toBe(201);
    const again = await importCsv(csv, 'renamed.csv');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already imported on 2026-06-01') });
    expect(await getInvoice(invoice.id)).toMatchObject({ amountPaid: 6_000, amountRemaining: 6_000 });
  });

  it.each([
    ['a bad date', csvOf('2026-05-30,1.00,EUR,A,', '30/05/2026,1.00,EUR,B,'), 'line 3, column "date"'],
    ['an impossible date', csvOf('2026-02-30,1.00,EUR,A,'), 'line 2, column "date"'],
    ['a bad amount', csvOf('2026-05-30,1.00,EUR,A,', '2026-05-30,12.3.4,EUR,B,'), 'line 3, column "amount"'],
    ['more decimals than the currency has', csvOf('2026-05-30,1.005,EUR,A,'), 'line 2, column "amount"'],
    ['an ambiguous thousands separator', csvOf('2026-05-30,"1,000",EUR,A,'), 'line 2, column "amount"'],
    ['an unknown currency', csvOf('2026-05-30,1.00,XYZ,A,'), 'line 2, column "currency"'],
    ['a missing column', 'date,amount,reference\n2026-05-30,1.00,A', 'line 1: the header has no "currency" column'],
    ['a short line', csvOf('2026-05-30,1.00,EUR'), 'line 2: 3 columns'],
  ])('refuses %s, naming the line and column, and stores nothing', async (_, csv, expected) => {
    const { invoice, reference } = await openInvoice();
    // A good first line that would have paid the invoice: it must not be applied either.
    const withGoodLine = csv.replace(/\n/, `\n2026-05-30,120.00,EUR,${reference},\n`);
    const before = await lineCount();
    const refused = await importCsv(withGoodLine);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    // The good line shifts data lines down by one.
    const shifted = expected.replace(/line (\d+)/, (_match, n: string) => `line ${n === '1' ? 1 : Number(n) + 1}`);
    expect(refused.body.error.message).toContain(shifted);
    expect(await lineCount()).toBe(before);
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'open', amountPaid: 0 });
    expect(await handle.db.select().from(bankStatementImports).where(eq(bankStatementImports.fileSha256, sha256(withGoodLine)))).toEqual([]);
  });

  it('converts amounts exactly in currencies with 0 and 3 decimals, from `;` files with decimal commas', async () => {
    const yen = await openInvoice('JPY', 1_000n); // ¥1 200
    const dinar = await openInvoice('KWD', 10_000n); // 12.000 KWD
    const euro = await openInvoice('EUR', 102_880n); // 1 234.56 EUR
    const csv = [
      'Date;Amount;Currency;Reference',
      `2026-05-30;1200;JPY;${yen.reference}`,
      `2026-05-30;12,000;KWD;${dinar.reference}`,
      `2026-05-30;1 234,56;EUR;${euro.reference}`,
    ].join('\r\n');
    const imported = await importCsv(csv, 'export.csv');
    expect(imported.status).toBe(201);
    expect(imported.body.lines.map((line: { amount: number; status: string; note: string | null }) => [line.amount, line.status, line.note])).toEqual([
      [1_200, 'matched', null],
      [12_000, 'matched', null],
      [123_456, 'matched', null],
    ]);
    for (const { invoice } of [yen, dinar, euro]) expect((await getInvoice(invoice.id)).status).toBe('paid');
  });
});

describe('parseStatementAmount', () => {
  it.each<[string, string, bigint | RegExp]>([
    ['1234.56', 'EUR', 123_456n],
    ['1 234,56', 'EUR', 123_456n],
    ['1.234,56', 'EUR', 123_456n],
    ['1,234.56', 'EUR', 123_456n],
    ['1.234.567', 'EUR', 123_456_700n],
    ['-50', 'EUR', -5_000n],
    ['0.10', 'EUR', 10n],
    ['19.9', 'EUR', 1_990n],
    ['1200', 'JPY', 1_200n],
    ['1200.00', 'JPY', 1_200n],
    ['1.234', 'KWD', 1_234n],
    ['1,5', 'KWD', 1_500n],
    ['90071992547409.91', 'EUR', 9_007_199_254_740_991n],
    ['1.5', 'JPY', /more decimals than JPY/],
    ['1,000', 'JPY', /ambiguous/],
    ['12.345', 'EUR', /ambiguous/],
    ['1,23,456.00', 'EUR', /grouped by three/],
    ['1.', 'EUR', /not an amount/],
    ['abc', 'EUR', /not an amount/],
    ['1e3', 'EUR', /not an amount/],
    ['90071992547409.92', 'EUR', /too large/],
  ])('reads %s %s', (raw, currency, expected) => {
    const result = parseStatementAmount(raw, currency);
    if (typeof expected === 'bigint') expect(result).toBe(expected);
    else expect(result).toMatch(expected);
  });
});

describe('the books after all of the above', () => {
  it('keep every invariant', async () => {
    expect(await checkInvariants(handle.db)).toEqual([]);
  });
});
