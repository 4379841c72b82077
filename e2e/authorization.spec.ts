// Who may see what: a signed-in customer gets nothing from the staff side, neither pages nor data,
// and nobody gets the portal without signing in.
import { contacts, expect, newAdminContext, servers, signInAsCustomer, test, trpcQuery } from './fixtures';

/** Other customers' names and addresses a customer must never receive from staff procedures. */
const otherCustomers = ['Redwood Outfitters', 'ethan@redwood-outfitters.example', 'Thornbury Books', 'Boulangerie Lemoine', 'nimbus-analytics.example'];

test.describe('a signed-in customer', () => {
  let redwoodId = '';

  test.beforeAll(async ({ browser }) => {
    // The admin finds an id to ask for; this also shows the needles above are really in staff data.
    const admin = await newAdminContext(browser);
    const found = await trpcQuery(admin.request, 'staff.customers.search', { query: 'Redwood' });
    await admin.close();
    expect(found.status).toBe(200);
    expect(found.text).toContain('Redwood Outfitters');
    redwoodId = /"id":"([^"]+)","name":"Redwood Outfitters"/.exec(found.text)?.[1] ?? '';
    expect(redwoodId).not.toBe('');
  });

  test('gets 403 on every staff page and 403 with no data from every staff procedure', async ({ page }) => {
    const { email, company } = contacts.maya;
    const { id: ownMessageId } = await signInAsCustomer(page, email);

    // Control: these cookies do carry a customer session.
    const own = await trpcQuery(page.request, 'portal.account');
    expect(own.status).toBe(200);
    expect(own.text).toContain(company);

    for (const path of ['/staff', '/staff/customers', `/staff/customers/${redwoodId}`, '/staff/mailbox', `/staff/mailbox/${ownMessageId}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page, path).toHaveURL(`${servers.outbox.url}${path}`);
      await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('You do not have access to this page');
      // (The page may echo its own URL, so the id asked for is not a needle here.)
      const html = await page.content();
      for (const needle of [...otherCustomers, '/api/auth/callback/email']) expect(html.includes(needle), `${path} leaks ${needle}`).toBe(false);
    }

    const procedures: Array<[string, unknown]> = [
      ['staff.me', null],
      ['staff.overview', null],
      ['staff.customers.search', {}],
      ['staff.customers.search', { query: 'Redwood', limit: 100 }],
      ['staff.customers.get', { id: redwoodId }],
      ['staff.mailbox.list', { limit: 200 }],
      ['staff.mailbox.get', { id: ownMessageId }],
    ];
    for (const [path, input] of procedures) {
      const call = await trpcQuery(page.request, path, input);
      const label = `${path} ${JSON.stringify(input)}`;
      expect(call.status, label).toBe(403);
      expect(call.json?.error?.json?.data?.code, label).toBe('FORBIDDEN');
      expect(call.json?.result, label).toBeUndefined();
      for (const needle of [...otherCustomers, redwoodId, email, '/api/auth/callback/email']) expect(call.text.includes(needle), `${label} leaks ${needle}`).toBe(false);
    }

    // Batched calls are refused one by one too.
    const batchInput = encodeURIComponent(JSON.stringify({ 0: { json: null }, 1: { json: { query: 'Redwood' } }, 2: { json: { limit: 200 } } }));
    const batch = await page.request.get(`/api/trpc/staff.overview,staff.customers.search,staff.mailbox.list?batch=1&input=${batchInput}`);
    expect(batch.status()).toBe(403);
    const batchText = await batch.text();
    expect((JSON.parse(batchText) as Array<{ result?: unknown }>).every((entry) => entry.result === undefined)).toBe(true);
    for (const needle of otherCustomers) expect(batchText.includes(needle), `batch leaks ${needle}`).toBe(false);
  });
});

test('nobody signed in is sent to the sign-in pages and gets 401 from procedures', async ({ page }) => {
  for (const path of ['/', '/?tab=account']) {
    await page.goto(path);
    await expect(page).toHaveURL(`${servers.outbox.url}/sign-in`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to your billing portal');
  }
  for (const path of ['/staff', '/staff/customers', '/staff/mailbox']) {
    await page.goto(path);
    await expect(page, path).toHaveURL(`${servers.outbox.url}/staff/sign-in`);
  }
  for (const path of ['portal.account', 'staff.me', 'staff.overview', 'staff.mailbox.list']) {
    const call = await trpcQuery(page.request, path);
    expect(call.status, path).toBe(401);
    expect(call.json?.result, path).toBeUndefined();
  }
});
