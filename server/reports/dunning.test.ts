// Dunning recovery over hand-laid outcomes (CHF), period 1 Jan → 1 Apr 2026. The decline code of
// each dunning is that of the invoice's first failed payment.
//   O1 recovered at attempt 2, 1000, insufficient_funds     O4 lost after 1 attempt, 500, stolen_card
//   O2 recovered at attempt 3, 2000, insufficient_funds     O5 recovered at attempt 2, 1500, expired_card (failure code only)
//   O3 lost after 4 attempts, 4000, insufficient_funds      O6 stopped by hand, 700 — counted, not rated
//   O7 recovered in December: outside the period
//   overall: 3 recovered / 5 decided = 60 %; by amount 4500 / 9000 = 50 %
//   attempt 2: reached by O1, O2, O3, O5 = 4, recovered O1, O5 = 2 → 50 %
//   attempt 3: reached by O2, O3 = 2, recovered O2 → 50 %;  attempt 4: reached by O3, none → 0 %
//   by code: expired_card 1/1 = 100 %, insufficient_funds 2/3 = 66.67 %, stolen_card 0/1 = 0 %
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '@/server/testing/database';
import { reportCustomer, reportDunningOutcome, reportInvoice, reportPayment } from '@/server/testing/report-fixtures';
import { dunningReport } from './dunning';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const customerId = await reportCustomer(db, { currency: 'CHF' });
  const outcome = async (result: 'recovered' | 'lost' | 'stopped', attempts: number, amount: bigint, code: { decline?: string; failure?: string }, at = '2026-02-10') => {
    const invoiceId = await reportInvoice(db, { customerId, currency: 'CHF', status: 'open', amountDue: amount, finalizedAt: '2026-01-05', dueAt: '2026-01-05' });
    await reportPayment(db, { invoiceId, customerId, currency: 'CHF', amount, status: 'failed', attempt: 1, at: '2026-01-05', declineCode: code.decline, failureCode: code.failure });
    // A later failure with another code must not change the dunning's code.
    await reportPayment(db, { invoiceId, customerId, currency: 'CHF', amount, status: 'failed', attempt: 2, at: '2026-01-08', declineCode: 'do_not_honor' });
    await reportDunningOutcome(db, { invoiceId, customerId, currency: 'CHF', outcome: result, attempts, amount, at });
  };
  await outcome('recovered', 2, 1000n, { decline: 'insufficient_funds' });
  await outcome('recovered', 3, 2000n, { decline: 'insufficient_funds' });
  await outcome('lost', 4, 4000n, { decline: 'insufficient_funds' });
  await outcome('lost', 1, 500n, { decline: 'stolen_card' });
  await outcome('recovered', 2, 1500n, { failure: 'expired_card' });
  await outcome('stopped', 2, 700n, { decline: 'insufficient_funds' });
  await outcome('recovered', 2, 9999n, { decline: 'insufficient_funds' }, '2025-12-20');
});

afterAll(async () => {
  await handle?.close();
});

it('rates recovery overall, by attempt and by decline code', async () => {
  const report = await dunningReport(handle.db, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z'), currency: 'CHF' });
  expect(report.overall).toEqual({ recovered: 3, lost: 2, recoveredMinor: 4500n, lostMinor: 4500n, rateBp: 6000, stopped: 1, amountRateBp: 5000 });
  expect(report.byAttempt).toEqual([
    { attempt: 2, reached: 4, recovered: 2, rateBp: 5000 },
    { attempt: 3, reached: 2, recovered: 1, rateBp: 5000 },
    { attempt: 4, reached: 1, recovered: 0, rateBp: 0 },
  ]);
  expect(report.byDeclineCode.map((row) => [row.code, row.recovered, row.lost, row.rateBp])).toEqual([
    ['expired_card', 1, 0, 10000],
    ['insufficient_funds', 2, 1, 6667],
    ['stolen_card', 0, 1, 0],
  ]);
});
