// The portal's invoice screens at phone and desktop width, in English and French: the list, an
// open invoice with its Pay panel, and a paid one with its receipt. Each capture checks the
// language, the main heading and that nothing scrolls sideways; axe checks each page.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { adminStatePath, contacts, expect, screenshotDir, servers, signInAsCustomer, test } from './fixtures';
import { customerIdOf, openInvoiceFor, restApi } from './portal-invoices-helpers';

type Locale = 'en' | 'fr';
let customerState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
let openId = '';
let paidId = '';

test.beforeAll(async ({ browser }) => {
  const admin = await browser.newContext({ baseURL: servers.outbox.url, storageState: adminStatePath });
  const adminPage = await admin.newPage();
  const api = await restApi(adminPage, adminPage.request, 'Portal invoice screens');
  const customerId = await customerIdOf(api, contacts.tobias.email);
  expect((await api('POST', `/customers/${customerId}/payment-methods`, { token: 'pm_card_visa' })).status).toBe(201);
  paidId = await openInvoiceFor(api, customerId);
  expect((await api('POST', `/invoices/${paidId}/pay`, {})).body.status).toBe('succeeded');
  openId = await openInvoiceFor(api, customerId);
  await admin.close();

  const context = await browser.newContext({ baseURL: servers.outbox.url });
  await signInAsCustomer(await context.newPage(), contacts.tobias.email);
  customerState = await context.storageState();
  await context.close();
  mkdirSync(screenshotDir, { recursive: true });
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

async function capture(page: Page, name: string, locale: Locale, width: number, heading: RegExp) {
  const label = `${name}-${locale}-${width}`;
  await expect(page.getByRole('heading', { level: 1 }), label).toHaveText(heading);
  await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
  await page.evaluate(() => document.fonts.ready);
  const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(size.scrollWidth, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(size.innerWidth);
  await page.screenshot({ path: `${screenshotDir}/${label}.png`, fullPage: true });
}

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  expect(serious, `${label}:\n${report}`).toEqual([]);
}

for (const locale of ['en', 'fr'] as const) {
  for (const width of [390, 1280]) {
    test(`invoice screens in ${locale} at ${width}px`, async ({ browser }) => {
      const page = await open(browser, locale, width);
      await page.goto('/invoices');
      await expect(page.locator(`a[href="/invoices/${openId}"]`)).toBeVisible();
      await capture(page, 'portal-invoices', locale, width, locale === 'fr' ? /^Factures$/ : /^Invoices$/);
      if (width === 1280) await expectNoSeriousViolations(page, `/invoices ${locale}`);

      await page.goto(`/invoices/${openId}`);
      await expect(page.getByRole('button', { name: /^(Pay|Payer) .+ (with|avec) Visa/ })).toBeVisible();
      await capture(page, 'portal-invoice-open', locale, width, locale === 'fr' ? /^Facture / : /^Invoice /);
      if (width === 1280) await expectNoSeriousViolations(page, `/invoices/[open] ${locale}`);
      // The other methods, with the gateway's form.
      await page.getByRole('button', { name: /^(Use another payment method|Utiliser un autre moyen de paiement)$/ }).click();
      await page.getByLabel(/^(A new card|Une nouvelle carte)/).check();
      await expect(page.frameLocator('iframe').getByLabel(/^(Card number|Numéro de carte)$/)).toBeVisible();
      await capture(page, 'portal-invoice-pay-new', locale, width, locale === 'fr' ? /^Facture / : /^Invoice /);
      if (width === 1280) await expectNoSeriousViolations(page, `/invoices/[open, new method] ${locale}`);

      await page.goto(`/invoices/${paidId}`);
      await expect(page.getByTestId('receipt')).toBeVisible();
      await capture(page, 'portal-invoice-paid', locale, width, locale === 'fr' ? /^Facture / : /^Invoice /);
      if (width === 1280) await expectNoSeriousViolations(page, `/invoices/[paid] ${locale}`);
      await page.context().close();
    });
  }
}
