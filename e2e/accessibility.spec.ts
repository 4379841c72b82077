// axe-core on the main screens: no serious or critical WCAG 2 A/AA violations.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { contacts, expect, signInAsCustomer, test } from './fixtures';

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  expect(serious, `${label}:\n${report}`).toEqual([]);
}

test('sign-in pages', async ({ page }) => {
  await page.goto('/sign-in');
  await expectNoSeriousViolations(page, '/sign-in');
  await page.goto('/sign-in/check-email');
  await expectNoSeriousViolations(page, '/sign-in/check-email');
  await page.goto('/staff/sign-in');
  await expectNoSeriousViolations(page, '/staff/sign-in');
});

test('customer portal', async ({ page }) => {
  await signInAsCustomer(page, contacts.ethan.email);
  await expectNoSeriousViolations(page, '/');
});

test('staff console', async ({ adminPage }) => {
  for (const path of ['/staff', '/staff/customers', '/staff/mailbox']) {
    await adminPage.goto(path);
    await expect(adminPage.getByRole('heading', { level: 1 })).toBeVisible();
    if (path === '/staff/customers') await expect(adminPage.getByRole('link', { name: 'Redwood Outfitters' })).toBeVisible();
    await expectNoSeriousViolations(adminPage, path);
  }
});
