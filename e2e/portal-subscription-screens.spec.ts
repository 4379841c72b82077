// Screenshots (390 and 1280 px, English and French) and axe checks of the portal's overview and
// Subscription page, including the change preview and the cancel dialog. Nothing is confirmed:
// the preview saves nothing and the dialog is closed with "Keep my plan", so runs repeat.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { contacts, expect, screenshotDir, servers, signInAsCustomer, test } from './fixtures';

type Locale = 'en' | 'fr';
const text = {
  en: { hello: `Hello ${contacts.isla.name}`, title: 'Subscription', change: 'Change plan or quantity', quantity: 'Quantity', preview: 'Preview the change', cancel: 'Cancel subscription', dialog: 'Cancel at the end of the period?', keep: 'Keep my plan' },
  fr: { hello: `Bonjour ${contacts.isla.name}`, title: 'Abonnement', change: 'Changer de formule ou de quantité', quantity: 'Quantité', preview: 'Voir le coût du changement', cancel: 'Résilier l’abonnement', dialog: 'Résilier à la fin de la période ?', keep: 'Garder ma formule' },
} as const;

let customerState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: servers.outbox.url });
  await signInAsCustomer(await context.newPage(), contacts.isla.email);
  customerState = await context.storageState();
  await context.close();
  mkdirSync(screenshotDir, { recursive: true });
});

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  expect(serious, `${label}:\n${report}`).toEqual([]);
}

async function capture(page: Page, name: string, locale: Locale, width: number, options: { fullPage?: boolean } = {}) {
  const label = `${name}-${locale}-${width}`;
  await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
  await page.evaluate(() => document.fonts.ready);
  const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(size.scrollWidth, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(size.innerWidth);
  await page.screenshot({ path: `${screenshotDir}/${label}.png`, fullPage: options.fullPage ?? true });
  await expectNoSeriousViolations(page, label);
}

for (const locale of ['en', 'fr'] as const) {
  for (const width of [390, 1280] as const) {
    test(`overview and subscription screens in ${locale} at ${width}px`, async ({ browser }) => {
      const t = text[locale];
      const context = await browser.newContext({
        baseURL: servers.outbox.url,
        viewport: { width, height: width < 600 ? 844 : 800 },
        locale: locale === 'fr' ? 'fr-FR' : 'en-US',
        timezoneId: 'UTC',
        storageState: customerState,
      });
      await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
      const page = await context.newPage();

      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.hello);
      await expect(page.getByTestId('plans')).toBeVisible();
      await capture(page, 'portal-overview-plans', locale, width);

      await page.goto('/subscription');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title);
      await capture(page, 'portal-subscription', locale, width);

      // The preview step: Clyde Robotics' Team plan from 3 seats to 5.
      const card = page.locator('[data-testid^="subscription-"]').first();
      await card.getByRole('button', { name: t.change }).click();
      await card.getByLabel(t.quantity, { exact: true }).fill('5');
      await card.getByRole('button', { name: t.preview }).click();
      await expect(card.getByTestId('charged-now')).toBeVisible();
      await capture(page, 'portal-subscription-preview', locale, width);

      // The cancel dialog, then closed without cancelling.
      await page.reload();
      await page.locator('[data-testid^="subscription-"]').first().getByRole('button', { name: t.cancel }).click();
      const dialog = page.getByRole('dialog', { name: t.dialog });
      await expect(dialog).toBeVisible();
      await capture(page, 'portal-subscription-cancel', locale, width, { fullPage: false });
      await dialog.getByRole('button', { name: t.keep }).click();
      await expect(dialog).toBeHidden();
      await context.close();
    });
  }
}
