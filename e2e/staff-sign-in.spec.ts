// Staff sign in with e-mail and password; what they may open depends on their role.
import { demoPassword, expect, servers, signInAsStaff, staffUsers, test, trpcQuery } from './fixtures';

test('an admin signs in with a password, sees the console with their role, and may open the Mailbox', async ({ page }) => {
  await signInAsStaff(page, staffUsers.admin, demoPassword);
  await expect(page).toHaveURL(`${servers.outbox.url}/staff`);
  await expect(page.getByText(`${staffUsers.admin} · Admin`).filter({ visible: true })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: /^Customers$/ })).toBeVisible();
  await expect(page.getByRole('definition').first()).toHaveText(/^\d+$/);

  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('link', { name: 'Mailbox' }).click();
  await expect(page).toHaveURL(`${servers.outbox.url}/staff/mailbox`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mailbox');
  const direct = await page.goto('/staff/mailbox');
  expect(direct?.status()).toBe(200);

  const me = await trpcQuery(page.request, 'staff.me');
  expect(me.status).toBe(200);
  expect(me.json?.result).toMatchObject({ data: { json: { email: staffUsers.admin, role: 'admin' } } });
});

test('a wrong password shows an error and signs nobody in', async ({ page }) => {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Work e-mail').fill(staffUsers.support);
  await page.getByLabel('Password').fill('not-the-right-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('The e-mail or password is not correct.');
  await expect(page).toHaveURL(`${servers.outbox.url}/staff/sign-in`);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain('authjs.session-token');

  await page.goto('/staff');
  await expect(page).toHaveURL(`${servers.outbox.url}/staff/sign-in`);
  expect((await trpcQuery(page.request, 'staff.me')).status).toBe(401);
});

test('support sees the console but not the Mailbox', async ({ page }) => {
  await signInAsStaff(page, staffUsers.support, demoPassword);
  await expect(page.getByText(`${staffUsers.support} · Support`).filter({ visible: true })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Mailbox' })).toHaveCount(0);

  for (const path of ['/staff/mailbox', '/staff/mailbox/msg_does_not_matter']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');
    await expect(page.getByRole('table')).toHaveCount(0);
  }
  const list = await trpcQuery(page.request, 'staff.mailbox.list', { limit: 200 });
  expect(list.status).toBe(403);
  expect(list.json?.result).toBeUndefined();
  expect(list.text).not.toContain('@');

  // …while the pages of their role still work.
  const customers = await page.goto('/staff/customers');
  expect(customers?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customers');
});
