// Signing out ends the session on the server: the session cookie, replayed afterwards in another
// browser, no longer signs anybody in (the cookie itself stays a validly signed JWT).
import type { Browser, Cookie, Page } from '@playwright/test';
import { contacts, demoPassword, expect, servers, signInAsCustomer, signInAsStaff, signOut, staffUsers, test, trpcQuery } from './fixtures';

async function withCookies<T>(browser: Browser, cookies: Cookie[], work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ baseURL: servers.outbox.url, locale: 'en-US' });
  try {
    await context.addCookies(cookies);
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

test('a customer who signs out cannot come back with the old cookie', async ({ page, browser }) => {
  const { email, name } = contacts.oliver;
  await signInAsCustomer(page, email);
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).toContain('authjs.session-token');

  // Control: before signing out, the same cookies open the portal in another browser.
  await withCookies(browser, cookies, async (other) => {
    await other.goto('/');
    await expect(other.getByRole('heading', { level: 1 })).toHaveText(`Hello ${name}`);
  });

  await signOut(page);
  await page.waitForURL(`${servers.outbox.url}/sign-in`);
  await page.goto('/');
  await expect(page).toHaveURL(`${servers.outbox.url}/sign-in`);

  await withCookies(browser, cookies, async (other) => {
    await other.goto('/');
    await expect(other).toHaveURL(`${servers.outbox.url}/sign-in`);
    await expect(other.getByRole('heading', { level: 1 })).toHaveText('Sign in to your billing portal');
    const call = await trpcQuery(other.request, 'portal.account');
    expect(call.status).toBe(401);
    expect(call.text).not.toContain(contacts.oliver.company);
  });
});

test('a staff user who signs out cannot come back with the old cookie', async ({ page, browser }) => {
  await signInAsStaff(page, staffUsers.finance, demoPassword);
  await expect(page.getByText(`${staffUsers.finance} · Finance`).filter({ visible: true })).toBeVisible();
  const cookies = await page.context().cookies();

  await withCookies(browser, cookies, async (other) => {
    const response = await other.goto('/staff/customers');
    expect(response?.status()).toBe(200);
    await expect(other.getByRole('heading', { level: 1 })).toHaveText('Customers');
  });

  await signOut(page);
  await page.waitForURL(`${servers.outbox.url}/staff/sign-in`);

  await withCookies(browser, cookies, async (other) => {
    await other.goto('/staff/customers');
    await expect(other).toHaveURL(`${servers.outbox.url}/staff/sign-in`);
    await expect(other.getByRole('heading', { level: 1 })).toHaveText('Staff console');
    const call = await trpcQuery(other.request, 'staff.customers.search', { query: 'Redwood' });
    expect(call.status).toBe(401);
    expect(call.text).not.toContain('Redwood Outfitters');
  });
});
