// Pausing dunning for a customer really stops automatic retries and reminders (the check is in
// `collectible`), says so on the timeline, and resuming queues the skipped retry at once.
import { and, asc, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, invoiceDunnings, payments, timelineEvents } from '@/db/schema';
import { addPaymentMethod } from '../payments/methods';
import { makeBillingCustomer } from '../testing/billing-fixtures';
import { contextFor, makeStaff } from '../testing/fixtures';
import { makeOpenInvoice } from '../testing/payments';
import { gatewayTestbed } from '../testing/gateway-testbed';
import { createCaller } from '../trpc/root';
import { sendReminder } from './collect';
import { collectible } from './dunning';

const bed = gatewayTestbed(new Date('2026-06-01T10:00:00Z'));
const day = 24 * 3600_000;

const attempts = (invoiceId: string) => bed.db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(asc(payments.attempt));

describe('pausing dunning for a customer', () => {
  it('skips the scheduled retry and reminders while paused, and retries at once when resumed', async () => {
    const support = await makeStaff(bed.db, 'support');
    const actions = () => createCaller(contextFor(bed.db, support, bed.now.toISOString(), bed.registry)).staff.actions;
    const customer = await makeBillingCustomer(bed.db);
    await addPaymentMethod(bed.db, bed.registry, { customerId: customer.id, token: 'pm_card_chargeCustomerFail', actor: { type: 'system' } }, bed.now);
    const { invoice } = await makeOpenInvoice(bed.db, { customer, now: bed.now });
    await bed.drain();
    expect((await attempts(invoice.id)).map((p) => p.status)).toEqual(['failed']);
    expect(await collectible(bed.db, invoice)).toEqual({ ok: true });

    expect(await actions().setDunningPaused({ customerId: customer.id, paused: true, reason: 'Disputing the plan change' })).toEqual({ paused: true, requeued: 0 });
    expect((await collectible(bed.db, invoice)) as unknown).toEqual({ ok: false, reason: 'dunning is paused for the customer' });
    await expect(actions().setDunningPaused({ customerId: customer.id, paused: true, reason: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT' });

    // The retry falls due three days later: skipped, with the reason on the timeline; no reminder either.
    bed.advance(3 * day + 60_000);
    await bed.gateway.advanceTo(bed.now);
    await bed.drain();
    expect(await attempts(invoice.id)).toHaveLength(1);
    expect(await sendReminder(bed.db, { invoiceId: invoice.id, step: 'after_3' }, bed.now)).toBe('skipped');
    const skipped = await bed.db.select().from(timelineEvents).where(and(eq(timelineEvents.invoiceId, invoice.id), eq(timelineEvents.kind, 'collection.skipped')));
    expect(skipped.map((event) => (event.data as { reason: string }).reason)).toEqual(['attempt 2 not made: dunning is paused for the customer']);

    expect(await actions().setDunningPaused({ customerId: customer.id, paused: false, reason: 'Sorted out' })).toEqual({ paused: false, requeued: 1 });
    await bed.drain();
    expect((await attempts(invoice.id)).map((p) => [p.attempt, p.initiatedBy])).toEqual([
      [1, 'automatic'],
      [2, 'automatic'],
    ]);
    const [state] = await bed.db.select().from(invoiceDunnings).where(eq(invoiceDunnings.invoiceId, invoice.id));
    expect(state!.failedAttempts).toBe(2);
    const audits = await bed.db.select().from(auditLog).where(eq(auditLog.subjectId, customer.id)).orderBy(desc(auditLog.createdAt));
    expect(audits.map((row) => [row.action, row.before, row.after])).toEqual([
      ['dunning.resume', { dunningPaused: true }, { dunningPaused: false, attemptsRequeued: 1 }],
      ['dunning.pause', { dunningPaused: false }, { dunningPaused: true }],
    ]);
    await expect(actions().setDunningPaused({ customerId: customer.id, paused: false, reason: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('is refused to anyone but staff', async () => {
    const customer = await makeBillingCustomer(bed.db);
    await expect(createCaller(contextFor(bed.db, null)).staff.actions.setDunningPaused({ customerId: customer.id, paused: true, reason: 'x y z' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
