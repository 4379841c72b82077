// Admin duties in the console: staff users and roles, merchant branding, and the audit log that
// records each with its before and after. Finance may not manage staff, on the page or the API.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { card, expect, newAdminContext, screenshotDir, servers, signInAsStaff, staffUsers, test, trpcQuery, uniqueEmail } from './fixtures';

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const auditRow = (page: Page, text: string) => page.getByTestId('audit-row').filter({ hasText: text });

test('a finance user cannot manage staff: the page refuses and the procedures answer FORBIDDEN', async ({ financePage: page }) => {
  await page.goto('/staff');
  await expect(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' })).toHaveCount(0);
  for (const path of ['/staff/settings', '/staff/settings/staff', '/staff/settings/merchant', '/staff/audit']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(heading(page), path).toHaveText('You do not have access to this page');
  }
  const list = await trpcQuery(page.request, 'staff.users.list');
  expect(list.status).toBe(403);
  expect(list.json?.error?.json?.data?.code).toBe('FORBIDDEN');
  expect(list.text).not.toContain(staffUsers.admin);

  const invite = await page.request.post(`${servers.outbox.url}/api/trpc/staff.users.invite`, {
    data: { json: { email: uniqueEmail('sneaky'), role: 'admin', password: 'a long enough password' } },
  });
  expect(invite.status()).toBe(403);
  expect((await invite.json()).error.json.data.code).toBe('FORBIDDEN');

  const csv = await page.request.get(`${servers.outbox.url}/staff/audit/export`);
  expect(csv.status()).toBe(403);
});

test('an admin adds a staff user, changes the role, deactivates them and edits branding; the audit log shows each before → after', async ({ adminPage: page, browser }) => {
  const email = uniqueEmail('colleague');
  const password = `pw-${Date.now().toString(36)}-long-enough`;

  // Add a support user with a first password.
  await page.goto('/staff/settings');
  await expect(heading(page)).toHaveText('Settings');
  await page.getByRole('link', { name: 'Staff users' }).first().click();
  await expect(heading(page)).toHaveText('Staff users');
  const form = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Add a staff user' }) });
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Name').fill('Camille Colleague');
  await form.getByLabel('Role').selectOption('support');
  await form.getByLabel('Initial password').fill(password);
  await form.getByRole('button', { name: 'Add user' }).click();
  const row = page.getByTestId('staff-row').filter({ hasText: email });
  await expect(row).toContainText('Support');
  await expect(row).toContainText('Active');

  // The new colleague signs in with it.
  const colleague = await browser.newContext({ baseURL: servers.outbox.url, locale: 'en-US', timezoneId: 'UTC' });
  const colleaguePage = await colleague.newPage();
  await signInAsStaff(colleaguePage, email, password);

  // Promote to finance, with a reason.
  await row.getByRole('button', { name: 'Change role' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('New role').selectOption('finance');
  await dialog.getByLabel('Reason').fill('Joined the finance team');
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Finance');

  // Deactivate: their session ends at once.
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await dialog.getByLabel('Reason').fill('Left the company');
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');
  await colleaguePage.goto('/staff');
  await expect(colleaguePage).toHaveURL(/\/staff\/sign-in/);
  await colleague.close();

  // Edit branding: a bad colour and VAT number are refused field by field, nothing saved; then a good colour.
  await page.goto('/staff/settings/merchant');
  await expect(heading(page)).toHaveText('Merchant & branding');
  // Numbering and taxes have forms of their own on this page: act within the identity card.
  const identity = card(page, 'Identity and branding');
  const colour = identity.getByLabel('Brand colour');
  const original = await colour.inputValue();
  await colour.fill('teal');
  await identity.getByLabel('VAT number').fill('FR00000000000');
  await identity.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Nothing was saved: correct the highlighted fields.')).toBeVisible();
  await expect(colour).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a colour as #RRGGBB, e.g. #4f46e5.')).toBeVisible();
  await expect(page.getByText('This VAT number is not valid for the country.')).toBeVisible();
  await page.reload();
  await expect(colour).toHaveValue(original);

  const newColour = original === '#0f766e' ? '#115e59' : '#0f766e';
  try {
    await colour.fill(newColour);
    await identity.getByLabel('Reason (optional)').fill('Spring rebrand');
    await identity.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Merchant settings saved.')).toBeVisible();
    await page.reload();
    await expect(colour).toHaveValue(newColour);

    // The audit log shows who did what, why, and before → after.
    await page.goto(`/staff/audit?subjectType=user`);
    await expect(heading(page)).toHaveText('Audit log');
    const byAdmin = staffUsers.admin;
    const created = auditRow(page, 'staff_user.created').filter({ hasText: email });
    await expect(created).toContainText(byAdmin);
    await expect(created.getByTestId('audit-changes')).toContainText(`email(none)→${email}`);
    await expect(created.getByTestId('audit-changes')).toContainText('role(none)→support');
    const changed = auditRow(page, 'staff_user.role_changed').filter({ hasText: 'Joined the finance team' });
    await expect(changed.getByTestId('audit-changes')).toHaveText('rolesupport→finance');
    const deactivated = auditRow(page, 'staff_user.deactivated').filter({ hasText: 'Left the company' });
    await expect(deactivated.getByTestId('audit-changes')).toContainText('activetrue→false');

    await page.goto('/staff/audit?action=merchant.updated');
    const edited = auditRow(page, 'Spring rebrand');
    await expect(edited).toContainText(byAdmin);
    await expect(edited.getByTestId('audit-changes')).toHaveText(`brandColor${original}→${newColour}`);

    // The CSV export carries the same rows, with their before and after.
    await page.goto('/staff/audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(csv.split('\r\n')[0]).toBe('created_at,actor_type,actor_id,actor_email,action,subject_type,subject_id,reason,before,after');
    const line = (action: string, needle: string) => csv.split('\r\n').find((l) => l.includes(action) && l.includes(needle)) ?? '';
    expect(line('staff_user.created', email)).toContain(`""role"":""support""`);
    expect(line('staff_user.role_changed', 'Joined the finance team')).toMatch(/""role"":""support"".*""role"":""finance""/);
    expect(line('staff_user.deactivated', 'Left the company')).toContain(`""active"":false`);
    expect(line('merchant.updated', 'Spring rebrand')).toContain(`"{""brandColor"":""${original}""}","{""brandColor"":""${newColour}""}"`);
    expect(csv).not.toContain(password);
  } finally {
    // Other specs share this server: put the demo colour back.
    await page.goto('/staff/settings/merchant');
    await identity.getByLabel('Brand colour').fill(original);
    await identity.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Merchant settings saved.')).toBeVisible();
  }
});

const pages = [
  { path: '/staff/settings', name: 'admin-settings', en: 'Settings', fr: 'Paramètres' },
  { path: '/staff/settings/staff', name: 'admin-staff-users', en: 'Staff users', fr: 'Utilisateurs de l’équipe' },
  { path: '/staff/settings/merchant', name: 'admin-merchant', en: 'Merchant & branding', fr: 'Marchand et identité visuelle' },
  { path: '/staff/settings/clock', name: 'admin-clock', en: 'Simulation clock', fr: 'Horloge de simulation' },
  { path: '/staff/audit', name: 'admin-audit', en: 'Audit log', fr: 'Journal d’audit' },
] as const;

async function open(browser: Browser, locale: 'en' | 'fr', width: number) {
  const context = await newAdminContext(browser, { locale: locale === 'fr' ? 'fr-FR' : 'en-US', viewport: { width, height: 900 } });
  await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
  return context;
}

for (const locale of ['en', 'fr'] as const) {
  test(`admin screens in ${locale} at 1280 and 390 px`, async ({ browser }) => {
    mkdirSync(screenshotDir, { recursive: true });
    for (const width of [1280, 390]) {
      const context = await open(browser, locale, width);
      const page = await context.newPage();
      for (const screen of pages) {
        const response = await page.goto(screen.path);
        expect(response?.status(), screen.path).toBe(200);
        await expect(heading(page)).toHaveText(screen[locale]);
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${screen.name} ${locale} ${width} scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${screenshotDir}/${screen.name}-${locale}-${width}.png`, fullPage: true });
      }
      await context.close();
    }
  });
}
