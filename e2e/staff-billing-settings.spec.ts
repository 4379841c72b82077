// Invoice numbering and taxes, set by an admin in the console. It runs on the SMTP server's own
// database, so the new prefix never meets the specs on the main server that read invoice numbers.
import { mkdirSync } from 'node:fs';
import { card, demoPassword, expect, screenshotDir, servers, signInAsStaff, staffUsers, test } from './fixtures';

test('an admin sets the invoice prefix, and tax registrations with a rate; bad values are refused under their field with nothing saved; both saves are audited', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: servers.smtp.url, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await signInAsStaff(page, staffUsers.admin, demoPassword, servers.smtp.url);
  await page.goto('/staff/settings/merchant');

  // Numbering: the hint shows the series a prefix starts; a prefix shared with credit notes is refused.
  const numbering = card(page, 'Invoice numbering');
  const invoicePrefix = numbering.getByLabel('Invoice prefix');
  await expect(invoicePrefix).toHaveValue('INV');
  await invoicePrefix.fill('cn');
  // Both prefixes would start the same series.
  await expect(numbering.getByText(/^Numbers read CN-\d{4}-000001, …$/)).toHaveCount(2);
  await numbering.getByRole('button', { name: 'Save' }).click();
  await expect(numbering.getByText('Credit notes need a prefix of their own, not the invoices’.')).toBeVisible();
  await expect(numbering.getByLabel('Credit-note prefix')).toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await expect(invoicePrefix).toHaveValue('INV');

  await invoicePrefix.fill('nim');
  await numbering.getByLabel('Reason (optional)').fill('The accountant’s series');
  await numbering.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Numbering saved.')).toBeVisible();
  await page.reload();
  await expect(invoicePrefix).toHaveValue('NIM');

  // Taxes: a US state without its rate is refused, then a rate written with a comma.
  const taxes = card(page, 'Taxes');
  const registrations = taxes.getByLabel('Registered to collect tax in');
  await registrations.fill('GB, us-ny');
  await taxes.getByRole('button', { name: 'Save' }).click();
  await expect(taxes.getByText('Add the rate you collect in US-NY: US sales tax has no built-in rate.')).toBeVisible();
  await expect(registrations).toHaveAttribute('aria-invalid', 'true');

  await taxes.getByRole('button', { name: 'Add a rate' }).click();
  const rate = taxes.getByTestId('tax-rate-row').first();
  await rate.getByLabel('Place').fill('US-NY');
  await rate.getByLabel('Name on invoices').fill('NY sales tax');
  await rate.getByLabel('Rate (%)').fill('8,875');
  await taxes.getByRole('button', { name: 'Save' }).click();
  await expect(rate.getByText('A percentage such as 8.875 (at most four decimals).')).toBeVisible();
  await expect(rate.getByLabel('Rate (%)')).toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await expect(registrations).toHaveValue('');
  await expect(taxes.getByTestId('tax-rate-row')).toHaveCount(0);

  await registrations.fill('GB, us-ny');
  await taxes.getByRole('button', { name: 'Add a rate' }).click();
  await rate.getByLabel('Place').fill('us-ny');
  await rate.getByLabel('Name on invoices').fill('NY sales tax');
  await rate.getByLabel('Rate (%)').fill('8.875');
  await taxes.getByLabel('Reason (optional)').fill('Registered with HMRC and New York State');
  await taxes.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Tax settings saved.')).toBeVisible();
  await page.reload();
  await expect(registrations).toHaveValue('GB, US-NY');
  await expect(rate.getByLabel('Place')).toHaveValue('US-NY');
  await expect(rate.getByLabel('Rate (%)')).toHaveValue('8.875');
  mkdirSync(screenshotDir, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${screenshotDir}/admin-billing-settings-en-${width}.png`, fullPage: true });
  }

  // Each save is one audit row with its reason and before → after; the refusals wrote none.
  await page.goto('/staff/audit?action=settings.*');
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(2);
  const numberingRow = rows.filter({ hasText: 'settings.numbering_updated' });
  await expect(numberingRow).toContainText('The accountant’s series');
  await expect(numberingRow.getByTestId('audit-changes')).toContainText('invoicePrefixINV→NIM');
  const taxRow = rows.filter({ hasText: 'settings.taxes_updated' });
  await expect(taxRow).toContainText('Registered with HMRC and New York State');
  await expect(taxRow.getByTestId('audit-changes')).toContainText('US-NY');
  await expect(taxRow.getByTestId('audit-changes')).toContainText('8.875');
  await context.close();
});
