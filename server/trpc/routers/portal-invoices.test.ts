// portal.invoices through the real procedures: scoped to the caller's account (another customer's
// invoice is NOT_FOUND like a missing one), filtered lists, and paying against the sandbox
// processor — a decline is an answer, concurrent clicks make one charge.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { payments } from '@/db/schema';
import { voidInvoice } from '../../invoices';
import { addPaymentMethod } from '../../payments/methods';
import { createTestDatabase } from '../../testing/database';
import { contextFor, makeCustomerWithContact } from '../../testing/fixtures';
import { makeOpenInvoice, startTestGateway, type TestGateway } from '../../testing/payments';
import { createCaller } from '../root';

let handle: DatabaseHandle;
let gateway: TestGateway;
const at = '2026-06-01T09:00:00Z';
const now = new Date(at);
const actor = { type: 'system' as const };

beforeAll(async () => {
  handle = await createTestDatabase();
  gateway = await startTestGateway({ db: handle.db, now: () => now });
});
afterAll(async () => {
  await gateway.close();
  await handle.close();
});

async function errorCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

async function account(name: string, token?: string) {
  const { customer, contact } = await makeCustomerWithContact(handle.db, name);
  const method = token ? await addPaymentMethod(handle.db, gateway.registry, { customerId: customer.id, token, actor }, now) : null;
  const caller = createCaller(contextFor(handle.db, contact, at, gateway.registry));
  return { customer, contact, method, caller };
}

describe('portal.invoices', () => {
  it('lists only the caller’s invoices, newest first, filtered by status', async () => {
    const alpha = await account('Alpha SARL');
    const beta = await account('Beta GmbH');
    const first = await makeOpenInvoice(handle.db, { customer: alpha.customer, now: new Date('2026-05-01T09:00:00Z') });
    const second = await makeOpenInvoice(handle.db, { customer: alpha.customer, now: new Date('2026-05-15T09:00:00Z') });
    await voidInvoice(handle.db, first.invoice.id, now);
    const other = await makeOpenInvoice(handle.db, { customer: beta.customer, now });

    const all = await alpha.caller.portal.invoices.list({});
    expect(all.data.map((invoice) => invoice.id)).toEqual([second.invoice.id, first.invoice.id]);
    expect(all.data[0]).toMatchObject({ status: 'open', currency: 'EUR', amountRemainingMinor: 12_000n, paymentInFlight: null });
    expect(JSON.stringify(all, (_key, value) => (typeof value === 'bigint' ? value.toString() : value))).not.toContain(other.invoice.id);

    expect((await alpha.caller.portal.invoices.list({ status: 'void' })).data.map((invoice) => invoice.id)).toEqual([first.invoice.id]);
    expect((await alpha.caller.portal.invoices.list({ status: 'open' })).data.map((invoice) => invoice.id)).toEqual([second.invoice.id]);
    expect((await alpha.caller.portal.invoices.list({ status: 'paid' })).data).toEqual([]);

    // One at a time: the cursor leads to the next page, and the last page says so.
    const page1 = await alpha.caller.portal.invoices.list({ limit: 1 });
    expect(page1).toMatchObject({ hasMore: true });
    const page2 = await alpha.caller.portal.invoices.list({ limit: 1, cursor: page1.nextCursor });
    expect(page2.data.map((invoice) => invoice.id)).toEqual([first.invoice.id]);
    expect(page2.hasMore).toBe(false);
  });

  it('answers NOT_FOUND for another customer’s invoice exactly as for a missing one, to get and to pay', async () => {
    const alpha = await account('Gamma SAS', 'pm_card_visa');
    const beta = await account('Delta BV');
    const theirs = await makeOpenInvoice(handle.db, { customer: beta.customer, now });
    expect(await errorCode(alpha.caller.portal.invoices.get({ id: theirs.invoice.id }))).toBe('NOT_FOUND');
    expect(await errorCode(alpha.caller.portal.invoices.get({ id: 'in_does_not_exist' }))).toBe('NOT_FOUND');
    expect(await errorCode(alpha.caller.portal.invoices.pay({ invoiceId: theirs.invoice.id }))).toBe('NOT_FOUND');
    expect(await handle.db.select().from(payments).where(eq(payments.invoiceId, theirs.invoice.id))).toEqual([]);
  });

  it('explains an invoice: lines, taxes per rate, totals', async () => {
    const alpha = await account('Epsilon SARL');
    const { invoice } = await makeOpenInvoice(handle.db, { customer: alpha.customer, now, amountMinor: 10_000n });
    const detail = await alpha.caller.portal.invoices.get({ id: invoice.id });
    expect(detail).toMatchObject({ id: invoice.id, number: invoice.number, status: 'open', subtotalMinor: 10_000n, taxMinor: 2_000n, totalMinor: 12_000n, amountRemainingMinor: 12_000n, payments: [], refunds: [], creditNotes: [] });
    expect(detail.lines).toEqual([expect.objectContaining({ description: 'Consulting', amountMinor: 10_000n, taxMinor: 2_000n, proration: false })]);
    expect(detail.taxes).toEqual([expect.objectContaining({ rate: '20', netMinor: 10_000n, taxMinor: 2_000n })]);
  });

  it('pays with the default method and returns the payment; the invoice is then paid with its receipt', async () => {
    const alpha = await account('Zeta SAS', 'pm_card_visa');
    const { invoice } = await makeOpenInvoice(handle.db, { customer: alpha.customer, now });
    const versionBefore = await alpha.caller.portal.invoices.version();
    const payment = await alpha.caller.portal.invoices.pay({ invoiceId: invoice.id });
    expect(payment).toMatchObject({ status: 'succeeded', attempt: 1, amountMinor: 12_000n, currency: 'EUR', created: true, declineCode: null });
    const detail = await alpha.caller.portal.invoices.get({ id: invoice.id });
    expect(detail).toMatchObject({ status: 'paid', amountRemainingMinor: 0n, amountPaidMinor: 12_000n });
    expect(detail.payments).toEqual([expect.objectContaining({ status: 'succeeded', method: expect.objectContaining({ type: 'card', brand: 'visa', last4: '4242' }) })]);
    expect(await alpha.caller.portal.invoices.version()).not.toBe(versionBefore);
    expect((await alpha.caller.portal.invoices.list({ status: 'paid' })).data.map((row) => row.id)).toEqual([invoice.id]);
    // Paid: nothing left to pay.
    expect(await errorCode(alpha.caller.portal.invoices.pay({ invoiceId: invoice.id }))).toBe('CONFLICT');
  });

  it('answers a decline as a payment with its decline code, leaving the invoice open', async () => {
    const alpha = await account('Eta GmbH', 'pm_card_chargeCustomerFail');
    const { invoice } = await makeOpenInvoice(handle.db, { customer: alpha.customer, now });
    const payment = await alpha.caller.portal.invoices.pay({ invoiceId: invoice.id });
    expect(payment).toMatchObject({ status: 'failed', failureCode: 'card_declined', declineCode: 'generic_decline' });
    const detail = await alpha.caller.portal.invoices.get({ id: invoice.id });
    expect(detail).toMatchObject({ status: 'open', amountRemainingMinor: 12_000n, paymentInFlight: null });
    expect(detail.payments).toEqual([expect.objectContaining({ status: 'failed', declineCode: 'generic_decline' })]);
  });

  it('sends a 3-D Secure card to the challenge, coming back to this invoice’s page only', async () => {
    const alpha = await account('Theta SRL', 'pm_card_authenticationRequired');
    const { invoice } = await makeOpenInvoice(handle.db, { customer: alpha.customer, now });
    expect(await errorCode(alpha.caller.portal.invoices.pay({ invoiceId: invoice.id, returnUrl: 'https://evil.example/steal' }))).toBe('BAD_REQUEST');
    const payment = await alpha.caller.portal.invoices.pay({ invoiceId: invoice.id, paymentMethodId: alpha.method!.id });
    expect(payment.status).toBe('requires_action');
    expect(payment.nextActionUrl).toMatch(/\/3ds\//);
    const intent = gateway.sandbox.store.paymentIntents.get(/\/3ds\/([^/?]+)/.exec(payment.nextActionUrl!)![1]!);
    expect(intent?.returnUrl).toBe(`http://localhost:3000/invoices/${invoice.id}?payment=return`);
    const detail = await alpha.caller.portal.invoices.get({ id: invoice.id });
    expect(detail.paymentInFlight).toBe('requires_action');
    expect((await alpha.caller.portal.invoices.list({})).data[0]!.paymentInFlight).toBe('requires_action');
  });

  it('makes one charge for many simultaneous clicks on Pay', async () => {
    const alpha = await account('Iota Oy', 'pm_card_visa');
    const { invoice } = await makeOpenInvoice(handle.db, { customer: alpha.customer, now });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => alpha.caller.portal.invoices.pay({ invoiceId: invoice.id })));
    const answered = results.filter((result) => result.status === 'fulfilled').map((result) => (result as PromiseFulfilledResult<{ id: string; created: boolean }>).value);
    expect(answered.filter((payment) => payment.created)).toHaveLength(1);
    const rows = await handle.db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('succeeded');
    // The others got the same payment back, or were told the invoice is already paid: never a second charge.
    for (const result of results) {
      if (result.status === 'fulfilled') expect(result.value.id).toBe(rows[0]!.id);
      else expect((result.reason as TRPCError).code).toBe('CONFLICT');
    }
  });
});
