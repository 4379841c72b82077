import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { customers, invoices, users } from '@/db/schema';
import { authenticateStaff } from '../auth/users';
import { checkInvariants } from '../invariants';
import { createTestDatabase } from '../testing/database';
import { demoCustomers, demoStaffPassword } from './demo-data';
import { seedDemo } from './demo';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const counts = async () => ({
  customers: (await handle.db.select({ n: sql<number>`count(*)::int` }).from(customers))[0]!.n,
  users: (await handle.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n,
});

describe('demo seed', () => {
  // Plays a hundred simulated days through the engine, collection jobs included: about 20 s on a
  // quiet machine, more than the file-wide 30 s when the full suite shares two loaded cores.
  it('creates the merchant, staff and customers in several countries and currencies, once', { timeout: 120_000 }, async () => {
    const first = await seedDemo(handle.db, new Date('2026-06-15T12:00:00Z'));
    expect(first.seeded).toBe(true);
    const afterFirst = await counts();
    expect(afterFirst.customers).toBe(demoCustomers.length);
    const currencies = await handle.db.selectDistinct({ c: customers.currency }).from(customers);
    expect(currencies.map((c) => c.c).sort()).toEqual(['CAD', 'CHF', 'EUR', 'GBP', 'JPY', 'KWD', 'USD']);
    expect((await authenticateStaff(handle.db, { email: first.staff[0]!.email, password: demoStaffPassword }))?.role).toBe('admin');

    // The invoices come from the engine: renewals, and every status an invoice can reach.
    const statuses = await handle.db.selectDistinct({ status: invoices.status }).from(invoices);
    expect(statuses.map((s) => s.status).sort()).toEqual(['open', 'paid', 'uncollectible', 'void']);
    const reasons = await handle.db.selectDistinct({ reason: invoices.billingReason }).from(invoices);
    expect(reasons.map((r) => r.reason)).toEqual(expect.arrayContaining(['subscription_create', 'subscription_cycle']));

    expect(await checkInvariants(handle.db)).toEqual([]);

    const second = await seedDemo(handle.db, new Date('2026-07-15T12:00:00Z'));
    expect(second.seeded).toBe(false);
    expect(await counts()).toEqual(afterFirst);
  });
});
