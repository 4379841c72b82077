// The optional data file: saved cards, mandates and sandbox time survive a restart, the file is
// replaced atomically, and it holds no card number or IBAN.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from './server';
import { days, monday, onlineMandate, secretsIn, startSandbox } from './test-support';

const directory = mkdtempSync(join(tmpdir(), 'sandbox-data-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('data file', () => {
  it('restores customers, saved payment methods, mandates, pending work and test-clock time', async () => {
    const dataFile = join(directory, 'sandbox.json');
    const first = await startSandbox({ dataFile });
    const { advance } = await first.clock(monday());
    const customer = await first.stripe.customers.create({ email: 'ada@example.com' });
    const card = await first.stripe.paymentMethods.create({ type: 'card', card: { number: '5555555555554444', exp_month: 1, exp_year: 2032, cvc: '321' } });
    const savedCard = await first.stripe.paymentMethods.attach(card.id, { customer: customer.id });
    const iban = await first.stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'FR1420041010050500013M02606' }, billing_details: { name: 'Ada', email: 'ada@example.com' } });
    const setup = await first.stripe.setupIntents.create({ customer: customer.id, payment_method: iban.id, confirm: true, mandate_data: onlineMandate });
    const debit = await first.stripe.paymentIntents.create({ amount: 900, currency: 'eur', customer: customer.id, payment_method: String(setup.payment_method), confirm: true, off_session: true });
    await advance(monday() + days(1));
    await first.sandbox.close();

    const text = readFileSync(dataFile, 'utf8');
    expect(secretsIn(text)).toEqual([]);
    expect(readdirSync(directory)).toEqual(['sandbox.json']);

    const second = await startSandbox({ dataFile });
    try {
      expect((await second.stripe.paymentMethods.retrieve(savedCard.id)).card).toMatchObject({ last4: '4444', exp_year: 2032 });
      expect((await second.stripe.mandates.retrieve(String(setup.mandate))).status).toBe('active');
      expect((await second.stripe.customers.create({})).created).toBe((monday() + days(1)) / 1000);
      expect((await second.stripe.paymentIntents.retrieve(debit.id)).status).toBe('processing');
      second.sandbox.advanceTo(monday() + days(3));
      expect((await second.stripe.paymentIntents.retrieve(debit.id)).status).toBe('succeeded');
    } finally {
      await second.sandbox.close();
    }
  });

  it('saves shortly after a change, without waiting for close', async () => {
    const dataFile = join(directory, 'debounced.json');
    const started = await startSandbox({ dataFile });
    try {
      const customer = await started.stripe.customers.create({ email: 'soon@example.com' });
      await expect.poll(() => (existsSync(dataFile) ? readFileSync(dataFile, 'utf8') : ''), { timeout: 2_000, interval: 25 }).toContain(customer.id);
    } finally {
      await started.sandbox.close();
    }
  });

  it('refuses to start over a file that is not JSON rather than overwrite it', () => {
    const dataFile = join(directory, 'broken.json');
    writeFileSync(dataFile, '{ not json');
    expect(() => createSandbox({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', dataFile, dueWorkIntervalMs: 0 })).toThrow(/not valid JSON/);
    expect(readFileSync(dataFile, 'utf8')).toBe('{ not json');
  });
});
