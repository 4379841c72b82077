// The portal's Subscription page and overview against the production build and the sandbox: an
// upgrade bills exactly the previewed amount, a cancellation at period end can be resumed, and
// the overview shows plan, renewal, balance due and a failed payment with its two actions.
// State is made through the REST API, for this spec's own demo customers only.
import type { APIRequestContext, Page } from '@playwright/test';
import { contacts, expect, issueApiKey, signInAsCustomer, test } from './fixtures';

type Api = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

function restClient(request: APIRequestContext, secret: string): Api {
  return async (method, path, body) => {
    const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, data: body });
    return { status: response.status(), body: await response.json() };
  };
}

async function customerId(api: Api, email: string): Promise<string> {
  const { body } = await api('GET', `/customers?email=${encodeURIComponent(email)}`);
  expect(body.data, `the demo customer of ${email}`).toHaveLength(1);
  return body.data[0].id;
}

/** The active monthly licensed price of `currency` whose unit amount is `unitAmount`. */
async function monthlyPrice(api: Api, currency: string, unitAmount: number): Promise<{ id: string }> {
  const { body } = await api('GET', '/prices?limit=100&active=true');
  const price = body.data.find(
    (p: { currency: string; type: string; unitAmount: number | string | null; recurring: { interval: string; usageType: string } | null }) =>
      p.currency === currency && p.type === 'recurring' && p.recurring?.interval === 'month' && p.recurring.usageType !== 'metered' && Number(p.unitAmount) === unitAmount,
  );
  expect(price, `a monthly ${currency} price of ${unitAmount}`).toBeTruthy();
  return price;
}

const money = (minor: number, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(minor / 100);
const day = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));

async function openSubscription(page: Page, subscriptionId: string) {
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Subscription' }).click();
  await page.waitForURL('**/subscription');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscription');
  const card = page.getByTestId(`subscription-${subscriptionId}`);
  await expect(card).toBeVisible();
  return card;
}

test('an upgrade shows its exact cost first, and the invoice it issues asks exactly that amount', async ({ adminPage, page, request }) => {
  const api = restClient(request, await issueApiKey(adminPage, `Subscription upgrade ${Date.now().toString(36)}`));
  const customer = await customerId(api, contacts.liam.email);
  const starter = await monthlyPrice(api, 'USD', 2100);
  const team = await monthlyPrice(api, 'USD', 1000);
  // Invoiced (send_invoice): Liam has no saved method, and an automatic charge that cannot be made
  // would put the subscription in dunning; the upgrade's invoice then waits for him to pay it.
  const created = await api('POST', '/subscriptions', { customerId: customer, items: [{ priceId: starter.id }], collectionMethod: 'send_invoice' });
  expect(created.status).toBe(201);
  const subscription = created.body;

  await signInAsCustomer(page, contacts.liam.email);
  const card = await openSubscription(page, subscription.id);
  await expect(card.getByTestId('renewal')).toContainText(`Renews on ${day(subscription.currentPeriodEnd)}`);

  // Starter ($21) → Team at 3 seats ($30): more expensive.
  await card.getByRole('button', { name: 'Change plan or quantity' }).click();
  await card.getByLabel('Plan', { exact: true }).selectOption(team.id);
  await card.getByLabel('Quantity', { exact: true }).fill('3');
  await card.getByRole('button', { name: 'Preview the change' }).click();
  const preview = card.getByTestId('change-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('listitem').filter({ hasText: 'Unused time on Starter × 1' })).toBeVisible();
  await expect(preview.getByRole('listitem').filter({ hasText: 'Remaining time on Team × 3' })).toBeVisible();
  const chargedNow = preview.getByTestId('charged-now');
  const previewedMinor = Number(await chargedNow.getAttribute('data-amount-minor'));
  expect(previewedMinor).toBeGreaterThan(0);
  await expect(chargedNow).toHaveText(money(previewedMinor, 'USD'));

  await preview.getByRole('button', { name: 'Confirm the change' }).click();
  await expect(card.getByRole('status')).toContainText('Your plan is changed.');
  await expect(card.getByRole('status')).toContainText(money(previewedMinor, 'USD'));
  const payLink = card.getByRole('link', { name: /^Pay invoice / });

  const invoices = await api('GET', `/invoices?subscriptionId=${subscription.id}`);
  const update = invoices.body.data.filter((invoice: { billingReason: string }) => invoice.billingReason === 'subscription_update');
  expect(update).toHaveLength(1);
  expect(Number(update[0].total)).toBe(previewedMinor);
  expect(Number(update[0].amountDue)).toBe(previewedMinor);
  await expect(payLink).toHaveAttribute('href', `/invoices/${update[0].id}`);
  // The page now shows the new plan.
  await expect(card.getByText(/^Team/).first()).toBeVisible();
  const after = await api('GET', `/subscriptions/${subscription.id}`);
  expect(after.body.items).toEqual([expect.objectContaining({ priceId: team.id, quantity: 3 })]);
});

test('cancelling at the period end with a reason, then resuming before the end', async ({ adminPage, page, request }) => {
  const api = restClient(request, await issueApiKey(adminPage, `Subscription cancel ${Date.now().toString(36)}`));
  const customer = await customerId(api, contacts.sophia.email);
  const team = await monthlyPrice(api, 'USD', 1000);
  // Invoiced (send_invoice): with no saved method an automatic charge would fail and make it past due.
  const subscription = (await api('POST', '/subscriptions', { customerId: customer, items: [{ priceId: team.id, quantity: 2 }], collectionMethod: 'send_invoice' })).body;

  await signInAsCustomer(page, contacts.sophia.email);
  const card = await openSubscription(page, subscription.id);
  await card.getByRole('button', { name: 'Cancel subscription' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel at the end of the period?' });
  await expect(dialog).toBeVisible();
  // No reason yet: the dialog asks for one and stays open.
  await dialog.getByRole('button', { name: 'Cancel at period end' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choose a reason.');
  await dialog.getByRole('radio', { name: 'Features I need are missing' }).check();
  await dialog.getByLabel('Anything you would like to add? (optional)').fill('We need an export to our ERP.');
  await dialog.getByRole('button', { name: 'Cancel at period end' }).click();
  await expect(dialog).toBeHidden();

  await expect(card.getByTestId('renewal')).toContainText(`Ends on ${day(subscription.currentPeriodEnd)}`);
  let stored = (await api('GET', `/subscriptions/${subscription.id}`)).body;
  expect(stored).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, cancellationReason: 'missing_features' });

  await card.getByRole('button', { name: 'Resume subscription' }).click();
  await expect(card.getByTestId('renewal')).toContainText(`Renews on ${day(subscription.currentPeriodEnd)}`);
  stored = (await api('GET', `/subscriptions/${subscription.id}`)).body;
  expect(stored).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
});

test('the overview shows the plan, its renewal, the balance due and a failed payment with its two actions', async ({ adminPage, page, request }) => {
  const api = restClient(request, await issueApiKey(adminPage, `Overview ${Date.now().toString(36)}`));
  const customer = await customerId(api, contacts.noah.email);
  const starter = await monthlyPrice(api, 'USD', 2100);
  const method = await api('POST', `/customers/${customer}/payment-methods`, { token: 'pm_card_chargeCustomerFail' });
  expect(method.status).toBe(201);
  // Charged automatically to that card as soon as it is issued: the charge fails by itself.
  const subscription = (await api('POST', '/subscriptions', { customerId: customer, items: [{ priceId: starter.id }] })).body;
  let failed: { status: string; amount: number | string } | undefined;
  await expect
    .poll(async () => (failed = (await api('GET', `/payments?invoiceId=${encodeURIComponent(subscription.latestInvoiceId)}`)).body.data[0])?.status, { message: 'the automatic charge of the first invoice', timeout: 20_000 })
    .toBe('failed');
  const open = (await api('GET', `/invoices?customerId=${customer}&status=open&limit=100`)).body.data as Array<{ amountRemaining: number | string }>;
  const balanceDue = open.reduce((sum, invoice) => sum + Number(invoice.amountRemaining), 0);

  await signInAsCustomer(page, contacts.noah.email);
  const failedAlert = page.getByTestId('alert-payment_failed').filter({ has: page.locator(`a[href="/invoices/${subscription.latestInvoiceId}"]`) });
  await expect(failedAlert).toBeVisible();
  await expect(failedAlert).toContainText(`The payment of ${money(Number(failed!.amount), 'USD')} for invoice`);
  await expect(failedAlert.getByRole('link', { name: 'Pay now' })).toHaveAttribute('href', `/invoices/${subscription.latestInvoiceId}`);
  await expect(failedAlert.getByRole('link', { name: 'Update payment method' })).toHaveAttribute('href', '/payment-methods');

  await expect(page.getByTestId('balance-due')).toHaveText(money(balanceDue, 'USD'));
  const plans = page.getByTestId('plans');
  await expect(plans.getByRole('listitem').filter({ hasText: 'Starter' }).filter({ hasText: `Renews on ${day(subscription.currentPeriodEnd)}` }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Manage subscription' })).toHaveAttribute('href', '/subscription');
});
