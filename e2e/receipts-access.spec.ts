// Receipts and access: a payment made through the REST API appears in the customer's receipts, and
// customer A opening customer B's invoice or receipt gets exactly what a made-up id gets — the 404
// page for pages, NOT_FOUND for procedures.
import type { Page } from '@playwright/test';
import { billingApi } from './billing-api';
import { contacts, expect, signInAsCustomer, test, trpcQuery } from './fixtures';

/** Status and visible text of a page, for comparing two answers. */
async function rendered(page: Page, path: string) {
  const response = await page.goto(path);
  return { status: response?.status(), title: await page.title(), text: (await page.locator('body').innerText()).trim() };
}

test('the receipts list shows a payment made through the API; customer A cannot open customer B’s invoice or receipt, exactly like a missing id', async ({ adminPage, page, request }) => {
  const api = await billingApi(adminPage, request, 'Receipts');
  const diego = await api.customerId(contacts.diego.email);
  const giulia = await api.customerId(contacts.giulia.email);
  const ownInvoice = await api.openInvoice(diego);
  const ownPayment = await api.payWithSavedCard(diego, ownInvoice.id);
  const otherInvoice = await api.openInvoice(giulia);
  const otherPayment = await api.payWithSavedCard(giulia, otherInvoice.id);

  await signInAsCustomer(page, contacts.diego.email);
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Receipts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receipts');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: ownInvoice.number }) });
  await expect(row).toContainText('Visa ending in 4242');
  await expect(row.getByRole('link', { name: ownInvoice.number })).toHaveAttribute('href', `/invoices/${ownInvoice.id}`);
  // B's payment is not listed.
  await expect(page.getByRole('link', { name: otherInvoice.number })).toHaveCount(0);

  await row.getByRole('link', { name: /^View the receipt of / }).click();
  await expect(page).toHaveURL(new RegExp(`/receipts/${ownPayment.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Receipt for invoice ${ownInvoice.number}`);
  await expect(page.getByRole('main')).toContainText(contacts.diego.company);
  await expect(page.getByRole('main')).toContainText('Visa ending in 4242');
  await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeVisible();

  // Pages: another customer's id answers exactly like an id that does not exist.
  const pairs = [
    [`/receipts/${otherPayment.id}`, '/receipts/pay_madeup00000000000000'],
    [`/invoices/${otherInvoice.id}`, '/invoices/in_madeup000000000000000'],
  ] as const;
  for (const [others, madeUp] of pairs) {
    const asOthers = await rendered(page, others);
    const asMissing = await rendered(page, madeUp);
    expect(asOthers.status, others).toBe(404);
    expect(asOthers).toEqual(asMissing);
    expect(asOthers.text).not.toContain(contacts.giulia.company);
  }

  // Procedures: NOT_FOUND for both, the same message but for the id.
  const others = await trpcQuery(page.request, 'portal.receipts.get', { paymentId: otherPayment.id });
  const missing = await trpcQuery(page.request, 'portal.receipts.get', { paymentId: 'pay_madeup00000000000000' });
  expect(others.status).toBe(404);
  expect(missing.status).toBe(404);
  expect(others.json?.error?.json?.data?.code).toBe('NOT_FOUND');
  expect(others.text.replace(otherPayment.id, '<id>')).toBe(missing.text.replace('pay_madeup00000000000000', '<id>'));
  // The own receipt answers.
  expect((await trpcQuery(page.request, 'portal.receipts.get', { paymentId: ownPayment.id })).status).toBe(200);
});
