// REST helpers for the portal invoice specs: a merchant's backend (an API key) gives a demo
// customer an open invoice, saves a method, reads payments and moves the simulated clock.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, issueApiKey } from './fixtures';

export type Rest = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function restApi(adminPage: Page, request: APIRequestContext, name: string): Promise<Rest> {
  const secret = await issueApiKey(adminPage, `${name} ${Date.now().toString(36)}`);
  return async (method, path, body) => {
    const response = await request.fetch(`/api/v1${path}`, { method, headers: { Authorization: `Bearer ${secret}` }, data: body });
    return { status: response.status(), body: await response.json() };
  };
}

export async function customerIdOf(api: Rest, email: string): Promise<string> {
  const found = await api('GET', `/customers?email=${encodeURIComponent(email)}`);
  expect(found.status).toBe(200);
  expect(found.body.data, `a demo customer billed at ${email}`).toHaveLength(1);
  return found.body.data[0].id as string;
}

/**
 * A new subscription to a monthly EUR plan whose first invoice stays open until someone pays it:
 * sent to the customer (send_invoice) rather than charged automatically, so a saved card is not
 * charged behind the spec's back.
 */
export async function openInvoiceFor(api: Rest, customerId: string): Promise<string> {
  const prices = (await api('GET', '/prices?limit=100')).body.data as Array<{ id: string; currency: string; type: string; active: boolean; nickname: string | null; recurring?: { interval?: string; usageType?: string } | null }>;
  // The same plan every run (see billing-api.ts): the demo's prices share one creation instant.
  const candidates = prices.filter((p) => p.currency === 'EUR' && p.type === 'recurring' && p.active && p.recurring?.usageType !== 'metered');
  const price = candidates.find((p) => p.nickname === 'Monthly') ?? candidates[0];
  expect(price, 'an active EUR plan').toBeTruthy();
  const created = await api('POST', '/subscriptions', { customerId, items: [{ priceId: price!.id }], collectionMethod: 'send_invoice' });
  expect(created.status).toBe(201);
  const invoiceId = created.body.latestInvoiceId as string;
  expect((await api('GET', `/invoices/${invoiceId}`)).body.status).toBe('open');
  return invoiceId;
}

export const paymentsOf = async (api: Rest, invoiceId: string) => (await api('GET', `/payments?invoiceId=${encodeURIComponent(invoiceId)}`)).body.data as Array<{ id: string; status: string }>;
