// Ageing, DSO, days to pay and habitual late payers over hand-laid invoices. Period 1 Jan → 1 Apr
// 2026 (90 days); the books are read as of 1 Apr 00:00 UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '@/server/testing/database';
import { reportCustomer, reportInvoice } from '@/server/testing/report-fixtures';
import { ageingReport, dsoReport, latePayersReport } from './receivables';

let handle: DatabaseHandle;
const filter = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z'), currency: 'GBP' };

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const customerId = await reportCustomer(db, { currency: 'GBP' });
  const invoice = (input: Omit<Parameters<typeof reportInvoice>[1], 'customerId' | 'currency'>) => reportInvoice(db, { customerId, currency: 'GBP', ...input });
  // Outstanding on 1 Apr, with its days past due (floor of whole days):
  await invoice({ status: 'open', amountDue: 1000n, finalizedAt: '2026-03-20', dueAt: '2026-04-10' }); //           not due: current
  await invoice({ status: 'open', amountDue: 500n, finalizedAt: '2026-03-01', dueAt: '2026-03-31T12:00:00Z' }); // ½ day → 0: current
  await invoice({ status: 'open', amountDue: 700n, finalizedAt: '2026-03-01', dueAt: '2026-03-16' }); //             16 days: 1–30
  await invoice({ status: 'open', amountDue: 2500n, remaining: 2000n, finalizedAt: '2026-02-01', dueAt: '2026-03-01' }); // 31 days: 31–60, 2000 left
  await invoice({ status: 'paid', amountDue: 4000n, finalizedAt: '2026-01-01', dueAt: '2026-01-01', paidAt: '2026-04-05' }); // paid later; 90 days: 61–90
  await invoice({ status: 'void', amountDue: 800n, finalizedAt: '2025-12-01', dueAt: '2025-12-01', voidedAt: '2026-04-02' }); // voided later; 121 days: 90+
  // Not outstanding on 1 Apr:
  await invoice({ status: 'paid', amountDue: 3000n, finalizedAt: '2026-02-01', dueAt: '2026-02-15', paidAt: '2026-03-10' }); // 37 days to pay, 23 late
  await invoice({ status: 'paid', amountDue: 1000n, finalizedAt: '2026-01-10', dueAt: '2026-01-20', paidAt: '2026-01-15' }); // 5 days to pay, on time
  await invoice({ status: 'open', amountDue: 999n, finalizedAt: '2026-04-02', dueAt: '2026-04-02' }); //               issued after 1 Apr
  await invoice({ status: 'draft', amountDue: 999n }); //                                                                never issued

  // Late payers (NOK): L paid 4 invoices, 3 late by 2, 4 and 6 days; M 1 of 3 late; N 2 of 2 late (too few).
  const paidLate = async (name: string, lateDays: number[]) => {
    const id = await reportCustomer(db, { name, currency: 'NOK' });
    for (const [index, days] of lateDays.entries()) {
      const due = new Date(Date.UTC(2026, 1, 1 + index * 7));
      await reportInvoice(db, { customerId: id, currency: 'NOK', status: 'paid', amountDue: 100n, finalizedAt: due.toISOString(), dueAt: due.toISOString(), paidAt: new Date(due.getTime() + days * 86_400_000).toISOString() });
    }
  };
  await paidLate('L', [2, 4, 0, 6]);
  await paidLate('M', [0, 0, 3]);
  await paidLate('N', [5, 5]);
});

afterAll(async () => {
  await handle?.close();
});

describe('receivables ageing', () => {
  it('buckets what was outstanding on the date by days past due', async () => {
    const report = await ageingReport(handle.db, filter);
    expect(report.buckets).toEqual([
      { bucket: 'current', invoices: 2, amountMinor: 1500n },
      { bucket: '1_30', invoices: 1, amountMinor: 700n },
      { bucket: '31_60', invoices: 1, amountMinor: 2000n },
      { bucket: '61_90', invoices: 1, amountMinor: 4000n },
      { bucket: '90_plus', invoices: 1, amountMinor: 800n },
    ]);
    expect(report.totalMinor).toBe(9000n);
  });
});

describe('DSO and days to pay', () => {
  // Receivables on 1 Apr = 9000 (the ageing total). Billed in the period (finalised 1 Jan → 1 Apr,
  // void excluded) = 1000 + 500 + 700 + 2500 + 4000 + 3000 + 1000 = 12700.
  //   DSO = 9000 / 12700 × 90 days = 63.779… → 63.8 days (638 tenths)
  // Paid in the period: 37 and 5 days after finalisation → mean 21.0; late 23 and 0 → mean 11.5; 1 of 2 on time.
  it('computes DSO, mean days to pay and mean days late', async () => {
    expect(await dsoReport(handle.db, filter)).toEqual({
      currency: 'GBP',
      receivablesMinor: 9000n,
      billedMinor: 12700n,
      periodDaysTenths: 900,
      dsoTenths: 638,
      paidInvoices: 2,
      daysToPayTenths: 210,
      daysLateTenths: 115,
      onTimeBp: 5000,
    });
  });
});

describe('habitual late payers', () => {
  // L: 3 of 4 late = 75 %, mean lateness (2 + 4 + 6) / 3 = 4.0 days. M is late 33 % of the time; N paid only 2.
  it('lists customers who paid at least half of at least three invoices late', async () => {
    const { customers } = await latePayersReport(handle.db, { ...filter, currency: 'NOK' });
    expect(customers.map((c) => [c.name, c.paidInvoices, c.lateInvoices, c.lateBp, c.daysLateTenths])).toEqual([['L', 4, 3, 7500, 40]]);
  });
});
