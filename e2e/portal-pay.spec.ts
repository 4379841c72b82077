// Paying an invoice in the portal, against the production server and its sandbox processor: a
// new card typed in the gateway's iframe, a declined card, 3-D Secure, SEPA Direct Debit settled
// days later, and a double click. The page turns paid by itself (server-sent events): a marker set
// on `window` proves no reload or navigation happened.
import type { FrameLocator, Page } from '@playwright/test';
import { contacts, expect, signInAsCustomer, test } from './fixtures';
import { customerIdOf, openInvoiceFor, paymentsOf, restApi } from './portal-invoices-helpers';

const frame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Secure payment details"], iframe[title="Informations de paiement sécurisées"]');
const status = (page: Page) => page.getByTestId('invoice-status');
const paid = /^(Paid|Payée)$/;
const open = /^(Open|À payer)$/;

async function markWindow(page: Page) {
  await page.evaluate(() => ((window as unknown as { settleMarker: string }).settleMarker = 'still here'));
}
async function expectSameWindow(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { settleMarker?: string }).settleMarker), 'the page was reloaded or navigated').toBe('still here');
}

async function typeCard(page: Page, number: string) {
  const form = frame(page);
  await form.getByLabel(/^(Card number|Numéro de carte)$/).fill(number);
  await form.getByLabel(/^(Expiry \(MM\/YY\)|Date d’expiration \(MM\/AA\))$/).fill('12/34');
  await form.getByLabel(/^(Security code \(CVC\)|Code de sécurité \(CVC\))$/).fill('123');
  await form.getByRole('button', { name: /^(Save card|Enregistrer la carte)$/ }).click();
}

test('a new card typed in the gateway’s form pays the invoice; it shows Paid and the receipt without reloading; a double click then charges once', async ({ page, adminPage, request }) => {
  const api = await restApi(adminPage, request, 'Portal pay (card)');
  const customerId = await customerIdOf(api, contacts.marion.email);
  const invoiceId = await openInvoiceFor(api, customerId);
  await signInAsCustomer(page, contacts.marion.email);

  // The nav leads to the list, the list to the invoice.
  await page.getByRole('link', { name: /^(Invoices|Factures)$/ }).click();
  await page.waitForURL('**/invoices');
  await page.locator(`a[href="/invoices/${invoiceId}"]`).click();
  await page.waitForURL(`**/invoices/${invoiceId}`);
  await expect(status(page)).toContainText(open);
  await markWindow(page);

  await typeCard(page, '4242 4242 4242 4242');
  await expect(status(page)).toContainText(paid, { timeout: 20_000 });
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText(/Visa (ending in|se terminant par) 4242/);
  await expect(receipt).toContainText(/€|EUR/);
  await expect(page.getByTestId('paid-banner')).toBeVisible();
  await expectSameWindow(page);
  expect((await api('GET', `/invoices/${invoiceId}`)).body.status).toBe('paid');
  expect((await paymentsOf(api, invoiceId)).map((p) => p.status)).toEqual(['succeeded']);

  // A second invoice, paid in one click with the card now saved as the default: a double click charges once.
  const second = await openInvoiceFor(api, customerId);
  await page.goto(`/invoices/${second}`);
  const pay = page.getByRole('button', { name: /^(Pay|Payer) .+ (with|avec) Visa (ending in|se terminant par) 4242$/ });
  await expect(pay).toBeEnabled();
  await markWindow(page);
  await pay.dblclick();
  await expect(status(page)).toContainText(paid, { timeout: 20_000 });
  await expectSameWindow(page);
  const payments = await paymentsOf(api, second);
  expect(payments, 'exactly one payment for a double click').toHaveLength(1);
  expect(payments[0]!.status).toBe('succeeded');
});

test('a declined card shows its message and next step; the invoice stays open', async ({ page, adminPage, request }) => {
  const api = await restApi(adminPage, request, 'Portal pay (decline)');
  const invoiceId = await openInvoiceFor(api, await customerIdOf(api, contacts.chloe.email));
  await signInAsCustomer(page, contacts.chloe.email);
  await page.goto(`/invoices/${invoiceId}`);
  await markWindow(page);

  await typeCard(page, '4000 0000 0000 0002');
  const decline = page.getByTestId('decline');
  await expect(decline).toContainText(/Your bank declined the payment\.|Votre banque a refusé le paiement\./);
  await expect(decline).toContainText(/Try another card|Essayez une autre carte/);
  await expect(status(page)).toContainText(open);
  await expectSameWindow(page);
  expect((await api('GET', `/invoices/${invoiceId}`)).body.status).toBe('open');
  // The form is there again for another card.
  await expect(frame(page).getByLabel(/^(Card number|Numéro de carte)$/)).toBeVisible();
});

test('a 3-D Secure card completes after the bank’s challenge and the invoice is paid', async ({ page, adminPage, request }) => {
  const api = await restApi(adminPage, request, 'Portal pay (3DS)');
  const invoiceId = await openInvoiceFor(api, await customerIdOf(api, contacts.louis.email));
  await signInAsCustomer(page, contacts.louis.email);
  await page.goto(`/invoices/${invoiceId}`);

  await typeCard(page, '4000 0027 6000 3184');
  // Off to the sandbox's challenge page, then back to this invoice.
  await page.waitForURL(/\/3ds\//, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Complete' }).click();
  await page.waitForURL((url) => url.pathname === `/invoices/${invoiceId}` && url.searchParams.get('payment') === 'return');
  await expect(status(page)).toContainText(paid, { timeout: 20_000 });
  await expect(page.getByTestId('receipt')).toContainText(/3184/);
  expect((await api('GET', `/invoices/${invoiceId}`)).body.status).toBe('paid');
});

test('a change made while the page is still connecting its live updates is shown, not missed', async ({ page, adminPage, request }) => {
  // The 3-D Secure return page used to stay on "authentication pending" when the success webhook
  // was applied between the page's render and its live stream opening: the stream took the already
  // changed account as its baseline and never said "changed". The stream is held back here until
  // the invoice has changed, which makes that race certain.
  const api = await restApi(adminPage, request, 'Portal pay (live)');
  const invoiceId = await openInvoiceFor(api, await customerIdOf(api, contacts.emile.email));
  await signInAsCustomer(page, contacts.emile.email);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/portal/events', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/invoices/${invoiceId}`);
  await expect(status(page)).toContainText(open);
  await markWindow(page);

  expect((await api('POST', `/invoices/${invoiceId}/void`)).status).toBe(200);
  release();
  await expect(status(page)).toContainText(/^(Void|Annulée)$/);
  await expectSameWindow(page);
});

test('SEPA Direct Debit shows processing and nothing to pay twice, then Paid once the clock moves 7 days — without reloading', async ({ page, adminPage, request }) => {
  const api = await restApi(adminPage, request, 'Portal pay (SEPA)');
  const invoiceId = await openInvoiceFor(api, await customerIdOf(api, contacts.jonas.email));
  await signInAsCustomer(page, contacts.jonas.email);
  await page.goto(`/invoices/${invoiceId}`);
  await markWindow(page);

  const form = frame(page);
  await form.getByRole('button', { name: /^(SEPA Direct Debit|Prélèvement SEPA)$/ }).click();
  await form.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await form.getByRole('button', { name: /^(Save account|Enregistrer le compte)$/ }).click();
  // The mandate is Settle's to show and the customer's to accept.
  await page.getByLabel(/(I accept this mandate|J’accepte ce mandat)/).check();
  await page.getByRole('button', { name: /^(Confirm the mandate|Confirmer le mandat)$/ }).click();

  await expect(page.getByTestId('processing-banner')).toBeVisible({ timeout: 20_000 });
  await expect(status(page)).toContainText(/Payment processing|Paiement en cours/);
  await expect(page.getByRole('button', { name: /^(Pay|Payer) / })).toHaveCount(0);
  await expect(page.locator('iframe')).toHaveCount(0);
  expect((await paymentsOf(api, invoiceId)).map((p) => p.status)).toEqual(['processing']);

  expect((await api('POST', '/clock/advance', { days: 7 })).status).toBe(200);
  await expect(status(page)).toContainText(paid, { timeout: 30_000 });
  await expect(page.getByTestId('receipt')).toContainText(/SEPA/);
  await expectSameWindow(page);
});
