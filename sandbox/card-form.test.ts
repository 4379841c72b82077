// The card form page and the publishable key it uses: the key may only create PaymentMethods,
// and the page may only be framed by, and only talks to, the parent origin it was given.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsIn, startSandbox, type Started } from './test-support';

const publishableKey = 'pk_test_sandbox_form';
let started: Started;
let publishable: Stripe;

beforeAll(async () => {
  started = await startSandbox({ publishableKey });
  publishable = new Stripe(publishableKey, { host: '127.0.0.1', port: started.port, protocol: 'http', maxNetworkRetries: 0 });
});

afterAll(async () => {
  await started.sandbox.close();
});

const pageUrl = (query: Record<string, string>) => `${started.baseUrl}/elements/payment-method?${new URLSearchParams(query).toString()}`;

describe('publishable key', () => {
  it('creates card, SEPA and wallet PaymentMethods', async () => {
    const card = await publishable.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 4, exp_year: 2031, cvc: '123' }, billing_details: { address: { postal_code: '75001' } } });
    expect(card).toMatchObject({ type: 'card', card: { last4: '4242', wallet: null }, billing_details: { address: { postal_code: '75001' } } });
    const sepa = await publishable.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'AT611904300234573201' }, billing_details: { name: 'Ada', email: 'ada@example.com' } });
    expect(sepa.sepa_debit?.last4).toBe('3201');
    const wallet = await publishable.paymentMethods.create({ type: 'card', card: { token: 'tok_sandbox_wallet' } });
    expect(wallet.card).toMatchObject({ brand: 'visa', last4: '4242', wallet: { type: 'google_pay', dynamic_last4: expect.any(String) } });
    // The secret key can then charge what the form created.
    const intent = await started.stripe.paymentIntents.create({ amount: 1_000, currency: 'eur', payment_method: wallet.id, confirm: true });
    expect(intent.status).toBe('succeeded');
  });

  it('answers a bad card number with the card_error the form shows next to the field', async () => {
    const error = await publishable.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 4, exp_year: 2031, cvc: '1' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'incorrect_number', param: 'card[number]' });
  });

  it('is refused everywhere else with 403, as Stripe refuses it', async () => {
    const refused = [
      publishable.customers.create({}),
      publishable.paymentMethods.retrieve('pm_card_visa'),
      publishable.paymentIntents.create({ amount: 100, currency: 'eur', payment_method: 'pm_card_visa', confirm: true }),
      publishable.events.list(),
    ];
    for (const attempt of refused) {
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
      expect(error).toMatchObject({ statusCode: 403, message: expect.stringContaining('publishable API key') });
    }
  });
});

describe('storage', () => {
  it('keeps no card number or IBAN typed into the form', () => {
    const json = JSON.stringify(started.sandbox.store);
    expect(secretsIn(json)).toEqual([]);
    expect(json).not.toContain('AT611904300234573201');
  });
});

describe('the sandbox wallet', () => {
  it('pm_sandbox_wallet is a Visa success card presented as Google Pay', async () => {
    const customer = await started.stripe.customers.create({});
    const attached = await started.stripe.paymentMethods.attach('pm_sandbox_wallet', { customer: customer.id });
    expect(attached.card?.wallet?.type).toBe('google_pay');
    const intent = await started.stripe.paymentIntents.create({ amount: 700, currency: 'eur', customer: customer.id, payment_method: attached.id, confirm: true, off_session: true });
    expect(intent.status).toBe('succeeded');
  });
});

describe('card form page', () => {
  it('serves a self-contained form that only the given origin may frame', async () => {
    const response = await fetch(pageUrl({ key: publishableKey, origin: 'http://localhost:3000', locale: 'en' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = String(response.headers.get('content-security-policy'));
    expect(csp).toContain('frame-ancestors http://localhost:3000');
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    for (const id of ['card-number', 'card-expiry', 'card-cvc', 'card-postal', 'sepa-name', 'sepa-email', 'sepa-iban']) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toContain(`<input id="${id}"`);
    }
    expect(html).toContain('Pay with Sandbox Pay');
    expect(html).not.toMatch(/https?:\/\/(?!localhost:3000)[^"'\s]+/); // no external assets
    expect(html).not.toMatch(/mandate|mandat/i); // Settle shows the SEPA mandate text, not the form
    expect(html).toContain('"origin":"http://localhost:3000"');
    // The inline script parses (it runs only in a browser).
    const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(() => new Function(String(script))).not.toThrow();
    expect(script).toContain("'settle-sandbox'");
  });

  it('speaks French, pre-fills the account holder, and offers only the requested methods', async () => {
    const html = await (await fetch(pageUrl({ key: publishableKey, origin: 'https://billing.example', locale: 'fr', types: 'sepa_debit,wallet', name: 'Zoé <b>', email: 'zoe@example.fr' }))).text();
    expect(html).toContain('lang="fr"');
    expect(html).toContain('Payer avec Sandbox Pay');
    expect(html).toContain('<label for="sepa-name">Titulaire du compte</label>');
    expect(html).toContain('value="Zoé &#60;b&#62;"');
    expect(html).not.toContain('id="card-number"');
  });

  it.each([
    ['missing origin', { key: publishableKey }],
    ['javascript: origin', { key: publishableKey, origin: 'javascript:alert(1)' }],
    ['origin with a path', { key: publishableKey, origin: 'https://billing.example/portal' }],
    ['ftp origin', { key: publishableKey, origin: 'ftp://billing.example' }],
    ['wrong key', { key: 'pk_test_other', origin: 'https://billing.example' }],
    ['secret key', { key: 'sk_test_sandbox_suite', origin: 'https://billing.example' }],
    ['unknown method', { key: publishableKey, origin: 'https://billing.example', types: 'card,paypal' }],
    ['unknown locale', { key: publishableKey, origin: 'https://billing.example', locale: 'de' }],
  ])('refuses a %s with 400, framable by no one', async (_label, query) => {
    const response = await fetch(pageUrl(query));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
