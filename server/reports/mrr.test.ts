// MRR, churn, NRR and churn by product over one hand-laid data set (EUR), period 1 Jan → 1 Apr
// 2026 (points 1 Jan, 1 Feb, 1 Mar, 1 Apr). Each customer's invoiced service periods:
//   A  Basic 1000/month, periods from the 15th; the 15 Mar invoice has a 100 discount → 900
//   B  Basic 1000 for January, then Pro 3000/month from 1 Feb (a 1234 proration line is ignored)
//   C  Pro 3000/month from the 10th; the last period is 10 Feb → 10 Mar (voluntary churn)
//   D  Annual 120000/year (= 10000/month) all along, plus Pro ×2 = 6000 in January, ×1 = 3000 after
//   E  Basic at 1200 tax included (200 VAT → 1000 net), from 20 Feb
//   F  Basic 1000 from the 5th; the 5 Feb invoice went uncollectible and its dunning was lost
//   G  a void invoice over January (no MRR);  H  Basic in USD (another currency)
//
//   MRR  1 Jan: A 1000 + B 1000 + C 3000 + D 16000 + F 1000            = 22000 (5 customers)
//        1 Feb: A 1000 + B 3000 + C 3000 + D 13000 + F 1000            = 21000
//        1 Mar: A 1000 + B 3000 + C 3000 + D 13000 + E 1000            = 21000
//        1 Apr: A  900 + B 3000 +          D 13000 + E 1000            = 17900
//   Jan→Feb: expansion B 2000, contraction D 3000
//   Feb→Mar: new E 1000, churned F 1000
//   Mar→Apr: contraction A 100, churned C 3000
//   22000 + new 1000 + expansion 2000 − contraction 3100 − churned 4000 = 17900 ✓, ARR 214800
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '@/server/testing/database';
import { reportCustomer, reportDunningOutcome, reportInvoice, reportPrice } from '@/server/testing/report-fixtures';
import { SettleError } from '../errors';
import { mrrReport } from './mrr';
import { churnReport, nrrReport, productChurnReport } from './retention';

let handle: DatabaseHandle;
const filter = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z'), currency: 'EUR' };

/** One paid invoice per [start, end) period, each with one line of `amount` on `priceId`. */
async function periods(customerId: string, priceId: string, amount: bigint, bounds: string[], extra: { discountLast?: bigint; inclusiveTax?: bigint; currency?: string } = {}) {
  for (let i = 0; i + 1 < bounds.length; i++) {
    const last = i + 2 === bounds.length;
    await reportInvoice(handle.db, {
      customerId,
      currency: extra.currency ?? 'EUR',
      status: 'paid',
      finalizedAt: bounds[i],
      paidAt: bounds[i],
      lines: [{ priceId, amount, discount: last ? extra.discountLast : undefined, tax: extra.inclusiveTax, inclusive: extra.inclusiveTax !== undefined, period: [bounds[i]!, bounds[i + 1]!] }],
    });
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const basic = await reportPrice(db, { product: 'Basic', currency: 'EUR', interval: 'month' });
  const pro = await reportPrice(db, { product: 'Pro', currency: 'EUR', interval: 'month' });
  const annual = await reportPrice(db, { product: 'Annual', currency: 'EUR', interval: 'year' });
  const basicUsd = await reportPrice(db, { product: 'Basic USD', currency: 'USD', interval: 'month' });
  const [a, b, c, d, e, f, g, h] = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((name) => reportCustomer(db, { name, currency: name === 'H' ? 'USD' : 'EUR' })));

  await periods(a!, basic, 1000n, ['2025-12-15', '2026-01-15', '2026-02-15', '2026-03-15', '2026-04-15'], { discountLast: 100n });
  await periods(b!, basic, 1000n, ['2026-01-01', '2026-02-01']);
  await periods(b!, pro, 3000n, ['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
  await reportInvoice(db, { customerId: b!, currency: 'EUR', status: 'paid', finalizedAt: '2026-02-01', paidAt: '2026-02-01', lines: [{ priceId: pro, amount: 1234n, proration: true, period: ['2026-01-20', '2026-02-01'] }] });
  await periods(c!, pro, 3000n, ['2025-12-10', '2026-01-10', '2026-02-10', '2026-03-10']);
  await reportInvoice(db, { customerId: d!, currency: 'EUR', status: 'paid', finalizedAt: '2025-06-01', paidAt: '2025-06-01', lines: [{ priceId: annual, amount: 120000n, period: ['2025-06-01', '2026-06-01'] }] });
  await periods(d!, pro, 6000n, ['2026-01-01', '2026-02-01']);
  await periods(d!, pro, 3000n, ['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
  await periods(e!, basic, 1200n, ['2026-02-20', '2026-03-20', '2026-04-20'], { inclusiveTax: 200n });
  await periods(f!, basic, 1000n, ['2025-12-05', '2026-01-05', '2026-02-05']);
  const unpaid = await reportInvoice(db, { customerId: f!, currency: 'EUR', status: 'uncollectible', finalizedAt: '2026-02-05', uncollectibleAt: '2026-03-01', lines: [{ priceId: basic, amount: 1000n, period: ['2026-02-05', '2026-03-05'] }] });
  await reportDunningOutcome(db, { invoiceId: unpaid, customerId: f!, currency: 'EUR', outcome: 'lost', attempts: 4, amount: 1000n, at: '2026-03-01' });
  await reportInvoice(db, { customerId: g!, currency: 'EUR', status: 'void', finalizedAt: '2026-01-01', voidedAt: '2026-01-02', lines: [{ priceId: pro, amount: 5000n, period: ['2026-01-01', '2026-02-01'] }] });
  await periods(h!, basicUsd, 1000n, ['2025-12-01', '2026-06-01'], { currency: 'USD' });
});

afterAll(async () => {
  await handle?.close();
});

describe('MRR and ARR', () => {
  it('reads MRR at each month point and splits every change into new, expansion, contraction and churned', async () => {
    const report = await mrrReport(handle.db, filter);
    expect(report.points.map((p) => [p.at.toISOString().slice(0, 10), p.mrrMinor, p.customers])).toEqual([
      ['2026-01-01', 22000n, 5],
      ['2026-02-01', 21000n, 5],
      ['2026-03-01', 21000n, 5],
      ['2026-04-01', 17900n, 4],
    ]);
    expect(report.points.at(-1)!.arrMinor).toBe(214800n);
    expect(report.movements.map((m) => [m.newMinor, m.expansionMinor, m.contractionMinor, m.churnedMinor])).toEqual([
      [0n, 2000n, 3000n, 0n],
      [1000n, 0n, 0n, 1000n],
      [0n, 0n, 100n, 3000n],
    ]);
    expect(report.totals).toEqual({ startMinor: 22000n, endMinor: 17900n, netMinor: -4100n, newMinor: 1000n, expansionMinor: 2000n, contractionMinor: 3100n, churnedMinor: 4000n });
  });

  // Read on 20 Mar at noon for a period to 1 Apr: the last point is now, when C (10 Feb → 10 Mar)
  // has already gone and A's discounted period (15 Mar →) has begun: A 900 + B 3000 + D 13000 + E 1000.
  it('ends a period that runs past now at now', async () => {
    const report = await mrrReport(handle.db, { ...filter, asOf: new Date('2026-03-20T12:00:00Z') });
    expect(report.points.map((p) => [p.at.toISOString(), p.mrrMinor])).toEqual([
      ['2026-01-01T00:00:00.000Z', 22000n],
      ['2026-02-01T00:00:00.000Z', 21000n],
      ['2026-03-01T00:00:00.000Z', 21000n],
      ['2026-03-20T12:00:00.000Z', 17900n],
    ]);
    await expect(mrrReport(handle.db, { ...filter, asOf: new Date('2025-12-31T00:00:00Z') })).rejects.toMatchObject({ param: 'from' });
  });

  it('keeps currencies apart', async () => {
    const report = await mrrReport(handle.db, { ...filter, currency: 'USD' });
    expect(report.points.map((p) => p.mrrMinor)).toEqual([1000n, 1000n, 1000n, 1000n]);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    await expect(mrrReport(handle.db, { ...filter, to: filter.from })).rejects.toMatchObject(new SettleError('VALIDATION_FAILED', 'The period must end after it starts.', 'to'));
    await expect(mrrReport(handle.db, { ...filter, currency: 'euro' })).rejects.toMatchObject({ param: 'currency' });
  });
});

describe('churn and retention', () => {
  // Cohort on 1 Jan: A, B, C, D, F = 5 customers, 22000. On 1 Apr C and F are gone:
  //   logo churn = 2 / 5 = 40.00 %; revenue churn = (C 3000 + F 1000 + contraction A 100 + D 3000) / 22000
  //   = 7100 / 22000 = 32.2727… % → 3227 bp. F had a dunning lost in the period: involuntary.
  it('counts logo and revenue churn, voluntary and involuntary', async () => {
    expect(await churnReport(handle.db, filter)).toEqual({
      currency: 'EUR',
      startCustomers: 5,
      startMrrMinor: 22000n,
      churnedCustomers: 2,
      voluntaryCustomers: 1,
      involuntaryCustomers: 1,
      churnedMrrMinor: 4000n,
      voluntaryMrrMinor: 3000n,
      involuntaryMrrMinor: 1000n,
      contractionMinor: 3100n,
      logoChurnBp: 4000,
      revenueChurnBp: 3227,
    });
  });

  // NRR = cohort MRR on 1 Apr (A 900 + B 3000 + D 13000) / 22000 = 16900 / 22000 = 76.818… % → 7682 bp;
  // GRR = Σ min: A 900 + B 1000 + D 13000 = 14900 / 22000 = 67.727… % → 6773 bp. E (new) is not in it.
  it('computes net and gross revenue retention of the starting cohort', async () => {
    expect(await nrrReport(handle.db, filter)).toEqual({
      currency: 'EUR',
      cohortCustomers: 5,
      startMrrMinor: 22000n,
      endMrrMinor: 16900n,
      expansionMinor: 2000n,
      contractionMinor: 3100n,
      churnedMinor: 4000n,
      nrrBp: 7682,
      grrBp: 6773,
    });
  });

  // Pairs on 1 Jan: Basic A 1000, B 1000, F 1000; Pro C 3000, D 6000; Annual D 10000.
  //   Pro:    C churned 3000, D contracted 3000 → logo 1/2 = 50 %, revenue 6000/9000 = 66.67 %
  //   Basic:  B (moved to Pro) and F churned 2000, A contracted 100 → logo 2/3 = 66.67 %, revenue 2100/3000 = 70 %
  //   Annual: nothing lost
  it('breaks churn down by product', async () => {
    const { products } = await productChurnReport(handle.db, filter);
    expect(products.map((p) => [p.productName, p.startCustomers, p.churnedCustomers, p.startMrrMinor, p.churnedMrrMinor, p.contractionMinor, p.logoChurnBp, p.revenueChurnBp])).toEqual([
      ['Pro', 2, 1, 9000n, 3000n, 3000n, 5000, 6667],
      ['Basic', 3, 2, 3000n, 2000n, 100n, 6667, 7000],
      ['Annual', 1, 0, 10000n, 0n, 0n, 0, 0],
    ]);
  });
});
