// Screenshots and axe checks of the portal's Payment methods and Billing details pages, at phone
// and desktop width, in English and French: methods listed (default, expiring soon, wallet), the
// add form open with the gateway's iframe, the remove dialog with its warning, and the billing
// details form with a refused VAT number. Each capture checks the language and sideways scrolling.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { contacts, expect, issueApiKey, newAdminContext, screenshotDir, servers, signInAsCustomer, test } from './fixtures';

type Locale = 'en' | 'fr';
const widths = [390, 1280] as const;
const locales: Locale[] = ['en', 'fr'];
const sandboxUrl = `http://127.0.0.1:${servers.outbox.port + 10_000}`;

const texts = {
  en: { methods: 'Payment methods', details: 'Billing details', add: 'Add a payment method', frame: 'Secure payment details', removeDefault: 'Remove Visa ending in 4242', warning: 'This method pays', vat: 'EU VAT number (optional)', save: 'Save changes' },
  fr: { methods: 'Moyens de paiement', details: 'Coordonnées de facturation', add: 'Ajouter un moyen de paiement', frame: 'Informations de paiement sécurisées', removeDefault: 'Supprimer Visa se terminant par 4242', warning: 'Ce moyen règle', vat: 'Numéro de TVA intracommunautaire (facultatif)', save: 'Enregistrer les modifications' },
} as const;

let customerState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser, request }) => {
  mkdirSync(screenshotDir, { recursive: true });
  // Amelia's account gets a default Visa, a Mastercard that expires next month and a wallet card.
  const adminContext = await newAdminContext(browser);
  const secret = await issueApiKey(await adminContext.newPage(), `Account screens ${Date.now().toString(36)}`);
  await adminContext.close();
  const api = async (path: string, body?: unknown) =>
    (await request.fetch(`${servers.outbox.url}/api/v1${path}`, { method: body ? 'POST' : 'GET', headers: { Authorization: `Bearer ${secret}` }, data: body })).json();
  const customerId = (await api(`/customers?email=${encodeURIComponent(contacts.amelia.email)}`)).data[0].id as string;
  const next = new Date();
  next.setUTCMonth(next.getUTCMonth() + 1, 1);
  const tokenized = await request.post(`${sandboxUrl}/v1/payment_methods`, {
    headers: { Authorization: 'Bearer pk_test_sandbox_settle_demo_key', 'Content-Type': 'application/x-www-form-urlencoded' },
    data: new URLSearchParams({ type: 'card', 'card[number]': '5555555555554444', 'card[exp_month]': String(next.getUTCMonth() + 1), 'card[exp_year]': String(next.getUTCFullYear()), 'card[cvc]': '123' }).toString(),
  });
  expect(tokenized.status()).toBe(200);
  expect(await api(`/customers/${customerId}/payment-methods`, { token: 'pm_card_visa' })).toMatchObject({ last4: '4242', isDefault: true });
  expect(await api(`/customers/${customerId}/payment-methods`, { token: (await tokenized.json()).id })).toMatchObject({ last4: '4444' });
  expect(await api(`/customers/${customerId}/payment-methods`, { token: 'pm_sandbox_wallet' })).toMatchObject({ type: 'wallet' });
  // A subscription of her own that the default Visa pays (its first invoice is charged to it at
  // once), so removing the Visa is warned about whatever the demo's own subscription has become
  // once other specs move the clock (with no method saved then, dunning may have ended it).
  const customer = await api(`/customers/${customerId}`);
  type Price = { id: string; currency: string; type: string; active: boolean; recurring: { usageType: string } | null };
  const price = ((await api('/prices?limit=100')).data as Price[]).find((p) => p.currency === customer.currency && p.type === 'recurring' && p.active && p.recurring?.usageType === 'licensed');
  expect(price, `a licensed ${customer.currency} plan`).toBeTruthy();
  const subscription = await api('/subscriptions', { customerId, items: [{ priceId: price!.id }], collectionMethod: 'charge_automatically' });
  await expect.poll(async () => (await api(`/invoices/${subscription.latestInvoiceId}`)).status, { message: 'her first invoice charged to the Visa', timeout: 20_000 }).toBe('paid');

  const context = await browser.newContext({ baseURL: servers.outbox.url });
  await signInAsCustomer(await context.newPage(), contacts.amelia.email);
  customerState = await context.storageState();
  await context.close();
});

async function open(browser: Browser, locale: Locale, width: number): Promise<Page> {
  const context = await browser.newContext({
    baseURL: servers.outbox.url,
    viewport: { width, height: width < 600 ? 844 : 800 },
    locale: locale === 'fr' ? 'fr-FR' : 'en-US',
    timezoneId: 'UTC',
    storageState: customerState,
  });
  await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
  return context.newPage();
}

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  expect(serious, `${label}:\n${report}`).toEqual([]);
}

async function capture(page: Page, name: string, locale: Locale, width: number, heading: string) {
  const label = `${name}-${locale}-${width}`;
  await expect(page.getByRole('heading', { level: 1 }), label).toHaveText(heading);
  await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
  await page.evaluate(() => document.fonts.ready);
  const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(size.scrollWidth, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(size.innerWidth);
  await page.screenshot({ path: `${screenshotDir}/${label}.png`, fullPage: true });
  await expectNoSeriousViolations(page, label);
}

for (const locale of locales) {
  for (const width of widths) {
    test(`payment methods and billing details in ${locale} at ${width}px`, async ({ browser }) => {
      const text = texts[locale];
      const page = await open(browser, locale, width);

      await page.goto('/payment-methods');
      await expect(page.getByTestId('payment-method')).toHaveCount(3);
      await expect(page.getByText(locale === 'fr' ? 'Expire bientôt' : 'Expires soon', { exact: true })).toBeVisible();
      await capture(page, 'portal-payment-methods', locale, width, text.methods);

      await page.getByRole('button', { name: text.add }).click();
      await expect(page.frameLocator(`iframe[title="${text.frame}"]`).getByRole('button', { name: /Sandbox Pay/ })).toBeVisible();
      await capture(page, 'portal-payment-methods-add', locale, width, text.methods);
      // The gateway's form on its own, as on screen (full-page captures may leave a cross-origin frame blank).
      await page.locator(`iframe[title="${text.frame}"]`).screenshot({ path: `${screenshotDir}/portal-payment-methods-form-${locale}-${width}.png` });

      await page.getByRole('button', { name: text.removeDefault }).click();
      await expect(page.getByRole('dialog').getByTestId('remove-warning')).toContainText(text.warning);
      await capture(page, 'portal-payment-methods-remove', locale, width, text.methods);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();

      await page.goto('/billing-details');
      await capture(page, 'portal-billing-details', locale, width, text.details);
      // A refused VAT number: the error under its field (nothing is saved).
      await page.getByLabel(text.vat).fill('GB123456789');
      await page.getByRole('button', { name: text.save }).click();
      await expect(page.getByLabel(text.vat)).toHaveAttribute('aria-invalid', 'true');
      await capture(page, 'portal-billing-details-error', locale, width, text.details);
      await page.context().close();
    });
  }
}
