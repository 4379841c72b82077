// The portal's saved payment methods, through the real Stripe gateway and the sandbox processor:
// scoped to the caller (another account's method answers NOT_FOUND like a missing one), the
// default moves, SEPA needs the mandate, and a method paying a live subscription says so.
import { TRPCError } from '@trpc/server';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createSubscription } from '../../subscriptions';
import { ensureMerchant, makePrice } from '../../testing/billing-fixtures';
import { createTestDatabase } from '../../testing/database';
import { contextFor, makeCustomerWithContact } from '../../testing/fixtures';
import { startTestGateway, type TestGateway } from '../../testing/payments';
import { createCaller } from '../root';

let handle: DatabaseHandle;
let gateway: TestGateway;
let stripe: Stripe;
const at = '2026-06-15T12:00:00Z';

beforeAll(async () => {
  handle = await createTestDatabase();
  await ensureMerchant(handle.db);
  gateway = await startTestGateway({ db: handle.db, now: () => new Date(at) });
  const base = new URL(gateway.config.apiBase);
  stripe = new Stripe(gateway.config.secretKey, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await handle.close();
});

async function customerCaller(name?: string) {
  const made = await makeCustomerWithContact(handle.db, name);
  return { ...made, caller: createCaller(contextFor(handle.db, made.contact, at, gateway.registry)) };
}

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, param: (error.cause as { param?: string } | undefined)?.param ?? null };
  }
  throw new Error('expected a refusal');
}

const card = (token: string, makeDefault = false) => ({ gateway: 'stripe', token, type: 'card' as const, makeDefault });

describe('portal.paymentMethods', () => {
  it('lists what the page shows; the first method is the default, makeDefault and setDefault move it', async () => {
    const { caller } = await customerCaller();
    expect(await caller.portal.paymentMethods.list()).toEqual([]);
    const visa = await caller.portal.paymentMethods.add(card('pm_card_visa'));
    expect(visa).toMatchObject({ type: 'card', brand: 'visa', last4: '4242', isDefault: true });
    const mastercard = await caller.portal.paymentMethods.add(card('pm_card_mastercard'));
    expect(mastercard).toMatchObject({ brand: 'mastercard', last4: '4444', isDefault: false });

    let list = await caller.portal.paymentMethods.list();
    expect(list.map((m) => [m.last4, m.isDefault])).toEqual([
      ['4242', true],
      ['4444', false],
    ]);
    expect(list[0]).toMatchObject({ expiry: 'ok', paysSubscriptions: 0 });
    expect(list[0]!.expMonth).toBeGreaterThan(0);

    await caller.portal.paymentMethods.setDefault({ paymentMethodId: mastercard.id });
    list = await caller.portal.paymentMethods.list();
    expect(list.filter((m) => m.isDefault).map((m) => m.last4)).toEqual(['4444']);

    const amex = await caller.portal.paymentMethods.add(card('pm_card_createDispute', true));
    expect(amex.isDefault).toBe(true);
    list = await caller.portal.paymentMethods.list();
    expect(list.filter((m) => m.isDefault).map((m) => m.id)).toEqual([amex.id]);
  });

  it('counts the live subscriptions the default method pays, and removing a method forgets it', async () => {
    const { customer, caller } = await customerCaller();
    const price = await makePrice(handle.db, { unitAmount: 1900 });
    await createSubscription(handle.db, { customerId: customer.id, items: [{ priceId: price.id }] }, new Date(at));
    const visa = await caller.portal.paymentMethods.add(card('pm_card_visa'));
    const mastercard = await caller.portal.paymentMethods.add(card('pm_card_mastercard'));
    const list = await caller.portal.paymentMethods.list();
    expect(list.find((m) => m.id === visa.id)).toMatchObject({ isDefault: true, paysSubscriptions: 1 });
    expect(list.find((m) => m.id === mastercard.id)).toMatchObject({ isDefault: false, paysSubscriptions: 0 });

    expect(await caller.portal.paymentMethods.remove({ paymentMethodId: mastercard.id })).toEqual({ removed: true });
    expect((await caller.portal.paymentMethods.list()).map((m) => m.id)).toEqual([visa.id]);
    // Gone: a second removal or making it the default answers NOT_FOUND.
    expect(await errorOf(caller.portal.paymentMethods.remove({ paymentMethodId: mastercard.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf(caller.portal.paymentMethods.setDefault({ paymentMethodId: mastercard.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers NOT_FOUND for another account’s method exactly as for a missing id, and changes nothing', async () => {
    const alice = await customerCaller('Alice SARL');
    const bob = await customerCaller('Bob GmbH');
    const bobs = await bob.caller.portal.paymentMethods.add(card('pm_card_visa'));
    await bob.caller.portal.paymentMethods.add(card('pm_card_mastercard'));
    const missing = await errorOf(alice.caller.portal.paymentMethods.remove({ paymentMethodId: 'pmeth_doesnotexist' }));
    expect(await errorOf(alice.caller.portal.paymentMethods.remove({ paymentMethodId: bobs.id }))).toEqual(missing);
    expect(await errorOf(alice.caller.portal.paymentMethods.setDefault({ paymentMethodId: bobs.id }))).toEqual(missing);
    expect(missing.code).toBe('NOT_FOUND');
    expect(await alice.caller.portal.paymentMethods.list()).toEqual([]);
    expect((await bob.caller.portal.paymentMethods.list()).map((m) => [m.id, m.isDefault])).toContainEqual([bobs.id, true]);
  });

  it('saves a SEPA account only with the mandate accepted, with its mandate reference', async () => {
    const { customer, caller } = await customerCaller();
    const sepa = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: customer.name, email: customer.email } });
    const withoutMandate = { gateway: 'stripe', token: sepa.id, type: 'sepa_debit' as const };
    expect(await errorOf(caller.portal.paymentMethods.add(withoutMandate))).toEqual({ code: 'BAD_REQUEST', param: 'mandateAccepted' });
    expect(await caller.portal.paymentMethods.list()).toEqual([]);
    const saved = await caller.portal.paymentMethods.add({ ...withoutMandate, mandateAccepted: true });
    expect(saved).toMatchObject({ type: 'sepa_debit', last4: '3000', isDefault: true });
    expect(saved.mandateReference).toBeTruthy();
  });

  it('gives the gateway form for this origin and the methods the currency allows', async () => {
    const { caller } = await customerCaller();
    const form = await caller.portal.paymentMethods.form({ origin: 'http://localhost:3130/payment-methods', locale: 'fr' });
    expect(form).toMatchObject({ gateway: 'stripe' });
    expect(form!.types).toEqual(expect.arrayContaining(['card', 'sepa_debit']));
    expect(new URL(form!.url).searchParams.get('origin') ?? form!.url).toContain('http://localhost:3130');
  });
});
