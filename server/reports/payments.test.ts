// Payment success, refunds and disputes, and cash against payouts over hand-laid payments (DKK),
// period 1 Jan → 1 Apr 2026 (months January, February, March).
//   sandbox card:  3 succeeded of 1000 (10 Jan), 1 failed              → 3 / 4 = 75 %
//   sandbox SEPA:  1 succeeded of 2000 (10 Feb), 1 failed              → 1 / 2 = 50 %
//   bank transfer: 1 succeeded of 500 (10 Mar), no saved method        → 1 / 1 = 100 %
//   left out: one still processing, one card payment on 2 Apr
//   overall 5 / 7 = 71.43 % (7143 bp); collected 5500
//   refunds: 300 succeeded in February (a failed one of 100 is ignored) → 300 / 5500 = 5.45 % (545 bp)
//   disputes: one of 1000 opened 5 Mar, lost → 1 dispute / 5 payments = 20 %
//   payouts paid: 2500 on 20 Jan, 1500 on 25 Feb (900 in transit is not paid out yet)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '@/server/testing/database';
import { reportCustomer, reportDispute, reportInvoice, reportPayment, reportPaymentMethod, reportPayout, reportRefund } from '@/server/testing/report-fixtures';
import { cashReport, paymentSuccessReport, refundsDisputesReport } from './payments';

let handle: DatabaseHandle;
const filter = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z'), currency: 'DKK' };

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const customerId = await reportCustomer(db, { currency: 'DKK' });
  const card = await reportPaymentMethod(db, customerId, 'card');
  const sepa = await reportPaymentMethod(db, customerId, 'sepa_debit');
  const pay = async (input: { amount: bigint; status: 'succeeded' | 'failed' | 'processing'; at: string; method?: string; gateway?: string }) => {
    const invoiceId = await reportInvoice(db, { customerId, currency: 'DKK', status: 'open', amountDue: input.amount, finalizedAt: '2026-01-01' });
    const paymentId = await reportPayment(db, { invoiceId, customerId, currency: 'DKK', amount: input.amount, status: input.status, at: input.at, paymentMethodId: input.method, gateway: input.gateway });
    return { invoiceId, paymentId };
  };
  const first = await pay({ amount: 1000n, status: 'succeeded', at: '2026-01-10', method: card });
  await pay({ amount: 1000n, status: 'succeeded', at: '2026-01-10', method: card });
  await pay({ amount: 1000n, status: 'succeeded', at: '2026-01-10', method: card });
  await pay({ amount: 1000n, status: 'failed', at: '2026-01-11', method: card });
  const second = await pay({ amount: 2000n, status: 'succeeded', at: '2026-02-10', method: sepa });
  await pay({ amount: 2000n, status: 'failed', at: '2026-02-11', method: sepa });
  await pay({ amount: 500n, status: 'succeeded', at: '2026-03-10', gateway: 'bank_transfer' });
  await pay({ amount: 700n, status: 'processing', at: '2026-03-11', method: card });
  await pay({ amount: 900n, status: 'succeeded', at: '2026-04-02', method: card });
  await reportRefund(db, { ...second, customerId, currency: 'DKK', amount: 300n, status: 'succeeded', at: '2026-02-20' });
  await reportRefund(db, { ...second, customerId, currency: 'DKK', amount: 100n, status: 'failed', at: '2026-02-21' });
  await reportDispute(db, { ...first, customerId, currency: 'DKK', amount: 1000n, status: 'lost', openedAt: '2026-03-05' });
  await reportPayout(db, { currency: 'DKK', amount: 2500n, status: 'paid', arrival: '2026-01-20' });
  await reportPayout(db, { currency: 'DKK', amount: 1500n, status: 'paid', arrival: '2026-02-25' });
  await reportPayout(db, { currency: 'DKK', amount: 900n, status: 'in_transit', arrival: '2026-03-30' });
});

afterAll(async () => {
  await handle?.close();
});

describe('payment success rate', () => {
  it('rates finished attempts by gateway and method', async () => {
    const report = await paymentSuccessReport(handle.db, filter);
    expect(report.rows.map((r) => [r.gateway, r.method, r.succeeded, r.failed, r.succeededMinor, r.rateBp])).toEqual([
      ['bank_transfer', 'bank_transfer', 1, 0, 500n, 10000],
      ['sandbox', 'card', 3, 1, 3000n, 7500],
      ['sandbox', 'sepa_debit', 1, 1, 2000n, 5000],
    ]);
    expect(report.total).toEqual({ attempts: 7, succeeded: 5, failed: 2, succeededMinor: 5500n, rateBp: 7143 });
  });
});

describe('refunds and disputes', () => {
  it('counts refunds and disputes by month with their rates', async () => {
    const report = await refundsDisputesReport(handle.db, filter);
    expect(report.months.map((m) => [m.from.toISOString().slice(0, 10), m.collectedMinor, m.payments, m.refunds, m.refundedMinor, m.disputes, m.disputedMinor, m.lostMinor])).toEqual([
      ['2026-01-01', 3000n, 3, 0, 0n, 0, 0n, 0n],
      ['2026-02-01', 2000n, 1, 1, 300n, 0, 0n, 0n],
      ['2026-03-01', 500n, 1, 0, 0n, 1, 1000n, 1000n],
    ]);
    expect(report.totals).toMatchObject({ collectedMinor: 5500n, refundedMinor: 300n, refundRateBp: 545, disputes: 1, disputeRateBp: 2000 });
  });
});

describe('cash collected and payouts', () => {
  // January 3000 in, 2500 paid out; February 2000 − 300 refunded = 1700, 1500 paid out; March 500, nothing paid out.
  it('sets net cash collected against payouts month by month', async () => {
    const report = await cashReport(handle.db, filter);
    expect(report.months.map((m) => [m.collectedMinor, m.refundedMinor, m.netMinor, m.paidOutMinor, m.payouts])).toEqual([
      [3000n, 0n, 3000n, 2500n, 1],
      [2000n, 300n, 1700n, 1500n, 1],
      [500n, 0n, 500n, 0n, 0],
    ]);
    expect(report.totals).toEqual({ collectedMinor: 5500n, refundedMinor: 300n, netMinor: 5200n, paidOutMinor: 4000n, payouts: 2 });
  });
});
