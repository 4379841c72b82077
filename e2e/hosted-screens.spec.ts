// Screenshots and axe of the hosted invoice page (open and paid) and the receipts pages, at phone
// and desktop width, in English and French, into test-results/screenshots/<name>-<locale>-<width>.png.
// Each capture checks the language, the main heading, no sideways scroll and no serious or critical
// axe violation.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { billingApi } from './billing-api';
import { contacts, expect, newAdminContext, screenshotDir, servers, signInAsCustomer, test } from './fixtures';

type Locale = 'en' | 'fr';
const widths = [390, 1280] as const;
const locales: Locale[] = ['en', 'fr'];

let customerState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
let openPath = '';
let paidPath = '';
let paid = { invoiceNumber: '', paymentId: '' };
let openNumber = '';

test.beforeAll(async ({ browser }) => {
  const admin = await newAdminContext(browser);
  const adminPage = await admin.newPage();
  const api = await billingApi(adminPage, adminPage.request, 'Hosted screens');
  const customerId = await api.customerId(contacts.marco.email);
  const open = await api.openInvoice(customerId);
  const settled = await api.openInvoice(customerId);
  const payment = await api.payWithSavedCard(customerId, settled.id);
  await admin.close();
  openPath = new URL(open.hostedUrl).pathname;
  paidPath = new URL(settled.hostedUrl).pathname;
  openNumber = open.number;
  paid = { invoiceNumber: settled.number, paymentId: payment.id };

  const context = await browser.newContext({ baseURL: servers.outbox.url });
  await signInAsCustomer(await context.newPage(), contacts.marco.email);
  customerState = await context.storageState();
  await context.close();
  mkdirSync(screenshotDir, { recursive: true });
});

async function open(browser: Browser, locale: Locale, width: number, who: 'anonymous' | 'customer'): Promise<Page> {
  const context = await browser.newContext({
    baseURL: servers.outbox.url,
    viewport: { width, height: width < 600 ? 844 : 800 },
    locale: locale === 'fr' ? 'fr-FR' : 'en-US',
    timezoneId: 'UTC',
    storageState: who === 'customer' ? customerState : undefined,
  });
  await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
  return context.newPage();
}

async function capture(page: Page, name: string, locale: Locale, width: number, heading: string | RegExp) {
  const label = `${name}-${locale}-${width}`;
  await expect(page.getByRole('heading', { level: 1 }), label).toHaveText(heading);
  await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
  await page.evaluate(() => document.fonts.ready);
  const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(size.scrollWidth, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(size.innerWidth);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`), label).toEqual([]);
  await page.screenshot({ path: `${screenshotDir}/${label}.png`, fullPage: true });
}

const texts = {
  en: { invoice: 'Invoice', receipts: 'Receipts', receipt: 'Receipt for invoice' },
  fr: { invoice: 'Facture', receipts: 'Reçus', receipt: 'Reçu de la facture' },
};

for (const locale of locales) {
  for (const width of widths) {
    test(`hosted invoice and receipts screens in ${locale} at ${width}px`, async ({ browser }) => {
      const text = texts[locale];
      const anonymous = await open(browser, locale, width, 'anonymous');
      await anonymous.goto(openPath);
      // The gateway's form is loaded and sized before the capture.
      await expect(anonymous.locator('iframe')).toBeVisible();
      await expect(anonymous.frameLocator('iframe').locator('form').first()).toBeVisible();
      await capture(anonymous, 'hosted-invoice-open', locale, width, `${text.invoice} ${openNumber}`);
      await anonymous.goto(paidPath);
      await capture(anonymous, 'hosted-invoice-paid', locale, width, `${text.invoice} ${paid.invoiceNumber}`);
      await anonymous.context().close();

      const customer = await open(browser, locale, width, 'customer');
      await customer.goto('/receipts');
      await capture(customer, 'receipts', locale, width, text.receipts);
      await customer.goto(`/receipts/${paid.paymentId}`);
      await capture(customer, 'receipt', locale, width, `${text.receipt} ${paid.invoiceNumber}`);
      await customer.context().close();
    });
  }
}
