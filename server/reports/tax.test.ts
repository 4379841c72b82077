// Tax by jurisdiction over hand-laid invoices (SEK), period 1 Jan → 1 Apr 2026.
//   FR invoice: 10000 at 20 % → 2000 tax; 5000 at 5.5 % → 275 tax; a credit note in the period takes back 400
//   DE invoice: 1190 tax included at 19 % → 190 tax on 1000 taxable
//   left out: a void FR invoice, and an FR invoice finalised in December
//   FR 20 %: 2000 − 400 = 1600;  FR 5.5 %: 275;  DE 19 %: 190;  total 2065
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '@/server/testing/database';
import { reportCreditNote, reportCustomer, reportInvoice } from '@/server/testing/report-fixtures';
import { taxReport } from './tax';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const french = await reportCustomer(db, { currency: 'SEK', country: 'FR' });
  const german = await reportCustomer(db, { currency: 'SEK', country: 'DE' });
  const fr = await reportInvoice(db, {
    customerId: french,
    currency: 'SEK',
    status: 'paid',
    finalizedAt: '2026-02-01',
    paidAt: '2026-02-01',
    lines: [
      { amount: 10000n, tax: 2000n, taxRate: '20', taxLabel: 'TVA' },
      { amount: 5000n, tax: 275n, taxRate: '5.5', taxLabel: 'TVA' },
    ],
  });
  await reportInvoice(db, { customerId: german, currency: 'SEK', status: 'open', finalizedAt: '2026-03-01', lines: [{ amount: 1190n, tax: 190n, taxRate: '19', taxLabel: 'MwSt', inclusive: true }] });
  await reportInvoice(db, { customerId: french, currency: 'SEK', status: 'void', finalizedAt: '2026-03-01', voidedAt: '2026-03-02', lines: [{ amount: 1000n, tax: 200n, taxRate: '20', taxLabel: 'TVA' }] });
  await reportInvoice(db, { customerId: french, currency: 'SEK', status: 'paid', finalizedAt: '2025-12-01', paidAt: '2025-12-01', lines: [{ amount: 4995n, tax: 999n, taxRate: '20', taxLabel: 'TVA' }] });
  await reportCreditNote(db, { invoiceId: fr, customerId: french, currency: 'SEK', tax: 400n, at: '2026-02-15' });
});

afterAll(async () => {
  await handle?.close();
});

it('sums tax by country and rate, less credit notes', async () => {
  const report = await taxReport(handle.db, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z'), currency: 'SEK' });
  expect(report.rows.map((r) => [r.country, r.rate, r.label, r.taxableMinor, r.taxMinor, r.creditedMinor, r.netMinor])).toEqual([
    ['DE', '19', 'MwSt', 1000n, 190n, 0n, 190n],
    ['FR', '20', 'TVA', 10000n, 2000n, 400n, 1600n],
    ['FR', '5.5', 'TVA', 5000n, 275n, 0n, 275n],
  ]);
  expect(report.totalNetMinor).toBe(2065n);
});
