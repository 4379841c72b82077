// The reports procedures: finance and admin read them, support is refused; the period comes in as
// calendar dates and a bad one is refused on its field.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '../../testing/database';
import { contextFor, makeStaff } from '../../testing/fixtures';
import { reportCustomer, reportInvoice } from '../../testing/report-fixtures';
import { createCaller } from '../root';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  const customerId = await reportCustomer(handle.db, { currency: 'EUR' });
  await reportInvoice(handle.db, { customerId, currency: 'EUR', status: 'open', amountDue: 4200n, finalizedAt: '2026-05-01', dueAt: '2026-05-01' });
});
afterAll(() => handle.close());

it('gives finance and admin the ageing of the period, as a table of typed cells', async () => {
  for (const role of ['finance', 'admin'] as const) {
    const api = createCaller(contextFor(handle.db, await makeStaff(handle.db, role)));
    const result = await api.staff.reports.run({ report: 'ageing', from: '2026-05-01', to: '2026-05-31', currency: 'EUR' });
    expect(result.period).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    // As of 1 June 00:00: due 1 May → 31 days past due.
    expect(result.view.tables[0]!.rows).toContainEqual(['bucket_31_60', 1, 4200n]);
  }
});

it('refuses support', async () => {
  const api = createCaller(contextFor(handle.db, await makeStaff(handle.db, 'support')));
  await expect(api.staff.reports.run({ report: 'mrr', currency: 'EUR' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(api.staff.reports.options()).rejects.toBeInstanceOf(TRPCError);
});

it('refuses a malformed date on its field', async () => {
  const api = createCaller(contextFor(handle.db, await makeStaff(handle.db, 'finance')));
  await expect(api.staff.reports.run({ report: 'mrr', from: '2026-13-45', currency: 'EUR' })).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { param: 'from' } });
});
