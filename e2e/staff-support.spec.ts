// Support in the staff console: finding a customer by the last 4 digits of a card, retrying a
// failed payment and seeing its outcome and audit row on the 360; a refund above support's limit
// refused and the same refund by finance done; screenshots of the search and the 360.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { billingApi } from './billing-api';
import { expect, newStaffContext, screenshotDir, servers, staffUsers, test } from './fixtures';

const run = Date.now().toString(36);

async function staffContext(browser: Browser, role: 'support' | 'finance'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newStaffContext(browser, role);
  return { context, page: await context.newPage() };
}

async function confirmAction(page: Page, button: string | RegExp, reason: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: button }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  return dialog;
}

const timeline = (page: Page) => page.getByRole('list', { name: 'Timeline' });

test('support finds a customer by card last 4, retries the failed charge and sees it fail again, audited; a new card then pays it', async ({ adminPage, request, browser }) => {
  const api = await billingApi(adminPage, request, 'Support retry');
  const name = `Atelier Brume ${run}`;
  const customer = (await api.call('POST', '/customers', { name, email: `brume-${run}@example.com`, currency: 'EUR', address: { line1: '2 quai Nord', city: 'Nantes', postalCode: '44000', country: 'FR' } })).body;
  expect((await api.call('POST', `/customers/${customer.id}/payment-methods`, { token: 'pm_card_chargeCustomerFail' })).status).toBe(201);
  const prices = (await api.call('GET', '/prices?limit=100')).body.data as Array<{ id: string; currency: string; type: string; active: boolean; recurring?: { usageType?: string } | null }>;
  const price = prices.find((p) => p.currency === 'EUR' && p.type === 'recurring' && p.active && p.recurring?.usageType === 'licensed')!;
  // Charged automatically at once: the collection job's charge fails and dunning starts.
  const subscription = (await api.call('POST', '/subscriptions', { customerId: customer.id, items: [{ priceId: price.id }], trialDays: 0 })).body;
  const invoiceId = subscription.latestInvoiceId as string;
  await expect.poll(async () => (await api.call('GET', `/payments?invoiceId=${invoiceId}`)).body.data.map((p: { status: string }) => p.status), { timeout: 20_000 }).toEqual(['failed']);
  const invoiceNumber = (await api.call('GET', `/invoices/${invoiceId}`)).body.number as string;

  const { context, page } = await staffContext(browser, 'support');
  await page.goto('/staff/customers');
  await page.getByLabel('Find a customer').fill('0341');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('card: visa 0341');
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(timeline(page)).toContainText(`Invoice ${invoiceNumber} finalised`);
  await expect(timeline(page)).toContainText('Charge failed on visa •••• 0341: declined by the bank');
  await expect(timeline(page)).toContainText('Retry scheduled 3 days later');

  // The retry is made now, fails again, and says so — in a toast, the payments list and the audit row.
  await confirmAction(page, 'Retry now', 'Customer says the card is topped up');
  await expect(page.getByRole('status').filter({ hasText: 'The charge failed: declined by the bank.' })).toBeVisible();
  const payments = page.getByRole('table', { name: 'Payments' });
  await expect(payments.getByRole('row').filter({ hasText: 'staff' })).toContainText('failed');
  const audit = timeline(page).locator('li[data-kind="audit"]').filter({ hasText: 'retried the payment' });
  await expect(audit).toContainText(`${staffUsers.support}: retried the payment`);
  await expect(audit).toContainText('Why: Customer says the card is topped up');
  await expect(audit).toContainText('status: open');
  await expect(audit).toContainText('paymentStatus: failed');

  // The customer's default changes to a good card: dunning retries with it at once and collects.
  expect((await api.call('POST', `/customers/${customer.id}/payment-methods`, { token: 'pm_card_visa', makeDefault: true })).status).toBe(201);
  await expect.poll(async () => (await api.call('GET', `/invoices/${invoiceId}`)).body.status, { timeout: 20_000 }).toBe('paid');
  await page.reload();
  await expect(timeline(page)).toContainText('by visa •••• 4242');
  await expect(timeline(page)).toContainText('Recovered: invoice paid during dunning');
  await expect(page.getByRole('region', { name: 'What happened' })).toContainText('Charge failed on visa •••• 0341');

  mkdirSync(screenshotDir, { recursive: true });
  const state = await context.storageState();
  for (const locale of ['en', 'fr'] as const) {
    for (const width of [1280, 390]) {
      const shot = await browser.newContext({ baseURL: servers.outbox.url, storageState: state, viewport: { width, height: 900 }, locale: locale === 'fr' ? 'fr-FR' : 'en-US' });
      await shot.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
      const view = await shot.newPage();
      await view.goto(`/staff/customers/${customer.id}`);
      await expect(view.getByRole('heading', { level: 1 })).toHaveText(name);
      await expect(view.locator('html')).toHaveAttribute('lang', locale);
      expect(await view.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${locale} ${width}: no sideways scroll`).toBe(true);
      await view.screenshot({ path: `${screenshotDir}/support-customer-360-${locale}-${width}.png`, fullPage: true });
      await view.goto('/staff/customers');
      await view.getByRole('searchbox').fill('0341');
      // The list answers once the pause after typing is over: the row then says the card matched.
      await expect(view.getByRole('row').filter({ hasText: name })).toContainText('visa 0341');
      await view.screenshot({ path: `${screenshotDir}/support-search-${locale}-${width}.png`, fullPage: true });
      await shot.close();
    }
  }
  await context.close();
});

test('support’s refund above the limit is refused, nothing refunded; finance’s refund of the same amount succeeds; both audited', async ({ adminPage, request, browser }) => {
  // An admin sets support's limit for euros to €10.00.
  await adminPage.goto('/staff/settings/refunds');
  await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText('Refund limits for support');
  await adminPage.getByLabel('Currency', { exact: true }).fill('EUR');
  await adminPage.getByLabel('Amount (EUR)').fill('10.00');
  await confirmAction(adminPage, 'Save limit', 'Support handles small goodwill refunds');
  await expect(adminPage.getByRole('table', { name: 'Refund limits for support' })).toContainText('€10.00');

  const api = await billingApi(adminPage, request, 'Support refund');
  const name = `Cidrerie Kerlann ${run}`;
  const customer = (await api.call('POST', '/customers', { name, email: `kerlann-${run}@example.com`, currency: 'EUR', address: { line1: '5 rue du Port', city: 'Brest', postalCode: '29200', country: 'FR' } })).body;
  const invoice = await api.openInvoice(customer.id);
  const payment = await api.payWithSavedCard(customer.id, invoice.id);

  const support = await staffContext(browser, 'support');
  await support.page.goto(`/staff/customers/${customer.id}`);
  const refundTo = async (page: Page, amount: string, reason: string) =>
    confirmAction(page, 'Refund', reason, async (dialog) => {
      await dialog.getByLabel('Amount (EUR)').fill(amount);
    });
  const refused = await refundTo(support.page, '20.00', 'Late delivery');
  await expect(refused.getByRole('alert')).toHaveText('This is above your refund limit (€10.00); ask finance.');
  await refused.getByRole('button', { name: 'Cancel' }).click();
  await support.page.reload();
  await expect(support.page.getByRole('table', { name: 'Payments' })).not.toContainText('refunded');
  expect((await api.call('GET', `/refunds?paymentId=${payment.id}`)).body.data).toEqual([]);
  await support.context.close();

  const finance = await staffContext(browser, 'finance');
  await finance.page.goto(`/staff/customers/${customer.id}`);
  await refundTo(finance.page, '20.00', 'Late delivery, approved by finance');
  await expect(finance.page.getByRole('table', { name: 'Payments' })).toContainText('€20.00 refunded');
  const audit = timeline(finance.page).locator('li[data-kind="audit"]').filter({ hasText: 'refunded' });
  await expect(audit).toContainText(`${staffUsers.finance}: refunded`);
  await expect(audit).toContainText('Why: Late delivery, approved by finance');
  await expect(audit).toContainText('amountMinor: 2000');
  await expect(timeline(finance.page)).toContainText('Refunded €20.00');
  expect((await api.call('GET', `/refunds?paymentId=${payment.id}`)).body.data).toMatchObject([{ amount: 2000, status: 'succeeded' }]);
  await finance.context.close();
});
