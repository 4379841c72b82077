// The demo runs on a simulated billing clock: an admin moves it forward from the console and the
// renewals that fall due appear among the latest invoices, numbered, without reloading by hand.
import { expect, test } from './fixtures';

test('an admin advances the billing clock and watches renewals happen', async ({ adminPage: page }) => {
  await page.goto('/staff/billing');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing');
  const now = page.getByTestId('billing-now');
  const before = await now.textContent();
  const latest = page.locator('table tbody tr').first().locator('td').first();
  const newestBefore = await latest.textContent();

  await page.getByRole('button', { name: '+30 days' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Clock advanced' })).toBeVisible({ timeout: 60_000 });
  await expect(now).not.toHaveText(before!);
  // New renewal invoices were issued: the newest invoice number moved on.
  await expect(latest).not.toHaveText(newestBefore!);
  await expect(latest).toHaveText(/^INV-\d{4}-\d{6}$/);
});

test('support sees the billing clock but cannot move it', async ({ browser }) => {
  const { newStaffContext } = await import('./fixtures');
  const context = await newStaffContext(browser, 'support');
  const page = await context.newPage();
  await page.goto('/staff/billing');
  await expect(page.getByTestId('billing-now')).toBeVisible();
  await expect(page.getByRole('button', { name: '+30 days' })).toHaveCount(0);
  await context.close();
});
