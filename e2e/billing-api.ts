// REST helpers for specs that need billing state: an API key issued by the admin, then invoices,
// saved methods and payments made the way a merchant's backend makes them.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, issueApiKey } from './fixtures';

export async function billingApi(adminPage: Page, request: APIRequestContext, name: string) {
  const secret = await issueApiKey(adminPage, `${name} ${Date.now().toString(36)}`);
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, data: body });
    return { status: response.status(), body: await response.json() };
  };
  const prices = (await call('GET', '/prices?limit=100')).body.data as Array<{ id: string; currency: string; type: string; active: boolean; nickname: string | null; recurring?: { usageType?: string } | null }>;
  // Always the same plan (Starter, €19 monthly: €22.80 with VAT): the demo's prices were created
  // at one instant, so "the first one listed" changed from run to run, and a €10.80 invoice could
  // not take the €20 refund a spec makes.
  const candidates = prices.filter((p) => p.currency === 'EUR' && p.type === 'recurring' && p.active && p.recurring?.usageType !== 'metered');
  const price = candidates.find((p) => p.nickname === 'Monthly') ?? candidates[0];
  expect(price, 'an active recurring EUR price in the demo catalogue').toBeTruthy();
  return {
    call,
    async customerId(email: string): Promise<string> {
      const found = await call('GET', `/customers?email=${encodeURIComponent(email)}`);
      expect(found.body.data, `the demo customer ${email}`).toHaveLength(1);
      return found.body.data[0].id;
    },
    /** A new open invoice (a subscription invoiced at once, sent rather than charged automatically). */
    async openInvoice(customerId: string): Promise<{ id: string; number: string; hostedUrl: string; amountRemaining: number }> {
      const created = await call('POST', '/subscriptions', { customerId, items: [{ priceId: price!.id }], trialDays: 0, collectionMethod: 'send_invoice' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const invoice = (await call('GET', `/invoices/${created.body.latestInvoiceId}`)).body;
      expect(invoice.status).toBe('open');
      return invoice;
    },
    /** Saves pm_card_visa and pays the invoice with it; returns the payment. */
    async payWithSavedCard(customerId: string, invoiceId: string): Promise<{ id: string; status: string }> {
      const method = await call('POST', `/customers/${customerId}/payment-methods`, { token: 'pm_card_visa' });
      expect(method.status, JSON.stringify(method.body)).toBe(201);
      const paid = await call('POST', `/invoices/${invoiceId}/pay`, { paymentMethodId: method.body.id });
      expect(paid.body).toMatchObject({ status: 'succeeded' });
      return paid.body;
    },
  };
}
