// Payment methods in the portal, against the production build and the sandbox processor: cards
// typed into the gateway's iframe, the default moved and checked through the REST API, a removal
// warned about when the method pays a subscription, and a SEPA account saved only with its mandate.
import type { APIRequestContext, Page } from '@playwright/test';
import { contacts, expect, issueApiKey, signInAsCustomer, test } from './fixtures';

function restClient(request: APIRequestContext, secret: string) {
  return async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, data: body });
    return { status: response.status(), body: await response.json() };
  };
}

async function customerIdOf(api: ReturnType<typeof restClient>, email: string): Promise<string> {
  const found = await api('GET', `/customers?email=${encodeURIComponent(email)}`);
  expect(found.body.data).toHaveLength(1);
  return found.body.data[0].id;
}

const WALLET = 'Google Pay · Visa ending in 4242';
const methodRow = (page: Page, name: string) => page.getByTestId('payment-method').filter({ has: page.getByText(name, { exact: true }) });

async function addCard(page: Page, number: string, makeDefault: boolean) {
  await page.getByRole('button', { name: 'Add a payment method' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Add a payment method' })).toBeVisible();
  const defaultBox = page.getByLabel('Make it my default payment method');
  if (makeDefault) await defaultBox.check();
  else await expect(defaultBox).not.toBeChecked();
  const form = page.frameLocator('iframe[title="Secure payment details"]');
  await form.getByLabel('Card number').fill(number);
  await form.getByLabel('Expiry (MM/YY)').fill('12/34');
  await form.getByLabel('Security code (CVC)').fill('123');
  await form.getByRole('button', { name: 'Save card' }).click();
}

test('update the default card: a new card becomes the default, a removal that stops a subscription is warned about, the REST API agrees', async ({ adminPage, page, request }) => {
  const api = restClient(request, await issueApiKey(adminPage, `Default card ${Date.now().toString(36)}`));
  const customerId = await customerIdOf(api, contacts.sanne.email);
  // The method she has today (the sandbox's wallet card): the default, so it pays the subscription below.
  const current = await api('POST', `/customers/${customerId}/payment-methods`, { token: 'pm_sandbox_wallet' });
  expect(current.body).toMatchObject({ type: 'wallet', isDefault: true });
  // Her demo plan is invoiced (send_invoice); this subscription is charged to her default method,
  // its first invoice at once (the method is saved first, so collection finds it).
  const price = (await api('GET', '/prices?limit=100')).body.data.find(
    (p: { currency: string; type: string; active: boolean; recurring: { usageType: string } | null }) => p.currency === 'EUR' && p.type === 'recurring' && p.active && p.recurring?.usageType !== 'metered',
  );
  const subscription = await api('POST', '/subscriptions', { customerId, items: [{ priceId: price.id }], collectionMethod: 'charge_automatically' });
  expect([200, 201]).toContain(subscription.status);
  await expect.poll(async () => (await api('GET', `/invoices/${subscription.body.latestInvoiceId}`)).body.status, { message: 'the first invoice charged to the wallet', timeout: 20_000 }).toBe('paid');

  await signInAsCustomer(page, contacts.sanne.email);
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Payment methods' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment methods');
  await expect(methodRow(page, WALLET).getByText('Default', { exact: true })).toBeVisible();

  // 4242, made the default: the badge moves.
  await addCard(page, '4242 4242 4242 4242', true);
  await expect(page.getByRole('status').filter({ hasText: 'Visa ending in 4242 was added.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Add a payment method' })).toBeHidden();
  await expect(methodRow(page, 'Visa ending in 4242').getByText('Default', { exact: true })).toBeVisible();
  await expect(methodRow(page, WALLET).getByText('Default', { exact: true })).toHaveCount(0);

  // 5555, not the default.
  await addCard(page, '5555 5555 5555 4444', false);
  await expect(methodRow(page, 'Mastercard ending in 4444')).toBeVisible();
  await expect(methodRow(page, 'Mastercard ending in 4444').getByText('Default', { exact: true })).toHaveCount(0);
  await expect(methodRow(page, 'Visa ending in 4242').getByText('Default', { exact: true })).toBeVisible();
  await expect(page.getByTestId('payment-method')).toHaveCount(3);

  // Removing the default, which pays her subscription: the dialog warns; she keeps it.
  await page.getByRole('button', { name: 'Remove Visa ending in 4242' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Visa ending in 4242?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('remove-warning')).toContainText('This method pays your active subscription');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  await expect(methodRow(page, 'Visa ending in 4242')).toBeVisible();

  // Removing the card that pays nothing: no warning, and it is gone.
  await page.getByRole('button', { name: 'Remove Mastercard ending in 4444' }).click();
  const second = page.getByRole('dialog', { name: 'Remove Mastercard ending in 4444?' });
  await expect(second.getByTestId('remove-warning')).toHaveCount(0);
  await expect(second).toContainText('It will no longer be available for payments.');
  await second.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Mastercard ending in 4444 was removed.' })).toBeVisible();
  await expect(methodRow(page, 'Mastercard ending in 4444')).toHaveCount(0);
  await expect(page.getByTestId('payment-method')).toHaveCount(2);

  // The same after a reload, and through the REST API.
  await page.reload();
  await expect(methodRow(page, 'Visa ending in 4242').getByText('Default', { exact: true })).toBeVisible();
  const listed = await api('GET', `/customers/${customerId}/payment-methods`);
  expect(listed.status).toBe(200);
  expect(listed.body.data.map((method: { last4: string; isDefault: boolean }) => [method.last4, method.isDefault])).toEqual([
    ['4242', true],
    ['4242', false],
  ]);
  expect(listed.body.data.map((method: { type: string }) => method.type)).toEqual(['card', 'wallet']);
});

test('add a SEPA account: the mandate must be accepted, then the account is listed with its last 4 and mandate', async ({ page }) => {
  // Inès reads the portal in French, her saved language.
  await signInAsCustomer(page, contacts.ines.email);
  await page.goto('/payment-methods');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moyens de paiement');
  await expect(page.getByText('Aucun moyen de paiement enregistré')).toBeVisible();

  await page.getByRole('button', { name: 'Ajouter un moyen de paiement' }).click();
  await expect(page.getByText('Votre premier moyen de paiement devient votre moyen par défaut.')).toBeVisible();
  const form = page.frameLocator('iframe[title="Informations de paiement sécurisées"]');
  await form.getByRole('button', { name: 'Prélèvement SEPA' }).click();
  await expect(form.getByLabel('Titulaire du compte')).toHaveValue('Maison Delacroix');
  await form.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await form.getByRole('button', { name: 'Enregistrer le compte' }).click();

  // The mandate, shown by Settle beside the form: confirming without ticking is refused.
  await expect(page.getByRole('heading', { name: 'Mandat de prélèvement SEPA' })).toBeVisible();
  await expect(page.getByText(/vous autorisez Nimbus Analytics/)).toBeVisible();
  const accept = page.getByLabel('J’accepte ce mandat pour le compte se terminant par 3000');
  await page.getByRole('button', { name: 'Confirmer le mandat' }).click();
  await expect(page.getByText('Cochez la case pour accepter le mandat.')).toBeVisible();
  await expect(accept).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('payment-method')).toHaveCount(0);

  await accept.check();
  await page.getByRole('button', { name: 'Confirmer le mandat' }).click();
  const row = methodRow(page, 'Prélèvement SEPA se terminant par 3000');
  await expect(row).toBeVisible();
  await expect(row.getByText('Par défaut', { exact: true })).toBeVisible();
  await expect(row).toContainText(/Mandat \S+/);
  await page.reload();
  await expect(methodRow(page, 'Prélèvement SEPA se terminant par 3000')).toBeVisible();
});
