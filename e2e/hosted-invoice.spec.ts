// The hosted invoice page: the link an invoice e-mail carries (the REST invoice's hostedUrl). Signed
// out, anyone holding it sees that invoice and pays it in the gateway's iframe; the page turns to
// paid by itself; a second visit offers nothing more to pay; an unknown token is the 404 page.
import type { Page } from '@playwright/test';
import { billingApi } from './billing-api';
import { contacts, expect, servers, test, trpcQuery } from './fixtures';

const cardFrame = (page: Page) => page.frameLocator('iframe[title="Secure payment details"]');

async function typeCard(page: Page, number: string) {
  const frame = cardFrame(page);
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiry (MM/YY)').fill('12/34');
  await frame.getByLabel('Security code (CVC)').fill('123');
  await frame.getByRole('button', { name: 'Save card' }).click();
}

test('pays an invoice through its hosted link while signed out; a second visit shows it paid with no way to pay; an unknown token is a 404', async ({ adminPage, browser, request }) => {
  const api = await billingApi(adminPage, request, 'Hosted page');
  const customerId = await api.customerId(contacts.lucia.email);
  const invoice = await api.openInvoice(customerId);
  expect(invoice.hostedUrl).toMatch(new RegExp(`^${servers.outbox.url}/i/[0-9a-z]{40}$`));
  const hostedPath = new URL(invoice.hostedUrl).pathname;

  // A browser with no session at all.
  const context = await browser.newContext({ baseURL: servers.outbox.url, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const opened = await page.goto(hostedPath);
  expect(opened?.status()).toBe(200);
  await expect(page).toHaveURL(`${servers.outbox.url}${hostedPath}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${invoice.number}`);
  await expect(page.getByText('Amount due')).toBeVisible();
  await expect(page.getByText(contacts.lucia.company).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pay this invoice' })).toBeVisible();
  // Nothing of the portal: no navigation, no sign-out.
  await expect(page.getByRole('navigation', { name: 'Portal' })).toHaveCount(0);

  await typeCard(page, '4242 4242 4242 4242');
  // Paid without reloading, with the receipt.
  await expect(page.getByText('Paid — thank you')).toBeVisible({ timeout: 20_000 });
  const receipt = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: 'Receipt' }) });
  await expect(receipt).toContainText('Visa ending in 4242');
  await expect(page.getByRole('heading', { name: 'Pay this invoice' })).toHaveCount(0);
  expect((await api.call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({ status: 'paid', amountRemaining: 0 });
  const paymentsOfInvoice = (await api.call('GET', `/payments?invoiceId=${invoice.id}`)).body.data as Array<{ status: string }>;
  expect(paymentsOfInvoice.map((payment) => payment.status)).toEqual(['succeeded']);

  // A second visit: paid, and nothing offers to pay.
  await page.goto(hostedPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${invoice.number}`);
  await expect(page.getByText('Paid — thank you')).toBeVisible();
  await expect(page.locator('iframe')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Pay this invoice' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /pay/i })).toHaveCount(0);

  // An unknown token: the ordinary 404 page; the public procedure answers NOT_FOUND.
  const missing = await page.goto(`/i/${'0'.repeat(40)}`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  const answer = await trpcQuery(page.request, 'hosted.invoice', { token: '0'.repeat(40) });
  expect(answer.json?.error?.json?.data?.code).toBe('NOT_FOUND');
  await context.close();
});

test('a 3-D Secure card on the hosted page completes the bank’s challenge and comes back to the page, paid', async ({ adminPage, browser, request }) => {
  const api = await billingApi(adminPage, request, 'Hosted page 3DS');
  const invoice = await api.openInvoice(await api.customerId(contacts.lucia.email));
  const hostedPath = new URL(invoice.hostedUrl).pathname;
  const context = await browser.newContext({ baseURL: servers.outbox.url, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(hostedPath);
  await typeCard(page, '4000 0027 6000 3184');
  // The sandbox's challenge page, then back to the hosted page.
  await page.getByRole('button', { name: 'Complete' }).click();
  await page.waitForURL((url) => url.pathname === hostedPath, { timeout: 20_000 });
  await expect(page.getByText('Paid — thank you')).toBeVisible({ timeout: 20_000 });
  // The gateway's ids were taken out of the address.
  expect(new URL(page.url()).search).toBe('');
  expect((await api.call('GET', `/invoices/${invoice.id}`)).body.status).toBe('paid');
  await context.close();
});

test('a declined card on the hosted page says why and leaves the invoice open', async ({ adminPage, browser, request }) => {
  const api = await billingApi(adminPage, request, 'Hosted page decline');
  const invoice = await api.openInvoice(await api.customerId(contacts.lucia.email));
  const context = await browser.newContext({ baseURL: servers.outbox.url, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(new URL(invoice.hostedUrl).pathname);
  await typeCard(page, '4000 0000 0000 0002');
  await expect(page.getByRole('alert').filter({ hasText: 'The payment did not go through' })).toContainText('Your card was declined by its bank.');
  await expect(page.getByRole('heading', { name: 'Pay this invoice' })).toBeVisible();
  expect((await api.call('GET', `/invoices/${invoice.id}`)).body.status).toBe('open');
  await context.close();
});
