// Full-page screenshots of every screen at phone and desktop width, in English and French, into
// test-results/screenshots/<name>-<locale>-<width>.png. Each capture also checks that the page is
// in the right language, shows its main heading, and does not scroll sideways.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { contacts, expect, newAdminContext, screenshotDir, servers, signInAsCustomer, signInSubject, test } from './fixtures';

type Locale = 'en' | 'fr';
const widths = [390, 1280] as const;
const locales: Locale[] = ['en', 'fr'];

const headings: Record<string, Record<Locale, string | RegExp>> = {
  'customer-sign-in': { en: 'Sign in to your billing portal', fr: 'Connectez-vous à votre espace de facturation' },
  'check-email': { en: 'Check your inbox', fr: 'Consultez votre boîte de réception' },
  'staff-sign-in': { en: 'Staff console', fr: 'Console de l’équipe' },
  'portal-overview': { en: `Hello ${contacts.julien.name}`, fr: `Bonjour ${contacts.julien.name}` },
  'console-overview': { en: 'Overview', fr: 'Vue d’ensemble' },
  'console-customers': { en: 'Customers', fr: 'Clients' },
  'console-billing': { en: 'Billing', fr: 'Facturation' },
  'console-customer': { en: contacts.julien.company, fr: contacts.julien.company },
  'console-api-keys': { en: 'API keys', fr: 'Clés d’API' },
  'mailbox-list': { en: 'Mailbox', fr: 'Messagerie' },
  // A message keeps its recipient's language, whatever the reader's.
  'mailbox-message': { en: /^(Your sign-in link for|Votre lien de connexion) Nimbus Analytics$/, fr: /^(Your sign-in link for|Votre lien de connexion) Nimbus Analytics$/ },
};

// The four tests run one after the other in one worker: that way the customer signs in once, and
// never twice at the same time (two concurrent link requests for one address could not tell their
// e-mails apart in the Mailbox).
let customerState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

test.beforeAll(async ({ browser }) => {
  // One customer sign-in; every screenshot reuses the session.
  const context = await browser.newContext({ baseURL: servers.outbox.url });
  await signInAsCustomer(await context.newPage(), contacts.julien.email);
  customerState = await context.storageState();
  await context.close();
  mkdirSync(screenshotDir, { recursive: true });
});

async function open(browser: Browser, locale: Locale, width: number, who: 'anonymous' | 'customer' | 'admin'): Promise<Page> {
  const options = {
    baseURL: servers.outbox.url,
    viewport: { width, height: width < 600 ? 844 : 800 },
    locale: locale === 'fr' ? 'fr-FR' : 'en-US',
    timezoneId: 'UTC',
  };
  const context =
    who === 'admin' ? await newAdminContext(browser, options) : await browser.newContext({ ...options, storageState: who === 'customer' ? customerState : undefined });
  // The cookie wins over the user's saved language and the browser's.
  await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
  return context.newPage();
}

async function capture(page: Page, name: string, locale: Locale, width: number) {
  const label = `${name}-${locale}-${width}`;
  await expect(page.getByRole('heading', { level: 1 }), label).toHaveText(headings[name]![locale]);
  await expect(page.getByRole('heading', { level: 1 }), label).toBeInViewport();
  await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
  await page.evaluate(() => document.fonts.ready);
  const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(size.scrollWidth, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(size.innerWidth);
  await page.screenshot({ path: `${screenshotDir}/${label}.png`, fullPage: true });
}

for (const locale of locales) {
  for (const width of widths) {
    test(`screens in ${locale} at ${width}px`, async ({ browser }) => {
      const anonymous = await open(browser, locale, width, 'anonymous');
      await anonymous.goto('/sign-in');
      await capture(anonymous, 'customer-sign-in', locale, width);
      await anonymous.goto('/sign-in/check-email');
      await capture(anonymous, 'check-email', locale, width);
      await anonymous.goto('/staff/sign-in');
      await capture(anonymous, 'staff-sign-in', locale, width);
      await anonymous.context().close();

      const customer = await open(browser, locale, width, 'customer');
      await customer.goto('/');
      await expect(customer).toHaveURL(`${servers.outbox.url}/`);
      await capture(customer, 'portal-overview', locale, width);
      await customer.context().close();

      const admin = await open(browser, locale, width, 'admin');
      await admin.goto('/staff');
      await capture(admin, 'console-overview', locale, width);
      await admin.goto('/staff/customers');
      await expect(admin.getByText(locale === 'fr' ? /^\d+ clients$/ : /^\d+ customers$/)).toBeVisible();
      await expect(admin.getByRole('link', { name: contacts.julien.company })).toBeVisible();
      await capture(admin, 'console-customers', locale, width);
      await admin.getByRole('link', { name: contacts.julien.company }).click();
      await admin.waitForURL(/\/staff\/customers\/cus_/);
      await expect(admin.getByText(/^INV-\d{4}-\d{6}$/).first()).toBeVisible();
      await capture(admin, 'console-customer', locale, width);
      await admin.goto('/staff/billing');
      await expect(admin.getByTestId('billing-now')).toBeVisible();
      await capture(admin, 'console-billing', locale, width);
      await admin.goto('/staff/api-keys');
      // A key on the page, so its table (with a visually hidden column title) is on screen.
      await admin.getByLabel(locale === 'fr' ? 'Nom' : 'Name', { exact: true }).fill(`Screens ${locale} ${width}`);
      await admin.getByRole('button', { name: locale === 'fr' ? 'Créer la clé' : 'Create key' }).click();
      await expect(admin.getByTestId('api-key-secret')).toBeVisible();
      await capture(admin, 'console-api-keys', locale, width);
      await admin.goto('/staff/mailbox');
      await capture(admin, 'mailbox-list', locale, width);
      await admin.getByRole('row').filter({ hasText: signInSubject }).first().getByRole('link').click();
      await admin.waitForURL(/\/staff\/mailbox\/[^/]+$/);
      await expect(admin.getByTestId('message-text')).toContainText('/api/auth/callback/email?');
      await capture(admin, 'mailbox-message', locale, width);
      await admin.context().close();
    });
  }
}
