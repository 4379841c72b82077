// The dunning policy page of the staff console: an admin changes the retry schedule and finds it
// saved; a value out of range is refused under its field and nothing is saved; support is refused
// the page and the update. Screenshots at desktop and phone width, in English and French.
// The policy is the outbox server's only one: the spec puts the default schedule back at the end.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, newAdminContext, newStaffContext, screenshotDir, servers, test } from './fixtures';

const path = '/staff/settings/dunning';
const retryWaits = (page: Page) => page.getByLabel('Days to wait before each retry');
const save = (page: Page) => page.getByRole('button', { name: 'Save policy' });

test('an admin changes the retry schedule and sees it saved; a value out of range is refused under its field and saves nothing', async ({ adminPage: page }) => {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dunning policy');
  await expect(page.getByRole('radio', { name: 'On set days after the first failure' })).toBeChecked();
  await expect(retryWaits(page)).toHaveValue('3, 5, 7, 7');
  await expect(page.getByTestId('retry-preview')).toHaveText('4 retries, on days 3, 8, 15, 22 after the first failure.');

  await retryWaits(page).fill('2, 4, 6');
  await expect(page.getByTestId('retry-preview')).toHaveText('3 retries, on days 2, 6, 12 after the first failure.');
  await page.getByLabel('Final action').selectOption({ label: 'Mark the subscription unpaid' });
  await save(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Policy saved.' })).toBeVisible();
  await page.reload();
  await expect(retryWaits(page)).toHaveValue('2, 4, 6');
  await expect(page.getByLabel('Final action')).toHaveValue('mark_unpaid');

  // 90 days is past the 60-day limit: the server refuses it, named under the field.
  await retryWaits(page).fill('2, 90');
  await save(page).click();
  await expect(page.getByText('Up to 12 retries, each 1 to 60 days after the one before.')).toBeVisible();
  await expect(retryWaits(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('retry-preview')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/staff-dunning-policy-error-en-1280.png`, fullPage: true });
  await page.reload();
  await expect(retryWaits(page)).toHaveValue('2, 4, 6');

  // The default schedule back, through the page: other specs dun on this server.
  await retryWaits(page).fill('3, 5, 7, 7');
  await page.getByLabel('Final action').selectOption('cancel_subscription');
  await save(page).click();
  await expect(page.getByRole('status').filter({ hasText: 'Policy saved.' })).toBeVisible();
});

test('support is refused the page and the update', async ({ browser }) => {
  const context = await newStaffContext(browser, 'support');
  const page = await context.newPage();
  const response = await page.goto(path);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');
  await expect(page.getByLabel('Days to wait before each retry')).toHaveCount(0);

  const update = await page.request.post(`${servers.outbox.url}/api/trpc/staff.dunningPolicy.update`, {
    data: { json: { retryMode: 'intervals', retryIntervalsDays: [1], spreadTries: 4, spreadWeeks: 3, reminderDaysBeforeDue: [], reminderDaysAfterDue: [], finalAction: 'leave_past_due', markUncollectible: false, upcomingRenewalDays: 7, trialEndingDays: 3 } },
  });
  expect(update.status()).toBe(403);
  await context.close();
});

test('the dunning policy page at desktop and phone width, in English and French', async ({ browser }) => {
  mkdirSync(screenshotDir, { recursive: true });
  for (const locale of ['en', 'fr'] as const) {
    for (const width of [1280, 390]) {
      const context = await newAdminContext(browser, { viewport: { width, height: width < 600 ? 844 : 800 }, locale: locale === 'fr' ? 'fr-FR' : 'en-US' });
      await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
      const page = await context.newPage();
      await page.goto(path);
      const label = `staff-dunning-policy-${locale}-${width}`;
      await expect(page.getByRole('heading', { level: 1 }), label).toHaveText(locale === 'fr' ? 'Politique de relance' : 'Dunning policy');
      await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
      await page.evaluate(() => document.fonts.ready);
      const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(size.scrollWidth, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(size.innerWidth);
      await page.screenshot({ path: `${screenshotDir}/${label}.png`, fullPage: true });
      await context.close();
    }
  }
});
